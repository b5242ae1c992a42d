"""The work ledger (docs/ledger.md, `data/progress/**/*.yaml`) in the files people open: its reports as
flat rows for the `progress` and `actuals` tables of the SQLite export and the workbook's sheets
(`ledger_rows`), and the ledger for the statuses and actuals that the report and the workbook show
as `bizenv due` and `gaps` do (`work_ledger`, `judged_by`).

The ledger module (bizenv_cli.ledger) reads and checks the reports; here they are only flattened:
one row per update, one per actual, each naming the report it came from, and each report file
with its bytes (the database's `files` row it joins). A workbook as of a day shows the reports as
of that day, as the queries judge by them: a report as of a later day is left out of its rows
and counts alike. The shipped ledger is empty: a package without reports gives no rows, and the
files have no progress in them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from bizenv_cli.files.datadir import DataDir
    from bizenv_cli.ledger import Ledger


def work_ledger(data_dir: "DataDir") -> "Ledger | None":
    """The ledger of the data folder, or None when data/progress/ holds no report (then nothing
    of the ledger is imported). A report that cannot be read raises DataError (file:line:col)."""
    if not data_dir.ledger_files():
        return None
    from bizenv_cli.ledger import load_ledger

    return load_ledger(data_dir) or None


def judged_by(ledger) -> dict:
    """The keyword that makes queries.due_rows judge statuses by the ledger (done, done-late,
    dropped), as `bizenv due` does; nothing without reports, so the call is then the plain one."""
    from bizenv_cli.ledger.views import due_judge

    return {"judge": due_judge(ledger)} if ledger else {}


class ReportFile(NamedTuple):
    """A report as a file of the data folder: where it is in it (progress/2022-06/tax.yaml), its
    bytes and the document they hold."""

    path: str
    raw: bytes
    document: dict


class LedgerRows(NamedTuple):
    progress: list[dict]       # one row per update
    actuals: list[dict]        # one row per actual value
    reports: list[ReportFile]  # the reports the rows come from, each once, in file order


def ledger_rows(ledger: "Ledger | None", data_dir: "DataDir", as_of: date | None = None) -> LedgerRows:
    """The rows of every report as of `as_of` (a report as of that day or before, the ones the
    queries judge by: ledger/status.latest_update), or of every report when None, in file order;
    each names its report by its place in the data folder (progress/2022-06/tax.yaml), whichever
    folder the export ran from. A report that cannot be read again raises DataError."""
    from bizenv_cli.files.datadir import read_data_file

    progress: list[dict] = []
    actuals: list[dict] = []
    reports: list[ReportFile] = []
    for report in (ledger.reports if ledger else []):
        if as_of is not None and report.as_of > as_of:
            continue
        path = report.path.resolve().relative_to(data_dir.root.resolve()).as_posix()
        reports.append(ReportFile(path, read_data_file(report.path, report.name), report.loaded.data))
        common = {"report": path, "reported_by": report.reported_by, "as_of": report.as_of.isoformat()}
        for update in report.updates:
            progress.append({**common, "position": update.index + 1, "submitted": _day(report.submitted),
                             "measure": update.measure, "milestone": update.milestone, "status": update.status,
                             "done_on": _day(update.done_on), "evidence": update.evidence, "note": update.note})
        for actual in report.actuals:
            actuals.append({**common, "position": actual.index + 1, "indicator": actual.indicator, "raw": actual.raw,
                            "value": actual.value, "measured_on": _day(actual.measured_on),
                            "evidence": actual.evidence})
    return LedgerRows(progress, actuals, reports)


def _day(value) -> str | None:
    return value.isoformat() if value is not None else None
