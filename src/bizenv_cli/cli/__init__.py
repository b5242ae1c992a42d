"""The `bizenv` command line: a thin layer that turns options into calls on the library.

Each command lives in its own module and registers itself on `app`; none of them holds logic
that a test could not reach through the library.
"""

from __future__ import annotations

from bizenv_cli.cli.app import app, main

# Importing the command modules registers their commands on `app`, in this order, which is the
# order `bizenv --help` lists them in: the everyday questions first, the maintainers' tools last.
from bizenv_cli.cli import (  # noqa: E402,F401
    measures_cmd, due_cmd, gaps_cmd, show_cmd, search_cmd, plans_cmd, departments_cmd)
from bizenv_cli.cli import validate_cmd  # noqa: E402,F401
from bizenv_cli.cli import export_cmd, report_cmd  # noqa: E402,F401  files people open
from bizenv_cli.cli import diff_cmd  # noqa: E402,F401

__all__ = ["app", "main"]
