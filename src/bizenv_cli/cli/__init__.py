"""The `bizenv` command line: a thin layer that turns options into calls on the library.

Each command lives in its own module and registers itself on `app`; none of them holds logic
that a test could not reach through the library.
"""

from __future__ import annotations

from bizenv_cli.cli.app import app, main

# Importing the command modules registers their commands on `app`.
from bizenv_cli.cli import validate_cmd  # noqa: E402,F401
from bizenv_cli.cli import (  # noqa: E402,F401
    departments_cmd, due_cmd, gaps_cmd, measures_cmd, plans_cmd, search_cmd, show_cmd)
from bizenv_cli.cli import diff_cmd  # noqa: E402,F401

__all__ = ["app", "main"]
