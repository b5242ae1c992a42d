"""The `bizenv` command line: a thin layer that turns options into calls on the library.

Each command lives in its own module and registers itself on `app`; none of them holds logic
that a test could not reach through the library.
"""

from __future__ import annotations

import signal as _signal
import sys as _sys


def _interrupted_while_starting(signum, frame):
    # Ctrl-C while Python still imports typer and the commands (the console script imports this
    # package before `main` runs): one line and the status of an interrupted command, not a
    # traceback of the import machinery. `main` restores Python's own handler.
    _sys.stderr.write("bizenv: interrupted\n")
    raise SystemExit(130)


if _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler:
    _signal.signal(_signal.SIGINT, _interrupted_while_starting)

from bizenv_cli.cli.app import app, main  # noqa: E402

# Importing the command modules registers their commands on `app`, in this order, which is the
# order `bizenv --help` lists them in: the everyday questions first, the maintainers' tools last.
from bizenv_cli.cli import (  # noqa: E402,F401
    measures_cmd, due_cmd, gaps_cmd, show_cmd, search_cmd, plans_cmd, departments_cmd)
from bizenv_cli.cli import record_cmd, progress_cmd, ledger_cmd  # noqa: E402,F401  the work ledger
from bizenv_cli.cli import validate_cmd  # noqa: E402,F401
from bizenv_cli.cli import export_cmd, report_cmd  # noqa: E402,F401  files people open
from bizenv_cli.cli import diff_cmd  # noqa: E402,F401

__all__ = ["app", "main"]

# Start-up is over: from here a Ctrl-C is Python's KeyboardInterrupt again, which the commands'
# machinery turns into the same one line (cli/app.py: `interrupted`).
if _signal.getsignal(_signal.SIGINT) is _interrupted_while_starting:
    _signal.signal(_signal.SIGINT, _signal.default_int_handler)
