"""`python -m bizenv_cli` and the `bizenv` console script."""

from __future__ import annotations

import sys


def main() -> None:
    """Run the command line. A Ctrl-C while Python still imports typer and the commands ends in one
    line and the status of an interrupted command (130), as one during a command does (cli/app.py),
    not in a traceback of the import machinery."""
    try:
        from bizenv_cli.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("bizenv: interrupted\n")
        raise SystemExit(130) from None
    run()


if __name__ == "__main__":
    main()
