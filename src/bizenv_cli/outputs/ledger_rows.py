"""The work ledger (docs/ledger.md, `data/progress/**/*.yaml`) in the files people open: its reports as
flat rows for the `progress` and `actuals` tables of the SQLite export and the workbook's sheets
(`ledger_rows`), and the ledger for the statuses and actuals that the report and the workbook show
as `bizenv due` and `gaps` do (`work_ledger`, `judged_by`).

The ledger module (bizenv_cli.ledger) reads and checks the reports; here they are only flattened:
one row per update, one per actual, each naming the report it came from. The shipped ledger is
empty: a package without reports gives no rows, and the files have no progress in them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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


def ledger_rows(ledger: "Ledger | None", data_dir: "DataDir") -> tuple[list[dict], list[dict]]:
    """(progress rows, actuals rows) of every report, in file order; each names its report by its
    place in the data folder (progress/2022-06/tax.yaml), whichever folder the export ran from."""
    progress: list[dict] = []
    actuals: list[dict] = []
    for report in (ledger.reports if ledger else []):
        common = {"report": report.path.resolve().relative_to(data_dir.root.resolve()).as_posix(),
                  "reported_by": report.reported_by, "as_of": report.as_of.isoformat()}
        for update in report.updates:
            progress.append({**common, "position": update.index + 1, "submitted": _day(report.submitted),
                             "measure": update.measure, "milestone": update.milestone, "status": update.status,
                             "done_on": _day(update.done_on), "evidence": update.evidence, "note": update.note})
        for actual in report.actuals:
            actuals.append({**common, "position": actual.index + 1, "indicator": actual.indicator, "raw": actual.raw,
                            "value": actual.value, "measured_on": _day(actual.measured_on),
                            "evidence": actual.evidence})
    return progress, actuals


def _day(value) -> str | None:
    return value.isoformat() if value is not None else None
