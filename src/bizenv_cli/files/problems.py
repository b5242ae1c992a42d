"""What goes wrong in a data file, said so that a person (or CI) can go straight to the spot."""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """One finding against a data file: where it is and what is wrong. Findings sort by file,
    line, column, field, message, check and severity, in that order.

    `field` is the path of the offending value inside the document
    (``measures[6].deadline.raw``), empty when the problem is with the file as a whole.
    A NamedTuple, as model/records.py's records are: every command defines this class first.
    """

    file: str
    line: int
    column: int
    field: str
    message: str
    check: str = "data"  # which check found it: yaml, schema, semantics, audit
    severity: str = "error"  # or "warning": reported (as ::warning under GitHub Actions), not fatal

    @property
    def severity_mark(self) -> str:
        """What follows the place in plain text: nothing for an error, ` warning:` for a warning
        (a warning reads as one in plain text too)."""
        return "" if self.severity == "error" else f" {self.severity}:"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}{self.severity_mark}"
        return f"{where} {self.field}: {self.message}" if self.field else f"{where} {self.message}"


class DataError(Exception):
    """A data file cannot be read at all; carries the one problem that stopped the reading."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def field_path(path: tuple) -> str:
    """Render a path of keys and indexes as ``measures[6].deadline.raw``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
