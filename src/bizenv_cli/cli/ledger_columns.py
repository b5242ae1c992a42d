"""The work ledger's columns in the listings that read it (`due`, `measures`, `gaps`).

The rows gain the ledger's keys only when the ledger holds a report (ledger/views.py): these
columns follow them, so that a table, a CSV or the Excel file an office sends on shows what the
departments reported (a CSV's headers are the JSON keys, nested ones as their path), and with the
shipped, empty ledger every listing stays byte for byte what it was.
"""

from __future__ import annotations

from bizenv_cli.model.wording import Phrase
from bizenv_cli.outputs.render import Column, Composed, one_decimal


def _part(key: str, name: str):
    return lambda row: (row[key] or {}).get(name)


def _progress_cell(name_of, part_shown: bool):
    def cell(row: dict) -> Composed | None:
        # "overdue, in progress as of the June report" reads apart from "overdue, never reported".
        progress = row["progress"]
        if not progress:
            return None
        # The status a Phrase, said in the listing's language (outputs/words.py).
        status = (Phrase("{status} {done_on}", status=progress["status"], done_on=progress["done_on"])
                  if progress.get("done_on") else Phrase("{status}", status=progress["status"]))
        # On a whole measure's row, "done" of its first milestone alone must not read as the measure's.
        part = f" (#{progress['milestone']})" if part_shown and progress.get("milestone") else ""
        return Composed([status, f"{part}\n{name_of(progress['reported_by'])} {progress['as_of']}"])
    return cell


def _actual_cell(name_of):
    def cell(row: dict) -> str | None:
        actual = row["actual"]
        if not actual:
            return None
        return f"{actual['raw']}\n{name_of(actual['reported_by'])} {actual['measured_on']}"
    return cell


def _percent(row: dict) -> str | None:
    return one_decimal(row["progress_pct"])


def progress_columns(name_of, with_reported: bool = False) -> list[Column]:
    """A milestone's `progress` and the `reported` it rests on (`due`: `with_reported`), or a
    measure's, the latest update on any part of it, whose milestone the table then names;
    `name_of` gives a body's name from its id, for the table."""
    return [
        Column("progress", _progress_cell(name_of, part_shown=not with_reported), only="table"),
        *(Column(f"progress.{name}", _part("progress", name), only="flat")
          for name in ("status", "milestone", "done_on", "reported_by", "as_of", "evidence", "note")),
        *([Column.of("reported", only="flat")] if with_reported else []),
    ]


def actual_columns(name_of) -> list[Column]:
    """An indicator's reported `actual` and its `progress_pct`."""
    return [
        Column("actual", _actual_cell(name_of), only="table"),
        *(Column(f"actual.{name}", _part("actual", name), only="flat")
          for name in ("raw", "value", "measured_on", "reported_by", "as_of", "evidence")),
        Column("progress %", _percent, no_wrap=True, justify="right", only="table"),
        Column.of("progress_pct", only="flat"),
    ]


def with_ledger_columns(columns: list[Column], rows: list[dict], key: str, extra: list[Column]) -> list[Column]:
    """`columns` and then `extra` when the rows carry the ledger's `key` (the ledger has reports)."""
    return columns + extra if any(key in row for row in rows) else columns
