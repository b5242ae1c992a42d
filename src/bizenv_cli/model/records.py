"""The plan package as Python objects: plans, measures, deadlines, responsibilities, indicators.

Built from the documents the loader read (plain dicts that the schema describes). Nothing here
reads files or prints; the objects keep the raw strings beside the parsed values, as the data does.

The records are NamedTuples, not dataclasses: a dataclass generates its methods with exec when it
is defined, and every command defines these classes before it answers. A plan's lists are built
before the plan, so that it too is whole when it is made.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

ROLES = ("lead", "support", "implement", "responsible")


class Milestone(NamedTuple):
    date: date
    label: str | None


class Deadline(NamedTuple):
    raw: str | None
    line: int | None
    milestones: tuple[Milestone, ...]
    ongoing: bool
    recurrence: str | None

    @property
    def printed(self) -> bool:
        """Whether the measure's block has a 时间节点 line. One without (plan 1's measures, 02.04)
        has no milestone and is not ongoing: `due` has no row of it, at any date."""
        return self.raw is not None

    @classmethod
    def from_document(cls, doc: dict) -> "Deadline":
        return cls(
            raw=doc.get("raw"),
            line=doc.get("line"),
            milestones=tuple(
                Milestone(date.fromisoformat(item["date"]), item.get("label"))
                for item in doc.get("milestones", [])
            ),
            ongoing=bool(doc.get("ongoing")),
            recurrence=doc.get("recurrence"),
        )


class Assignment(NamedTuple):
    name: str  # as printed in this responsibility line
    id: str
    role: str


def roles_summary(assignments) -> dict[str, list[str]]:
    """Ids per role, each id once per role, in printed order: the shape of `bizenv measures` JSON."""
    summary: dict[str, list[str]] = {role: [] for role in ROLES}
    for assignment in assignments:
        if assignment.id not in summary[assignment.role]:
            summary[assignment.role].append(assignment.id)
    return summary


class Responsibility(NamedTuple):
    raw: str | None
    line: int | None
    bodies: tuple[Assignment, ...]

    @classmethod
    def from_document(cls, doc: dict | None) -> "Responsibility | None":
        if doc is None:
            return None
        return cls(
            raw=doc.get("raw"),
            line=doc.get("line"),
            bodies=tuple(Assignment(b["name"], b["id"], b["role"]) for b in doc.get("bodies", [])),
        )

    def ids_by_role(self) -> dict[str, list[str]]:
        return roles_summary(self.bodies)

    def department_ids(self) -> list[str]:
        return list(dict.fromkeys(body.id for body in self.bodies))


class Measure(NamedTuple):
    id: str
    plan: int
    seq: int
    section: str
    line: int
    label: str | None
    title: str | None
    title_en: str | None
    text: str
    deadline: Deadline
    responsible: Responsibility
    note: str | None = None


class Value(NamedTuple):
    raw: str | None
    value: float | None


class Target(NamedTuple):
    by: str  # YYYY-MM
    raw: str | None
    value: float | None  # a level in the indicator's unit; with `change`, the signed change
    # A target printed as a change of the level (同比压缩0.5次: value -0.5, change_unit 次), not as
    # the level itself: from what (year-on-year, from-baseline, unstated; model/changes.py), or None.
    change: str | None = None
    change_unit: str | None = None  # % (of the level), 百分点, or the indicator's unit

    @property
    def is_change(self) -> bool:
        return self.change is not None


class Frontier(NamedTuple):
    raw: str | None
    value: float | None
    where: str | None


class Indicator(NamedTuple):
    id: str
    plan: int
    seq: int
    origin: str
    line: int
    name: str
    name_en: str | None
    unit: str | None
    direction: str | None
    direction_why: str | None
    baseline: Value
    targets: tuple[Target, ...]
    frontier: Frontier
    responsible: Responsibility | None
    lead: Responsibility | None
    completion_raw: str | None
    completion_by: str | None
    note: str | None

    @property
    def year_end_target(self) -> Target | None:
        """The last target, by month: the one the year is judged on."""
        return max(self.targets, key=lambda target: target.by) if self.targets else None

    def department_ids(self) -> list[str]:
        ids: list[str] = []
        for responsibility in (self.lead, self.responsible):
            if responsibility:
                ids.extend(responsibility.department_ids())
        return list(dict.fromkeys(ids))


class Plan(NamedTuple):
    number: int
    id: str
    slug: str
    title: str
    title_en: str
    indicator_area: str | None
    source_file: str
    first_line: int
    last_line: int
    measures: list[Measure]
    indicators: list[Indicator]
    document: dict  # everything else, as read

    @classmethod
    def from_document(cls, doc: dict) -> "Plan":
        number = doc["document"]
        return cls(
            number=number,
            id=doc["id"],
            slug=doc["slug"],
            title=doc["title"],
            title_en=doc.get("title_en", ""),
            indicator_area=doc.get("indicator_area"),
            source_file=doc["source"]["file"],
            first_line=doc["source"]["first_line"],
            last_line=doc["source"]["last_line"],
            measures=[measure_from_document(number, item) for item in doc.get("measures", [])],
            indicators=[indicator_from_document(number, item) for item in doc.get("indicators", [])],
            document=doc,
        )

    def lead_counts(self) -> dict[str, int]:
        """How many of this plan's measures each body leads (牵头), most first; bodies leading
        equally many in the order the plan first names them as a lead."""
        counts: dict[str, int] = {}
        for measure in self.measures:
            for body_id in measure.responsible.ids_by_role()["lead"]:
                counts[body_id] = counts.get(body_id, 0) + 1
        return {body_id: counts[body_id] for body_id in sorted(counts, key=lambda body_id: -counts[body_id])}

    def lead_ids(self) -> list[str]:
        """Bodies that lead any measure of this plan, most measures first."""
        return list(self.lead_counts())


def measure_from_document(plan: int, doc: dict) -> Measure:
    return Measure(
        id=doc["id"],
        plan=plan,
        seq=doc["seq"],
        section=doc["section"],
        line=doc["line"],
        label=doc.get("label"),
        title=doc.get("title"),
        title_en=doc.get("title_en"),
        text=doc["text"],
        deadline=Deadline.from_document(doc["deadline"]),
        responsible=Responsibility.from_document(doc["responsible"]),
        note=doc.get("note"),
    )


def _value(doc: dict | None) -> Value:
    doc = doc or {}
    return Value(doc.get("raw"), doc.get("value"))


def indicator_from_document(plan: int, doc: dict) -> Indicator:
    frontier = doc.get("frontier") or {}
    completion = doc.get("completion") or {}
    return Indicator(
        id=doc["id"],
        plan=plan,
        seq=doc["seq"],
        origin=doc["origin"],
        line=doc["line"],
        name=doc["name"],
        name_en=doc.get("name_en"),
        unit=doc.get("unit"),
        direction=doc.get("direction"),
        direction_why=doc.get("direction_why"),
        baseline=_value(doc.get("baseline")),
        targets=tuple(Target(t["by"], t.get("raw"), t.get("value"), t.get("change"), t.get("change_unit"))
                      for t in doc.get("targets", [])),
        frontier=Frontier(frontier.get("raw"), frontier.get("value"), frontier.get("where")),
        responsible=Responsibility.from_document(doc.get("responsible")),
        lead=Responsibility.from_document(doc.get("lead")),
        completion_raw=completion.get("raw"),
        completion_by=completion.get("by"),
        note=doc.get("note"),
    )
