"""A milestone's status as of a day, judged by the ledger (docs/ledger.md).

The latest update whose report is as of D or earlier decides; on a tie of days, the report of a
body that leads the measure wins (it answers for the measure), then an update naming the milestone
over one naming the whole measure. With that update:

    done       reported done, and done_on is on or before the milestone's date
    done-late  reported done after the milestone's date
    dropped    reported dropped (已取消)
    otherwise  (not started, in progress, or no report) the dated status of today's queries:
               overdue / due / upcoming, or ongoing for an ongoing measure

`Judgement.reported` is the as_of of the report a status rests on, or None: "overdue, in progress
as of the June report" differs from "overdue, never reported".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bizenv_cli.ledger.format import Ledger, Report, Update

LEDGER_STATUSES = ("done", "done-late", "dropped")


@dataclass(frozen=True)
class Judgement:
    status: str
    update: Update | None = None
    report: Report | None = None

    @property
    def reported(self) -> str | None:
        return self.report.as_of.isoformat() if self.report else None

    def progress(self) -> dict | None:
        """The `progress` object of a due or measures row (docs/ledger.md), or None without a report."""
        return progress_object(self.report, self.update)


def progress_object(report: Report | None, update: Update | None) -> dict | None:
    if report is None or update is None:
        return None
    return {
        "status": update.status,
        "done_on": update.done_on.isoformat() if update.done_on else None,
        "reported_by": report.reported_by,
        "as_of": report.as_of.isoformat(),
        "evidence": update.evidence,
        "milestone": update.milestone,
        "note": update.note,
    }


def latest_update(ledger: Ledger, measure, milestone: int | None, as_of: date) -> tuple[Report, Update] | None:
    """The update that speaks for a milestone (or, with milestone None, for the measure's ongoing
    work) as of a day; None when no report as of that day mentions it."""
    # The leads as printed, not by scope (a collective covering a lead would count as one for
    # `due --dept X --role lead`): no measure of the package is led by an entry a collective
    # covers (tests/query/test_counted_by_scope.py checks it), so both rules agree without a registry.
    leads = set(measure.responsible.ids_by_role()["lead"])
    candidates = [(report, update) for report, update in ledger.updates_of(measure.id)
                  if report.as_of <= as_of
                  and (update.milestone is None or update.milestone == milestone)]
    if not candidates:
        return None
    return max(candidates, key=lambda pair: (pair[0].as_of, pair[0].reported_by in leads,
                                             pair[1].milestone is not None, pair[0].name))


def latest_for_measure(ledger: Ledger, measure, as_of: date) -> tuple[Report, Update] | None:
    """The latest update on any part of a measure (the `progress` of a `measures` row)."""
    leads = set(measure.responsible.ids_by_role()["lead"])
    candidates = [(report, update) for report, update in ledger.updates_of(measure.id) if report.as_of <= as_of]
    if not candidates:
        return None
    return max(candidates, key=lambda pair: (pair[0].as_of, pair[0].reported_by in leads, pair[0].name,
                                             pair[1].milestone or 0))


def judge_milestone(ledger: Ledger, measure, number: int, day: date, as_of: date, dated_status: str) -> Judgement:
    """The status of milestone `number` (1-based, dated `day`) as of `as_of`; `dated_status` is
    what the date alone says (overdue / due / upcoming)."""
    found = latest_update(ledger, measure, number, as_of)
    if found is None:
        return Judgement(dated_status)
    report, update = found
    return Judgement(_status(update, report, day, dated_status), update, report)


def judge_ongoing(ledger: Ledger, measure, as_of: date) -> Judgement:
    """The status of an ongoing measure's row (持续推进): done or dropped when its whole-measure
    update says so, else ongoing."""
    found = latest_update(ledger, measure, None, as_of)
    if found is None:
        return Judgement("ongoing")
    report, update = found
    status = update.status if update.status in ("done", "dropped") else "ongoing"
    return Judgement(status, update, report)


def _status(update: Update, report: Report, day: date, dated_status: str) -> str:
    if update.status == "dropped":
        return "dropped"
    if update.status == "done":
        done_on = update.done_on or report.as_of
        return "done" if done_on <= day else "done-late"
    return dated_status
