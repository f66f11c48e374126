"""``python -m finsim`` is the ``finsim`` command."""

if __name__ == "__main__":  # not again in worker processes started by spawn
    from .interrupts import install

    install()  # first: a signal during the imports below ends finsim cleanly too
    from .cli.console import console

    console()
