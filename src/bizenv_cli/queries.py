"""The analyst's questions as pure functions: a loaded package in, rows out.

Rows are the JSON contract of DESIGN §6 (more keys are welcome, none may go): the CLI prints
them as they are with `--format json` and picks columns from them for the other formats.
Nothing here reads files, looks at the clock or prints; `as_of` is always passed in.

Milestone status, relative to `as_of` (the date "days left" is counted from):

    overdue    the milestone date is before as_of (days_left < 0)
    due        it falls within DUE_SOON_DAYS days from as_of, both ends included
               (0 <= days_left <= 30: the next month's work)
    upcoming   it is later than that (days_left > 30)
    ongoing    a row for an ongoing measure (持续推进): no date, days_left null; listed only when asked

Extra keys beyond DESIGN §6 —
    measures: `section`, `section_heading`, `title_en`, `note`, `deadline.line`,
        `responsible.line`, `responsible.bodies`;
    due rows: `milestone` (its 1-based place in the deadline; null when ongoing), `measure_label`
        (the measure's own label: `label` is the milestone's, e.g.
        2022年3月市级完成对接), `deadline` (the raw 时间节点), `recurrence`, `roles` (ids by
        role), `lead`, `support`, `implement`, `responsible` (the bodies' names as printed in
        the 责任单位 line, by role), `responsible_raw` (that line), `text`;
    departments: `parent`, `note`, `measures`, `indicators` (how many name the body), and with
        an as-of day `status` {`overdue`, `due`, `upcoming`, `total`}: the body's milestones
        (any role) by status;
    gaps: `name_en`, `origin`, `line`, `year_end_target`, `target` (the target compared
        against: the year-end one, or the last due by `gaps --by`), `completion`,
        `departments` (see INDICATOR_OWNERS below) and `departments_from`;
    plans: `number`, `id`, `slug`, `title`, `title_en`, `indicator_area`, `measures`,
        `indicators`, `milestones`, `lead`, `leads`, `first_line`, `last_line`;
    search hits: `plan`, `id`, `line`, `field`, `text`, `matches`, `snippet`, `snippet_matches`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple
from unicodedata import normalize

from bizenv_cli.model import ROLES, Indicator, Measure, Plan
from bizenv_cli.owners import INDICATOR_OWNERS, Owners, indicator_owners  # noqa: F401 - part of this API
from bizenv_cli.periods import Window
from bizenv_cli.textfold import fold

DUE_SOON_DAYS = 30
STATUSES = ("overdue", "due", "upcoming", "ongoing")


# --- measures -----------------------------------------------------------------------------------

class MeasureFilter(NamedTuple):
    """Which measures to list; every criterion given must hold."""

    plan: int | None = None
    # A registry id (a group is a department too), or the ids of Registry.scope(id): a group and
    # the entries it covers, so --dept county-governments also finds 各县（市）人民政府.
    department: str | frozenset[str] | None = None
    role: str | None = None        # with `department`: its role; alone: measures naming any body so
    section: str | None = None     # text in the heading (or id) of the measure's section or an enclosing one
    text: str | None = None        # text in the label, title, text, deadline or responsibility
    plans: tuple[int, ...] = ()        # any of these plans (with `plan`, any of them all)
    departments: tuple[str | frozenset[str], ...] = ()  # any of these bodies or scopes (with `department`, all)

    def admits(self, measure: Measure, plan: Plan) -> bool:
        wanted_plans = self.plans + ((self.plan,) if self.plan is not None else ())
        if wanted_plans and measure.plan not in wanted_plans:
            return False
        bodies = self.departments + ((self.department,) if self.department is not None else ())
        if bodies or self.role is not None:
            if not any(_names_body(measure, body, self.role) for body in (bodies or (None,))):
                return False
        if self.section is not None:
            needle = fold(self.section)
            trail = section_trail(plan, measure.section)
            if not any(needle in fold(section.get("heading") or "") or needle in fold(section["id"])
                       for section in trail):
                return False
        if self.text is not None:
            if fold(self.text) not in fold(" ".join(_measure_texts(measure))):
                return False
        return True


def _names_body(measure: Measure, department: str | frozenset[str] | None, role: str | None) -> bool:
    wanted = None if department is None else _department_ids(department)
    return any((wanted is None or body.id in wanted) and (role is None or body.role == role)
               for body in measure.responsible.bodies)


def _department_ids(department: str | frozenset[str]) -> frozenset[str]:
    return frozenset((department,)) if isinstance(department, str) else frozenset(department)


def _measure_texts(measure: Measure) -> list[str]:
    texts = [measure.label, measure.title, measure.text, measure.deadline.raw, measure.responsible.raw]
    return [text for text in texts if text]


def select_measures(plans: Iterable[Plan], measure_filter: MeasureFilter) -> list[tuple[Plan, Measure]]:
    """The measures that pass the filter, in package order (plan, then source order)."""
    return [(plan, measure) for plan in plans for measure in plan.measures if measure_filter.admits(measure, plan)]


def section_trail(plan: Plan, section_id: str) -> list[dict]:
    """The section and every section enclosing it, innermost first."""
    sections = {section["id"]: section for section in plan.document.get("sections", [])}
    trail: list[dict] = []
    current = sections.get(section_id)
    while current is not None and current not in trail:
        trail.append(current)
        current = sections.get(current.get("parent"))
    return trail


def measure_row(measure: Measure, plan: Plan | None = None) -> dict:
    deadline, responsible = measure.deadline, measure.responsible
    trail = section_trail(plan, measure.section) if plan else []
    return {
        "id": measure.id,
        "plan": measure.plan,
        "seq": measure.seq,
        "label": measure.label,
        "title": measure.title,
        "text": measure.text,
        "line": measure.line,
        "deadline": {
            "raw": deadline.raw,
            "milestones": [{"date": m.date.isoformat(), "label": m.label} for m in deadline.milestones],
            "ongoing": deadline.ongoing,
            "recurrence": deadline.recurrence,
            "line": deadline.line,
        },
        "responsible": {
            "raw": responsible.raw,
            **responsible.ids_by_role(),
            "line": responsible.line,
            "bodies": [{"name": b.name, "id": b.id, "role": b.role} for b in responsible.bodies],
        },
        "section": measure.section,
        "section_heading": trail[0].get("heading") if trail else None,
        "title_en": measure.title_en,
        "note": measure.note,
    }


# --- due milestones -----------------------------------------------------------------------------

def milestone_status(day: date, as_of: date) -> str:
    days_left = (day - as_of).days
    if days_left < 0:
        return "overdue"
    return "due" if days_left <= DUE_SOON_DAYS else "upcoming"


def due_rows(selected: Iterable[tuple[Plan, Measure]], window: Window, as_of: date,
             statuses: Iterable[str] | None = None, include_ongoing: bool = False, ledger=None) -> list[dict]:
    """One row per milestone in the window (a staged or quarterly deadline gives one per stage),
    in date order, then package order; then, when asked, one row per ongoing measure.

    `statuses` keeps only rows of those statuses; asking for `ongoing` implies include_ongoing.
    A non-empty work ledger (bizenv_cli.ledger) judges each status (done, done-late, dropped...)
    and adds `progress` and `reported` to the rows; an empty one changes nothing.
    """
    if ledger:
        from bizenv_cli.ledger.views import judged_due_rows

        return judged_due_rows(selected, window, as_of, statuses, include_ongoing, ledger)
    wanted = set(statuses) if statuses else None
    if wanted is not None and "ongoing" in wanted:
        include_ongoing = True
    dated: list[tuple[date, int, dict]] = []
    ongoing: list[dict] = []
    for order, (plan, measure) in enumerate(selected):
        for number, milestone in enumerate(measure.deadline.milestones, 1):
            if not window.admits(milestone.date):
                continue
            status = milestone_status(milestone.date, as_of)
            if wanted is None or status in wanted:
                row = _due_row(measure, milestone.date, milestone.label, status, (milestone.date - as_of).days,
                               number)
                dated.append((milestone.date, order, row))
        if include_ongoing and measure.deadline.ongoing and (wanted is None or "ongoing" in wanted):
            ongoing.append(_due_row(measure, None, None, "ongoing", None, None))
    dated.sort(key=lambda item: (item[0], item[1]))
    return [row for _, _, row in dated] + ongoing


DUE_SORTS = ("date", "plan", "department", "days", "status")


def sort_due_rows(rows: list[dict], key: str, department_name=lambda body_id: body_id) -> list[dict]:
    """Due rows in another order than by date: by plan (then date), by department (the first body
    named, by name; then date), by days left (as date, ongoing last) or by status (overdue first).
    The sort is stable: ties keep date and package order."""
    def date_key(row: dict) -> tuple:
        return (row["date"] is None, row["date"] or "")

    if key == "date" or key == "days":
        return sorted(rows, key=date_key)
    if key == "plan":
        return sorted(rows, key=lambda row: (row["plan"], *date_key(row)))
    if key == "department":
        return sorted(rows, key=lambda row: (not row["departments"],
                                             department_name(row["departments"][0]) if row["departments"] else "",
                                             *date_key(row)))
    if key == "status":
        order = {status: index for index, status in enumerate(STATUSES)}
        return sorted(rows, key=lambda row: (order.get(row["status"], len(order)), *date_key(row)))
    raise ValueError(f"unknown sort key {key!r}")


def milestone_span(selected: Iterable[tuple[Plan, Measure]]) -> tuple[date, date] | None:
    """The first and last milestone date of the measures, or None when they have none: what a
    window that finds nothing is compared against ("the plans' milestones run from ... to ...")."""
    days = [milestone.date for _, measure in selected for milestone in measure.deadline.milestones]
    return (min(days), max(days)) if days else None


def _names_by_role(measure: Measure) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {role: [] for role in ROLES}
    for body in measure.responsible.bodies:
        if body.name not in names[body.role]:
            names[body.role].append(body.name)
    return names


def _due_row(measure: Measure, day: date | None, label: str | None, status: str, days_left: int | None,
             milestone: int | None) -> dict:
    return {
        "date": day.isoformat() if day else None,
        "measure": measure.id,
        "plan": measure.plan,
        "seq": measure.seq,
        "title": measure.title,
        "label": label,
        "departments": measure.responsible.department_ids(),
        "status": status,
        "days_left": days_left,
        "measure_label": measure.label,
        # The milestone's 1-based place in its deadline (null for an ongoing row): `09.02#2` to the
        # ledger, `09.02-2@…` to a calendar.
        "milestone": milestone,
        "deadline": measure.deadline.raw,
        "recurrence": measure.deadline.recurrence,
        "roles": measure.responsible.ids_by_role(),
        **_names_by_role(measure),
        "responsible_raw": measure.responsible.raw,
        "text": measure.text,
    }


# --- indicators and their gaps ------------------------------------------------------------------

class IndicatorFilter(NamedTuple):
    plan: int | None = None
    department: str | frozenset[str] | None = None  # a body the indicator belongs to (INDICATOR_OWNERS), or a scope
    text: str | None = None        # in the name, English name or id
    plans: tuple[int, ...] = ()        # any of these plans
    departments: tuple[str | frozenset[str], ...] = ()  # any of these bodies (or Registry.scope()s)

    def admits(self, indicator: Indicator, plan: Plan | None = None, owners: Owners | None = None) -> bool:
        """Whether the indicator passes; its owners (INDICATOR_OWNERS) are worked out from `plan`
        unless given, and are the table's own bodies when neither is."""
        wanted_plans = self.plans + ((self.plan,) if self.plan is not None else ())
        if wanted_plans and indicator.plan not in wanted_plans:
            return False
        bodies = self.departments + ((self.department,) if self.department is not None else ())
        if bodies:
            if owners is None:
                owners = indicator_owners(plan, indicator) if plan is not None else (indicator.department_ids(), None)
            if all(_department_ids(body).isdisjoint(owners[0]) for body in bodies):
                return False
        if self.text is not None:
            needle = fold(self.text)
            if not any(needle in fold(text) for text in (indicator.name, indicator.name_en or "", indicator.id)):
                return False
        return True


def gap_rows(plans: Iterable[Plan], indicator_filter: IndicatorFilter, by: str | None = None) -> list[dict]:
    """One row per indicator that passes the filter; `by` (YYYY-MM) compares each against the
    last target due by that month instead of the year-end one."""
    return owned_gap_rows(((indicator, indicator_owners(plan, indicator)) for plan in plans
                           for indicator in plan.indicators), indicator_filter, by)


def owned_gap_rows(owned: Iterable[tuple[Indicator, Owners]], indicator_filter: IndicatorFilter,
                   by: str | None = None) -> list[dict]:
    """gap_rows from indicators whose owners are known (Package.owned_indicators gives them from
    the cache, without decoding any plan)."""
    return [gap_row(indicator, by=by, owners=owners) for indicator, owners in owned
            if indicator_filter.admits(indicator, owners=owners)]


def target_by(indicator: Indicator, month: str | None):
    """The target an indicator is judged on by `month` (YYYY-MM): the last one due by then; the
    year-end target when no month is given; None when none is due by then."""
    if month is None:
        return indicator.year_end_target
    due = [target for target in indicator.targets if target.by <= month]
    return max(due, key=lambda target: target.by) if due else None


def gap_row(indicator: Indicator, by: str | None = None, plan: Plan | None = None,
            owners: Owners | None = None) -> dict:
    from bizenv_cli.gaps import indicator_gap  # here, not at the top: `due` has no use for it

    target = target_by(indicator, by)
    gap = indicator_gap(indicator, target=target)
    year_end = indicator.year_end_target
    if owners is None:
        owners = indicator_owners(plan, indicator) if plan is not None else (indicator.department_ids(), None)
    owners, owners_from = owners
    return {
        "plan": indicator.plan,
        "id": indicator.id,
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "baseline": {"raw": indicator.baseline.raw, "value": indicator.baseline.value},
        "targets": [{"by": t.by, "raw": t.raw, "value": t.value} for t in indicator.targets],
        "frontier": {"raw": indicator.frontier.raw, "value": indicator.frontier.value,
                     "where": indicator.frontier.where},
        "to_target": gap.to_target,
        "to_target_pct": gap.to_target_pct,
        "to_frontier": gap.to_frontier,
        "improving": gap.improving,
        "meets_frontier": gap.meets_frontier,
        "name_en": indicator.name_en,
        "origin": indicator.origin,
        "line": indicator.line,
        "year_end_target": ({"by": year_end.by, "raw": year_end.raw, "value": year_end.value}
                            if year_end else None),
        "target": {"by": target.by, "raw": target.raw, "value": target.value} if target else None,
        "completion": {"raw": indicator.completion_raw, "by": indicator.completion_by},
        "departments": owners,
        "departments_from": owners_from,
    }


# --- departments and plans ----------------------------------------------------------------------

def department_rows(plans: Iterable[Plan], registry, kind: str | None = None, as_of: date | None = None,
                    status_of=None) -> list[dict]:
    """Every department of the registry (of one kind, if given), in registry order, with the
    number of measures naming it in each role.

    With `as_of`, each row also has `status`: the body's milestones (every milestone of every
    measure naming it, in any role) counted by status as of that day, and `total`. `status_of`
    (measure, milestone index from 1, milestone, as_of) -> status decides each one; by default
    the date alone (overdue / due / upcoming). The ledger passes its own, which adds done,
    done-late and dropped: the counts take whatever statuses it gives.
    """
    plans = list(plans)
    counts: dict[str, dict[str, int]] = {}
    measure_counts: dict[str, int] = {}
    indicator_counts: dict[str, int] = {}
    statuses: dict[str, dict[str, int]] = {}
    decide = status_of or (lambda measure, index, milestone, day: milestone_status(milestone.date, day))
    for plan in plans:
        for measure in plan.measures:
            for role, ids in measure.responsible.ids_by_role().items():
                for body_id in ids:
                    counts.setdefault(body_id, dict.fromkeys(ROLES, 0))[role] += 1
            for body_id in measure.responsible.department_ids():
                measure_counts[body_id] = measure_counts.get(body_id, 0) + 1
            if as_of is not None:
                for index, milestone in enumerate(measure.deadline.milestones, start=1):
                    status = decide(measure, index, milestone, as_of)
                    for body_id in measure.responsible.department_ids():
                        tally = statuses.setdefault(body_id, _empty_status())
                        tally[status] = tally.get(status, 0) + 1
                        tally["total"] += 1
        for indicator in plan.indicators:
            for body_id in indicator.department_ids():
                indicator_counts[body_id] = indicator_counts.get(body_id, 0) + 1
    rows = []
    for department in registry:
        if kind is not None and department.kind != kind:
            continue
        row = {
            "id": department.id,
            "name": department.name,
            "name_en": department.name_en,
            "kind": department.kind,
            "aliases": list(department.aliases),
            "group": department.group,
            "counts": counts.get(department.id, dict.fromkeys(ROLES, 0)),
            "parent": department.parent,
            "note": department.note,
            "measures": measure_counts.get(department.id, 0),
            "indicators": indicator_counts.get(department.id, 0),
        }
        if as_of is not None:
            row["as_of"] = as_of.isoformat()
            row["status"] = statuses.get(department.id, _empty_status())
        rows.append(row)
    return rows


def _empty_status() -> dict[str, int]:
    return {"overdue": 0, "due": 0, "upcoming": 0, "total": 0}


DEPARTMENT_SORTS = ("registry", "name", "id", "overdue", "due", "upcoming", "total", "measures")


def sort_department_rows(rows: list[dict], key: str) -> list[dict]:
    """Department rows in registry order, by name or id, or most first by a count (overdue:
    who is most behind; then by total, then registry order)."""
    if key == "registry":
        return list(rows)
    if key in ("name", "id"):
        return sorted(rows, key=lambda row: row[key])
    if key == "measures":
        return sorted(rows, key=lambda row: -row["measures"])
    if key in ("overdue", "due", "upcoming", "total"):
        return sorted(rows, key=lambda row: (-(row.get("status") or {}).get(key, 0),
                                             -(row.get("status") or {}).get("total", 0)))
    raise ValueError(f"unknown sort key {key!r}")


def plan_rows(plans: Iterable[Plan]) -> list[dict]:
    rows = []
    for plan in plans:
        leads = plan.lead_ids()
        rows.append({
            "number": plan.number,
            "id": plan.id,
            "slug": plan.slug,
            "title": plan.title,
            "title_en": plan.title_en,
            "indicator_area": plan.indicator_area,
            "measures": len(plan.measures),
            "indicators": len(plan.indicators),
            "milestones": sum(len(m.deadline.milestones) for m in plan.measures),
            "lead": leads[0] if leads else None,  # the body leading the most measures
            "leads": leads,
            "first_line": plan.first_line,
            "last_line": plan.last_line,
        })
    return rows


# --- one item, in full (bizenv show) ---------------------------------------------------------------

_MEASURE_ID = re.compile(r"^(\d{1,2})\.(\d{1,3}[a-z]?)$")
_INDICATOR_ID = re.compile(r"^(\d{1,2})\.i(\d+)$", re.IGNORECASE)
# Any id the tool prints inside a plan: 09.10, 09.i1, 01.s5, 09.t1.
_ITEM_ID = re.compile(r"^(\d{1,2})\.([a-z]?)(\d+[a-z]?)$", re.IGNORECASE)


def _items(plan: Plan) -> list[tuple[str, object, str]]:
    """Every item of a plan that has an id, as (kind, item, id): measures, indicators, sections, tables."""
    return ([("measure", m, m.id) for m in plan.measures]
            + [("indicator", i, i.id) for i in plan.indicators]
            + [("section", s, s["id"]) for s in plan.document.get("sections", []) if isinstance(s.get("id"), str)]
            + [("table", t, t["id"]) for t in plan.document.get("tables", []) if isinstance(t.get("id"), str)])


def find_item(plans: list[Plan], text: str) -> tuple[str, Plan, object] | None:
    """What an id names, written exactly as the tool prints it (letters in any case): ("measure",
    plan, measure) for 02.03, ("indicator", plan, indicator) for 10.i1, ("section", plan, section)
    for 01.s5, ("table", plan, table) for 09.t1, ("plan", plan, plan) for 9, 09 or a slug; None
    when nothing is. `2.3` is None: a spreadsheet turns 09.10 into 9.1, so a shortened id is
    not guessed (`suggest_items` says which ids it may stand for)."""
    wanted = text.strip()
    if _ITEM_ID.match(wanted):
        folded = wanted.lower()
        for plan in plans:
            for kind, item, item_id in _items(plan):
                if item_id.lower() == folded:
                    return kind, plan, item
        return None
    plan = find_plan(plans, wanted)
    return ("plan", plan, plan) if plan else None


def suggest_items(plans: list[Plan], text: str) -> list[str]:
    """The ids a shortened or spreadsheet-mangled id may stand for: 9.1 -> 09.01, 09.10; 2.i3 -> 02.i3."""
    match = _ITEM_ID.match(text.strip())
    if not match:
        return []
    number, letter, rest = int(match.group(1)), match.group(2).lower(), match.group(3).lower()
    digits = re.match(r"\d+", rest).group()
    suffix = rest[len(digits):]
    found = []
    for plan in plans:
        if plan.number != number:
            continue
        for _, _, item_id in _items(plan):
            item = _ITEM_ID.match(item_id)
            if item is None or item.group(2).lower() != letter:
                continue
            item_rest = item.group(3).lower()
            item_digits = re.match(r"\d+", item_rest).group()
            if item_rest[len(item_digits):] != suffix:
                continue
            # The same number (1 = 01), or the same digits but for trailing zeros a spreadsheet
            # dropped (1 = 10 in 09.10 read as 9.1).
            if int(item_digits) == int(digits) or item_digits.rstrip("0") == digits.rstrip("0"):
                found.append(item_id)
    return found


def missing_item(plans: list[Plan], text: str) -> str:
    """Why `find_item` found nothing, in words that point at what exists: the ids a shortened id
    may stand for (9.1 -> "did you mean 09.01 or 09.10?"), the ids of the plan the user meant
    (02.99 -> "plan 2 has measures 02.01 to 02.10"), else what an id looks like."""
    wanted = text.strip()
    suggested = suggest_items(plans, wanted)
    if suggested:
        listed = suggested[0] if len(suggested) == 1 else ", ".join(suggested[:-1]) + " or " + suggested[-1]
        return f"no id '{wanted}' (ids are written in full, as printed); did you mean {listed}?"
    by_number = {plan.number: plan for plan in plans}
    for pattern, kind, items in ((_MEASURE_ID, "measure", lambda plan: plan.measures),
                                 (_INDICATOR_ID, "indicator", lambda plan: plan.indicators)):
        match = pattern.match(wanted)
        if not match:
            continue
        plan = by_number.get(int(match.group(1)))
        if plan is None and plans:
            return (f"no {kind} '{wanted}': there is no plan {int(match.group(1))} "
                    f"(plans are numbered {plans[0].number} to {plans[-1].number})")
        if plan is None:
            break
        ids = [item.id for item in items(plan)]
        if not ids:
            return f"no {kind} '{wanted}': plan {plan.number} has no {kind}s"
        if len(ids) == 1:
            return f"no {kind} '{wanted}': plan {plan.number} has one {kind}, {ids[0]}"
        return f"no {kind} '{wanted}': plan {plan.number} has {kind}s {ids[0]} to {ids[-1]}"
    if not plans:
        return f"no measure, indicator or plan '{wanted}': the data folder has no plans"
    if wanted.isdigit():
        return f"no plan '{wanted}': plans are numbered {plans[0].number} to {plans[-1].number}"
    # The examples come from the data in use, so that each of them works if typed.
    measure = next((m.id for plan in plans for m in plan.measures), None)
    indicator = next((i.id for plan in plans for i in plan.indicators), None)
    kinds = ([f"a measure id ({measure})"] if measure else []) + ([f"an indicator id ({indicator})"] if indicator else [])
    first = plans[0]
    return (f"no measure, indicator or plan '{wanted}': give {', '.join(kinds)}, a section or table id, "
            f"or a plan number ({first.number} to {plans[-1].number}), id ({first.id}) or slug ({first.slug})")


def plans_titled(plans: Iterable[Plan], text: str) -> list[Plan]:
    """The plans whose title (or English title) holds `text`, compared as search compares text:
    `--plan 纳税` names plan 9."""
    needle = fold(text)
    if not needle:
        return []
    return [plan for plan in plans if needle in fold(plan.title) or needle in fold(plan.title_en or "")]


def section_detail(plan: Plan, section: dict) -> dict:
    """A section as written, with the measures and indicators under it (or under its subsections)."""
    inside = {section["id"]} | {s["id"] for s in plan.document.get("sections", [])
                                if section["id"] in [t["id"] for t in section_trail(plan, s["id"])]}
    record = {"item": "section", "plan": plan.number, "plan_title": plan.title, **section}
    record["measures"] = [m.id for m in plan.measures if m.section in inside]
    record["indicators"] = [i.id for i in plan.indicators if plan_indicator_section(plan, i) in inside]
    return record


def plan_indicator_section(plan: Plan, indicator: Indicator) -> str | None:
    for item in plan.document.get("indicators", []):
        if item.get("id") == indicator.id:
            return item.get("section")
    return None


def table_detail(plan: Plan, table: dict) -> dict:
    """A table as written, with the indicators that are its rows."""
    record = {"item": "table", "plan": plan.number, "plan_title": plan.title, **table}
    record["indicators"] = [item["id"] for item in plan.document.get("indicators", []) if item.get("table") == table["id"]]
    return record


def find_plan(plans: Iterable[Plan], text: str) -> Plan | None:
    """The plan a user names by number (9), id (09), slug (paying-taxes) or file stem (09-paying-taxes)."""
    wanted = text.strip().lower()
    return next((plan for plan in plans
                 if wanted in (str(plan.number), plan.id, plan.slug, f"{plan.id}-{plan.slug}")), None)


def measure_detail(plan: Plan, measure: Measure, as_of: date, ledger=None) -> dict:
    """A measure row, with its plan's title, its section headings (outermost first) and every
    milestone (ongoing included) with its status as of `as_of`."""
    record = measure_row(measure, plan)
    record["plan_title"] = plan.title
    record["sections"] = [section.get("heading") for section in reversed(section_trail(plan, measure.section))]
    record["milestones"] = due_rows([(plan, measure)], Window(), as_of, include_ongoing=True, ledger=ledger)
    return record


def indicator_detail(indicator: Indicator) -> dict:
    record = gap_row(indicator)
    record.update(direction_why=indicator.direction_why, note=indicator.note,
                  responsible_raw=indicator.responsible.raw if indicator.responsible else None,
                  lead_raw=indicator.lead.raw if indicator.lead else None)
    return record


def plan_detail(plan: Plan) -> dict:
    record = plan_rows([plan])[0]
    record["sections"] = [{"id": s["id"], "kind": s["kind"], "heading": s.get("heading")}
                          for s in plan.document.get("sections", [])]
    record["measure_rows"] = [measure_row(measure, plan) for measure in plan.measures]
    record["indicator_rows"] = [gap_row(indicator) for indicator in plan.indicators]
    return record


# --- search -------------------------------------------------------------------------------------

# Keys whose values are structure (ids, enums, dates) rather than text a reader would search.
_STRUCTURE_KEYS = frozenset({"format", "package", "id", "slug", "section", "table", "parent", "file", "kind",
                             "origin", "direction", "role", "recurrence", "by", "date", "bodies"})


def _folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """fold(text), and for each of its characters the offset in `text` it came from."""
    chars: list[str] = []
    offsets: list[int] = []
    for offset, char in enumerate(text):
        for folded_char in normalize("NFKC", char).casefold():
            if not folded_char.isspace():
                chars.append(folded_char)
                offsets.append(offset)
    return "".join(chars), offsets


def find_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where `query` occurs in `text`, as [start, end) offsets into `text`, compared folded."""
    needle = fold(query)
    if not needle:
        return []
    folded, offsets = _folded_with_offsets(text)
    spans = []
    start = folded.find(needle)
    while start != -1:
        end = start + len(needle)
        spans.append((offsets[start], offsets[end - 1] + 1))
        start = folded.find(needle, end)
    return spans


class _Record(NamedTuple):
    plan: Plan
    id: str
    line: int | None
    path: str
    texts: list[tuple[str, str]]  # (path of the field inside the document, text)


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _records(plan: Plan) -> list[_Record]:
    """Every text of a plan document, grouped by the record it belongs to, in document order.

    A mapping with an id or a line (a measure, its deadline, a paragraph, a table...) opens a
    record; each row of a table is a record of its own. Every string outside _STRUCTURE_KEYS is
    searched, so a new text field in the format is searched without a change here.
    """
    records = [_Record(plan, plan.id, plan.first_line, "", [])]

    def walk(value, path: str, record: _Record, opens_record: bool) -> None:
        if opens_record:
            record_id = value.get("id") if isinstance(value, dict) and isinstance(value.get("id"), str) else record.id
            line = value.get("line") if isinstance(value, dict) and isinstance(value.get("line"), int) else record.line
            record = _Record(plan, record_id, line, path, [])
            records.append(record)
        if isinstance(value, dict):
            for key, item in value.items():
                if key in _STRUCTURE_KEYS:
                    continue
                opens = isinstance(item, dict) and ("id" in item or "line" in item)
                walk(item, _join(path, key), record, opens)
        elif isinstance(value, list):
            is_table_rows = path.endswith(".rows")
            for index, item in enumerate(value):
                opens = (isinstance(item, dict) and ("id" in item or "line" in item)) or (
                    is_table_rows and isinstance(item, list))
                walk(item, _join(path, index), record, opens)
        elif isinstance(value, str):
            record.texts.append((path, value))

    walk(plan.document, "", records[0], False)
    return [record for record in records if record.texts]


def search_hits(plans: Iterable[Plan], query: str, context: int = 30) -> list[dict]:
    """One hit per record whose text contains `query` (compared by fold()), in document order.

    Each hit names the plan, the record's id and source line, the field that matched first,
    that field's whole text, every match in it as [start, end) offsets, and a snippet of
    `context` characters either side of the first match with its own match offsets.
    """
    needle = fold(query)
    if not needle:
        return []
    hits = []
    for plan in plans:
        for record in _records(plan):
            for field, text in record.texts:
                if needle not in fold(text):
                    continue
                spans = find_spans(text, query)
                if not spans:
                    continue
                start = max(0, spans[0][0] - context)
                end = min(len(text), spans[0][1] + context)
                snippet = text[start:end].replace("\r", " ").replace("\n", " ")
                snippet_spans = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]
                prefix = "…" if start > 0 else ""
                suffix = "…" if end < len(text) else ""
                hits.append({
                    "plan": plan.number,
                    "id": record.id,
                    "line": record.line,
                    "field": field,
                    "text": text,
                    "matches": [list(span) for span in spans],
                    "snippet": prefix + snippet + suffix,
                    "snippet_matches": [[s + len(prefix), e + len(prefix)] for s, e in snippet_spans],
                })
                break  # one hit per record: its first matching field
    return hits
