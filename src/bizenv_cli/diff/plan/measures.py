"""Comparing a measure: its texts, its deadline (时间节点) and its responsibility.

A deadline is read as a reviewer reads it: a milestone that moved says by how many days, earlier or
later; milestones are paired by date and label first, so an inserted milestone is one finding, not
a change to every one after it. Ongoing (持续推进) and recurrence (每季度一次) are findings of their own.
"""

from __future__ import annotations

from datetime import date

from bizenv_cli.diff.plan.findings import Findings
from bizenv_cli.diff.plan.responsibilities import diff_responsibility
from bizenv_cli.diff.plan.text import same_meaning
from bizenv_cli.model.wording import Phrase

# What diff_measure compares itself; anything else of a measure goes to the generic walk.
_MEASURE_KEYS = frozenset({"id", "label", "title", "text", "deadline", "responsible"})


def diff_measure(found: Findings, measure_id: str, old: dict, new: dict) -> None:
    for key in ("label", "title", "text"):
        found.text(measure_id, (key,), old.get(key), new.get(key))
    _diff_deadline(found, measure_id, old.get("deadline") or {}, new.get("deadline") or {})
    diff_responsibility(found, measure_id, "responsible", old.get("responsible"), new.get("responsible"))
    found.walk(measure_id, (), old, new, skip=_MEASURE_KEYS)


def _diff_deadline(found: Findings, measure_id: str, old: dict, new: dict) -> None:
    found.text(measure_id, ("deadline", "raw"), old.get("raw"), new.get("raw"), kind="deadline-changed")
    _diff_milestones(found, measure_id, old.get("milestones") or [], new.get("milestones") or [])
    if bool(old.get("ongoing")) != bool(new.get("ongoing")):
        found.add("ongoing-changed", measure_id, ("deadline", "ongoing"), bool(old.get("ongoing")),
                  bool(new.get("ongoing")), Phrase("now ongoing") if new.get("ongoing") else Phrase("no longer ongoing"))
    if old.get("recurrence") != new.get("recurrence"):
        found.add("recurrence-changed", measure_id, ("deadline", "recurrence"), old.get("recurrence"),
                  new.get("recurrence"))
    found.walk(measure_id, ("deadline",), old, new, skip=frozenset({"raw", "milestones", "ongoing", "recurrence"}))


def _diff_milestones(found: Findings, measure_id: str, old: list, new: list) -> None:
    """Pair the milestones of two deadlines: unchanged ones, then by label, then in order when as many remain."""
    before = list(enumerate(old))
    after = list(enumerate(new))
    pairs: list[tuple[tuple[int, dict], tuple[int, dict]]] = []
    for match in (_same_milestone, _same_label):
        for entry in list(before):
            partner = next((other for other in after if match(entry[1], other[1])), None)
            if partner is not None:
                pairs.append((entry, partner))
                before.remove(entry)
                after.remove(partner)
    if len(before) == len(after):
        pairs.extend(zip(before, after))
        before, after = [], []
    for (_, was), (index, now) in sorted(pairs, key=lambda pair: pair[1][0]):
        path = ("deadline", "milestones", index)
        if was.get("date") != now.get("date"):
            found.add("milestone-moved", measure_id, path + ("date",), was.get("date"), now.get("date"),
                      days_moved(was.get("date"), now.get("date")))
        found.text(measure_id, path + ("label",), was.get("label"), now.get("label"))
    for index, was in before:
        found.add("milestone-removed", measure_id, ("deadline", "milestones", index), _milestone_text(was), None)
    for index, now in after:
        found.add("milestone-added", measure_id, ("deadline", "milestones", index), None, _milestone_text(now))


def _same_milestone(old: dict, new: dict) -> bool:
    return old.get("date") == new.get("date") and same_meaning(old.get("label"), new.get("label"))


def _same_label(old: dict, new: dict) -> bool:
    return old.get("label") is not None and same_meaning(old.get("label"), new.get("label"))


def _milestone_text(milestone: dict) -> str:
    label = milestone.get("label")
    return f"{milestone.get('date')} {label}" if label else str(milestone.get("date"))


def days_moved(old: str | None, new: str | None) -> str | None:
    """How far a day (YYYY-MM-DD) moved, in days, earlier or later: a milestone's, and an
    indicator's completion month's last day (indicators.py)."""
    try:
        days = (date.fromisoformat(new) - date.fromisoformat(old)).days
    except (TypeError, ValueError):
        return None
    # Phrases, which a diff in Chinese says in Chinese (outputs/words.py).
    if abs(days) == 1:
        return Phrase("{days} day later", days=1) if days > 0 else Phrase("{days} day earlier", days=1)
    return Phrase("{days} days later", days=abs(days)) if days > 0 else Phrase("{days} days earlier", days=abs(days))
