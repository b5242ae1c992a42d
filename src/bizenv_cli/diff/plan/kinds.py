"""The record of one finding and the names of its kinds.

A Finding is what every comparison in this package returns, and what the diff command renders;
diff/ledger.py builds Findings too, so the ledger's changes list beside the plans'.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

# One place names every kind of finding (docs/review.md's table and the tests read it).
KINDS: dict[str, str] = {
    "plan-added": "a plan document only the new version has",
    "plan-removed": "a plan document only the old version has",
    "measure-added": "a measure id only the new version has",
    "measure-removed": "a measure id only the old version has",
    "measure-moved": "a measure now stands elsewhere in its plan (old and new are its positions); "
                     "the order of measures is the source's order, so a reviewer must see it",
    "text-changed": "a verbatim text (label, title, text, a name, a paragraph, a cell) changed; detail shows it inline",
    "deadline-changed": "the raw 时间节点 string changed; detail shows it inline",
    "milestone-moved": "a dated milestone moved, or an indicator's completion month (完成时限, field completion.by, "
                       "due at the month's end); detail says by how many days, earlier or later",
    "milestone-added": "a milestone only the new deadline has (or a completion month only the new indicator has)",
    "milestone-removed": "a milestone only the old deadline has (or a completion month only the old indicator has)",
    "ongoing-changed": "the deadline became ongoing (持续推进) or stopped being so",
    "recurrence-changed": "the deadline's recurrence (每季度一次 = quarterly) changed",
    "responsible-changed": "the raw 责任单位 string changed; detail shows it inline",
    "body-added": "a body now named in a responsibility (field responsible[id]; new is its role)",
    "body-dropped": "a body no longer named in a responsibility (field responsible[id]; old was its role)",
    "role-changed": "a body's role changed (lead, support, implement, responsible; several joined by +)",
    "indicator-added": "an indicator id only the new version has",
    "indicator-removed": "an indicator id only the old version has",
    "indicator-moved": "an indicator now stands elsewhere in its plan (old and new are its positions)",
    "value-changed": "a baseline, target or frontier number changed; detail says whether the target "
                     "tightens or loosens (or the value is better or worse) given the indicator's direction",
    "raw-changed": "a baseline, target or frontier as printed changed; detail shows it inline",
    "target-added": "a target month only the new version has",
    "target-removed": "a target month only the old version has",
    "section-added": "a section id only the new version has",
    "section-removed": "a section id only the old version has",
    "section-moved": "a section now stands elsewhere in its plan (old and new are its positions)",
    "table-added": "a table id only the new version has",
    "table-removed": "a table id only the old version has",
    "table-moved": "a table now stands elsewhere in its plan (old and new are its positions)",
    "department-added": "a body only the new registry (data/departments.yaml) has",
    "department-removed": "a body only the old registry has",
    "alias-added": "a spelling of a body's name only the new registry lists (field aliases)",
    "alias-removed": "a spelling of a body's name only the old registry lists (field aliases)",
    "item-added": "an entry of a list (a paragraph, a row, a cell) only the new version has",
    "item-removed": "an entry of a list only the old version has",
    "changed": "any other value that carries meaning (unit, direction, section, a table's kind ...)",
}

# Kinds whose detail shows the changed characters inline.
INLINE_KINDS = frozenset({"text-changed", "deadline-changed", "responsible-changed", "raw-changed"})


@dataclass(frozen=True)
class Finding:
    """One change in meaning, keyed by the id of what changed (a plan, measure, indicator, section, table)."""

    kind: str
    plan: int | None
    id: str
    field: str
    old: Any = None
    new: Any = None
    detail: str | None = None

    def as_row(self) -> dict:
        return asdict(self)
