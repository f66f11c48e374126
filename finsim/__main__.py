"""``python -m finsim`` is the ``finsim`` command."""

from .cli import main

main()
