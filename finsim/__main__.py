"""``python -m finsim`` is the ``finsim`` command."""

from .cli.console import console

if __name__ == "__main__":  # not again in worker processes started by spawn
    console()
