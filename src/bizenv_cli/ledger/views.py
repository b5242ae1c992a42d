"""What the query commands' rows gain from the ledger (docs/ledger.md), computed here so that the
queries ask the ledger for a status instead of learning its file format.

With an empty ledger every function returns the rows untouched: the output of `due`, `measures`,
`show` and `gaps` is then byte for byte what it is without a ledger. With any report, every row
gains its keys (null where nothing was reported), so that scripts see one shape:

    due rows       progress {status, done_on, reported_by, as_of, evidence, milestone, note} | null,
                   reported (the as_of the status rests on) | null; `status` may be done,
                   done-late or dropped
    measures rows  progress: the latest update on any part of the measure | null
    gaps rows      actual {raw, value, measured_on, reported_by, as_of, evidence} | null,
                   progress_pct = (actual − baseline) / (year-end target − baseline) × 100 | null,
                   the target being the level it sets (gap rows' `level`); null for an actual
                   written in another unit than the indicator's (ledger.units)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import partial

from bizenv_cli.ledger.format import Ledger
from bizenv_cli.ledger.status import judge_milestone, judge_ongoing, latest_for_measure, progress_object
from bizenv_cli.ledger.units import foreign_unit, row_unit

_DECIMALS = 6


def judged_due_rows(selected, window, as_of: date, statuses: Iterable[str] | None, include_ongoing: bool,
                    ledger: Ledger) -> list[dict]:
    """`queries.due_rows` with each milestone's status judged by the ledger, then filtered."""
    from bizenv_cli.query.queries import due_rows

    selected = list(selected)
    wanted = set(statuses) if statuses else None
    if wanted is not None and wanted & {"ongoing", "done", "dropped"}:
        include_ongoing = True  # an ongoing measure's row is done or dropped when reported so
    rows = due_rows(selected, window, as_of, None, include_ongoing)
    measures = {measure.id: measure for _, measure in selected}
    kept = []
    for row in rows:
        measure = measures[row["measure"]]
        if row["date"] is None:
            judgement = judge_ongoing(ledger, measure, as_of)
        else:
            judgement = judge_milestone(ledger, measure, row["milestone"], date.fromisoformat(row["date"]), as_of,
                                        row["status"])
        row["status"] = judgement.status
        row["progress"] = judgement.progress()
        row["reported"] = judgement.reported
        if wanted is None or row["status"] in wanted:
            kept.append(row)
    return kept


def due_judge(ledger: Ledger | None):
    """What `queries.due_rows` takes as `judge` to judge its rows by `ledger`; None for an empty
    ledger, which changes nothing."""
    if not ledger:
        return None
    return partial(judged_due_rows, ledger=ledger)


def with_measure_progress(rows: list[dict], measures: dict, ledger: Ledger | None, as_of: date) -> list[dict]:
    """`measures` rows (keyed by id in `measures`) with their `progress`."""
    if not ledger:
        return rows
    for row in rows:
        found = latest_for_measure(ledger, measures[row["id"]], as_of)
        row["progress"] = progress_object(*found) if found else None
    return rows


def latest_actual(ledger: Ledger, indicator_id: str, as_of: date) -> dict | None:
    """The latest value reported for an indicator as of a day: by the day it was measured, then
    by the report's day."""
    candidates = [(actual.measured_on or report.as_of, report.as_of, report.name, report, actual)
                  for report, actual in ledger.actuals_of(indicator_id) if report.as_of <= as_of]
    if not candidates:
        return None
    measured_on, _, _, report, actual = max(candidates, key=lambda item: item[:3])
    return {"raw": actual.raw, "value": actual.value, "measured_on": measured_on.isoformat(),
            "reported_by": report.reported_by, "as_of": report.as_of.isoformat(), "evidence": actual.evidence}


def with_actuals(rows: list[dict], ledger: Ledger | None, as_of: date) -> list[dict]:
    """`gaps` rows with `actual` and `progress_pct`."""
    if not ledger:
        return rows
    for row in rows:
        actual = latest_actual(ledger, row["id"], as_of)
        row["actual"] = actual
        row["progress_pct"] = progress_pct(row, actual)
    return rows


def progress_pct(row: dict, actual: dict | None) -> float | None:
    """How far the actual value has moved from the baseline toward the year-end target, in %."""
    baseline = _number((row.get("baseline") or {}).get("value"))
    year_end = row.get("year_end_target") or {}
    # The level the target sets (gap_row's `level`): a change such as 同比压缩0.5次 is never a level.
    target = _number(year_end.get("level"))
    value = _number(actual["value"]) if actual else None
    if value is not None and foreign_unit(actual["raw"], row_unit(row), value) is not None:
        # In another unit than the baseline's and the target's (66.5天 of an indicator in 小时, in a
        # report validate refuses): no progress of theirs, and bizenv converts no unit.
        return None
    if baseline is None or target is None or value is None or target == baseline:
        return None
    # + 0.0: an actual at the baseline is 0.0%, not the -0.0 that a target below the baseline gives.
    return round((value - baseline) / (target - baseline) * 100, _DECIMALS) + 0.0


def _number(value) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def history(ledger: Ledger | None, item_id: str) -> list[dict]:
    """Every report on a measure or indicator, oldest first: what `bizenv show` lists."""
    if not ledger:
        return []
    entries = []
    for report, update in ledger.updates_of(item_id):
        entries.append({"as_of": report.as_of.isoformat(), "reported_by": report.reported_by, "item": update.item,
                        "status": update.status,
                        "done_on": update.done_on.isoformat() if update.done_on else None,
                        "evidence": update.evidence, "note": update.note, "file": report.name})
    for report, actual in ledger.actuals_of(item_id):
        entries.append({"as_of": report.as_of.isoformat(), "reported_by": report.reported_by,
                        "item": actual.indicator, "raw": actual.raw, "value": actual.value,
                        "measured_on": (actual.measured_on or report.as_of).isoformat(),
                        "evidence": actual.evidence, "file": report.name})
    return sorted(entries, key=lambda entry: (entry["as_of"], entry["file"], entry["item"]))


# The keys add_history adds to a record (a reader of the record tells them from its own by these).
HISTORY_KEYS = ("history", "actual", "progress_pct")


def add_history(record: dict, ledger: Ledger, item_id: str, as_of: date) -> None:
    """`bizenv show` of a measure or indicator: its ledger history as of `as_of` (JSON `history`),
    and for an indicator its latest `actual` and `progress_pct`, added to the record."""
    record["history"] = [entry for entry in history(ledger, item_id) if entry["as_of"] <= as_of.isoformat()]
    if "targets" in record:  # an indicator
        with_actuals([record], ledger, as_of)


def milestone_status_function(ledger: Ledger | None):
    """The `status_of(measure, index, milestone, as_of)` that `queries.department_rows` takes:
    each milestone judged by the ledger; None (the date alone) when the ledger is empty."""
    if not ledger:
        return None
    from bizenv_cli.query.queries import milestone_status

    def status_of(measure, index: int, milestone, as_of: date) -> str:
        dated = milestone_status(milestone.date, as_of)
        return judge_milestone(ledger, measure, index, milestone.date, as_of, dated).status
    return status_of
