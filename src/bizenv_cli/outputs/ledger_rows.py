"""The work ledger (DESIGN §10, `data/progress/**/*.yaml`) in the files people open: its reports as
flat rows for the `progress` and `actuals` tables of the SQLite export and the workbook's sheets
(`ledger_rows`), and the ledger itself for the statuses and actuals the report and the workbook
show as `bizenv due` and `gaps` do (`work_ledger`, `judged_by`).

The ledger (its schema, its checks, `bizenv record`) is the ledger module's job; here the reports
are only read, with the same strict loader as every data file, and flattened: one row per update,
one per actual, each naming the report it came from. The shipped ledger is empty, so a package
without reports gives no rows and the files have no progress in them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bizenv_cli.datadir import DataDir


def work_ledger(data_dir: "DataDir"):
    """The work ledger of the data folder as the ledger module reads it (bizenv_cli.ledger, issue 9),
    for the statuses (done, done-late, dropped) and actuals that `bizenv due` and `gaps` show; None
    when data/progress/ holds no report, or when this bizenv has no ledger module."""
    if not report_files(data_dir):
        return None
    try:
        from bizenv_cli.ledger import load_ledger
    except ImportError:  # a bizenv without the ledger: the reports still reach the export's tables
        return None
    return load_ledger(data_dir) or None


def judged_by(ledger) -> dict:
    """The keyword that makes queries.due_rows judge statuses by the ledger (done, done-late,
    dropped), as `bizenv due` does; nothing without reports, so the call is then the plain one."""
    return {"ledger": ledger} if ledger else {}


def report_files(data_dir: "DataDir") -> list:
    folder = data_dir.root / "progress"
    return sorted(folder.rglob("*.yaml")) if folder.is_dir() else []


def ledger_rows(data_dir: "DataDir") -> tuple[list[dict], list[dict]]:
    """(progress rows, actuals rows) of every report under data/progress/, in file order.

    A report that cannot be read raises the loader's DataError (file:line:col), as a plan would.
    """
    files = report_files(data_dir)
    if not files:
        return [], []
    from bizenv_cli.yamlload import load_yaml_file

    progress: list[dict] = []
    actuals: list[dict] = []
    for path in files:
        name = path.relative_to(data_dir.root).as_posix()
        report = load_yaml_file(path, data_dir.display(path)).data or {}
        common = {"report": name, "reported_by": report.get("reported_by"), "as_of": str(report.get("as_of"))}
        for position, update in enumerate(report.get("updates") or [], start=1):
            progress.append({**common, "position": position,
                             "submitted": _text(report.get("submitted")),
                             "measure": update.get("measure"), "milestone": update.get("milestone"),
                             "status": update.get("status"), "done_on": _text(update.get("done_on")),
                             "evidence": update.get("evidence"), "note": update.get("note")})
        for position, actual in enumerate(report.get("actuals") or [], start=1):
            actuals.append({**common, "position": position, "indicator": actual.get("indicator"),
                            "raw": _text(actual.get("raw")), "value": actual.get("value"),
                            "measured_on": _text(actual.get("measured_on")), "evidence": actual.get("evidence")})
    return progress, actuals


def _text(value) -> str | None:
    return None if value is None else str(value)
