"""The analyst's questions as pure functions: a loaded package in, rows out.

Rows are the JSON contract of docs/json.md (more keys are welcome, none may go): the CLI prints
them as they are with `--format json` and picks columns from them for the other formats.
Nothing here reads files, looks at the clock or prints; `as_of` is always passed in.

Milestone status, relative to `as_of` (the date "days left" is counted from):

    overdue    the milestone date is before as_of (days_left < 0)
    due        it falls within DUE_SOON_DAYS days from as_of, both ends included
               (0 <= days_left <= 30: the next month's work)
    upcoming   it is later than that (days_left > 30)
    ongoing    a row for an ongoing measure (持续推进): no date, days_left null; listed only when asked

Extra keys beyond docs/json.md —
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
        `departments` (owners.INDICATOR_OWNERS states the rule), `departments_from` and
        `to_target_why`; every target also has `change`, `change_unit` and `level`;
    plans: `number`, `id`, `slug`, `title`, `title_en`, `indicator_area`, `measures`,
        `indicators`, `milestones`, `lead` (null on a tie), `leads`, `first_line`,
        `last_line`, `top_leads`, `top_lead_measures`;
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from bizenv_cli.query.due_rows import DueSource, fill_due_row, measure_due_source
from bizenv_cli.model.records import ROLES, Indicator, Measure, Plan
from bizenv_cli.model.periods import Window
from bizenv_cli.model.textfold import fold
from bizenv_cli.model.wording import either

if TYPE_CHECKING:
    from bizenv_cli.model.owners import Owners

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


def role_counts(measures: Iterable[Measure], department: str | frozenset[str] | None = None) -> dict[str, int]:
    """How many of `measures` name the body (any id of a scope) in each role, or any body without
    one: what a --role filter that leaves nothing would have found under the other roles. A
    measure naming it in two roles counts under both; one given twice (once a milestone) twice."""
    wanted = None if department is None else _department_ids(department)
    counts = dict.fromkeys(ROLES, 0)
    for measure in measures:
        for role in {body.role for body in measure.responsible.bodies if wanted is None or body.id in wanted}:
            counts[role] += 1
    return counts


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
             statuses: Iterable[str] | None = None, include_ongoing: bool = False, judge=None) -> list[dict]:
    """One row per milestone in the window (a staged or quarterly deadline gives one per stage),
    in date order, then package order; then, when asked, one row per ongoing measure.

    `statuses` keeps only rows of those statuses; asking for `ongoing` implies include_ongoing.
    `judge`, when given, makes the rows instead, from the same arguments: the work ledger's
    `ledger.views.due_judge` judges each status (done, done-late, dropped...) and adds `progress`
    and `reported` (the ledger is a layer above the queries, so it comes in as a parameter).
    """
    if judge is not None:
        return judge(selected, window, as_of, statuses, include_ongoing)
    return due_rows_of((measure_due_source(measure) for _, measure in selected), window, as_of, statuses,
                       include_ongoing)


def package_due_rows(package, window: Window, measure_filter: MeasureFilter, as_of: date,
                     statuses: Iterable[str] | None = None, include_ongoing: bool = False, judge=None) -> list[dict]:
    """due_rows over a package's measures that `measure_filter` admits. Only the measures the
    window admits are read from the store (and the ongoing ones, when asked for or when a status
    may be an ongoing measure's: ongoing, or done/dropped in the ledger)."""
    with_ongoing = include_ongoing or bool(statuses)
    selected = [(plan, measure) for plan, measure in package.due_candidates(window, with_ongoing=with_ongoing)
                if measure_filter.admits(measure, plan)]
    return due_rows(selected, window, as_of, statuses, include_ongoing, judge=judge)


def due_rows_of(sources: Iterable[DueSource], window: Window, as_of: date, statuses: Iterable[str] | None = None,
                include_ongoing: bool = False) -> list[dict]:
    """due_rows without a ledger, from what each measure gives its rows (due_rows.DueSource, in
    package order)."""
    wanted = set(statuses) if statuses else None
    if wanted is not None and "ongoing" in wanted:
        include_ongoing = True
    dated: list[tuple[date, int, dict]] = []
    ongoing: list[dict] = []
    for order, (milestones, is_ongoing, fields) in enumerate(sources):
        for number, (day, label) in enumerate(milestones, 1):
            if not window.admits(day):
                continue
            status = milestone_status(day, as_of)
            if wanted is None or status in wanted:
                dated.append((day, order, fill_due_row(fields(), day, label, status, (day - as_of).days, number)))
        if include_ongoing and is_ongoing and (wanted is None or "ongoing" in wanted):
            ongoing.append(fill_due_row(fields(), None, None, "ongoing", None, None))
    dated.sort(key=lambda item: (item[0], item[1]))
    return [row for _, _, row in dated] + ongoing


DUE_SORTS = ("date", "plan", "department", "days", "status")


def _unknown_sort(key: str, choices: tuple[str, ...]) -> ValueError:
    return ValueError(f"unknown sort key {key!r}; the keys are {either(choices)}")


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
    raise _unknown_sort(key, DUE_SORTS)


def no_deadline_count(package, measure_filter: MeasureFilter) -> int:
    """How many of the measures `measure_filter` admits have no 时间节点 (Deadline.printed false:
    plan 1's, 02.04): no row of `due` stands for them, in any window. From the store, which counts
    them as it writes (no measure read) or, for a filter, reads them by their index."""
    if measure_filter == MeasureFilter():
        return package.no_deadline_count()
    return sum(1 for plan, measure in package.no_deadline_measures() if measure_filter.admits(measure, plan))


def milestone_span(selected: Iterable[tuple[Plan, Measure]]) -> tuple[date, date] | None:
    """The first and last milestone date of the measures, or None when they have none: what a
    window that finds nothing is compared against ("the plans' milestones run from ... to ...")."""
    days = [milestone.date for _, measure in selected for milestone in measure.deadline.milestones]
    return (min(days), max(days)) if days else None


# --- indicators and their gaps ------------------------------------------------------------------

class IndicatorFilter(NamedTuple):
    plan: int | None = None
    department: str | frozenset[str] | None = None  # a body the indicator belongs to (owners.py), or a scope
    text: str | None = None        # in the name, English name or id
    plans: tuple[int, ...] = ()        # any of these plans
    departments: tuple[str | frozenset[str], ...] = ()  # any of these bodies (or Registry.scope()s)

    def admits(self, indicator: Indicator, owners: Owners) -> bool:
        """Whether the indicator, whose owners are `owners` (model/owners.py), passes."""
        wanted_plans = self.plans + ((self.plan,) if self.plan is not None else ())
        if wanted_plans and indicator.plan not in wanted_plans:
            return False
        bodies = self.departments + ((self.department,) if self.department is not None else ())
        if bodies:
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
    from bizenv_cli.model.owners import owned_indicators

    return owned_gap_rows(owned_indicators(plans), indicator_filter, by)


def owned_gap_rows(owned: Iterable[tuple[Indicator, Owners]], indicator_filter: IndicatorFilter,
                   by: str | None = None) -> list[dict]:
    """gap_rows from indicators whose owners are known (Package.owned_indicators gives them from
    the store, without decoding any plan)."""
    return [gap_row(indicator, owners, by=by) for indicator, owners in owned
            if indicator_filter.admits(indicator, owners)]


def target_by(indicator: Indicator, month: str | None):
    """The target an indicator is judged on by `month` (YYYY-MM): the last one due by then; the
    year-end target when no month is given; None when none is due by then."""
    if month is None:
        return indicator.year_end_target
    due = [target for target in indicator.targets if target.by <= month]
    return max(due, key=lambda target: target.by) if due else None


def gap_row(indicator: Indicator, owners: Owners, by: str | None = None) -> dict:
    """The gaps row of an indicator whose owners are `owners` (model/owners.py: indicator_owners)."""
    from bizenv_cli.model.gap_arithmetic import indicator_gap, target_level  # here: `due` has no use for them

    target = target_by(indicator, by)
    gap = indicator_gap(indicator, target=target)
    year_end = indicator.year_end_target
    owners, owners_from = owners
    return {
        "plan": indicator.plan,
        "id": indicator.id,
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "baseline": {"raw": indicator.baseline.raw, "value": indicator.baseline.value},
        "targets": [_target_record(indicator, t, target_level) for t in indicator.targets],
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
        "year_end_target": _target_record(indicator, year_end, target_level) if year_end else None,
        "target": _target_record(indicator, target, target_level) if target else None,
        "completion": {"raw": indicator.completion_raw, "by": indicator.completion_by},
        "departments": owners,
        "departments_from": owners_from,
        "to_target_why": gap.to_target_why,
    }


def _target_record(indicator: Indicator, target, target_level) -> dict:
    """A target as rows give it: as written (a change target with `change` and `change_unit`),
    and the `level` it sets (model/gap_arithmetic.py: a change applied to a printed baseline)."""
    return {"by": target.by, "raw": target.raw, "value": target.value, "change": target.change,
            "change_unit": target.change_unit, "level": target_level(indicator, target).value}


GAP_SORTS = ("plan", "gap", "progress")


def sort_gap_rows(rows: list[dict], key: str) -> list[dict]:
    """Gap rows in another order than the package's: by gap, the largest Δ % first (how far the
    target sits from the baseline, in % of it, whichever way it moves); by progress, the least
    progress_pct first (the work ledger's actuals: farthest from the target first). Rows without
    the figure follow in package order (the sort is stable)."""
    if key == "plan":
        return list(rows)
    if key == "gap":
        return sorted(rows, key=lambda row: _figure_first(row.get("to_target_pct"), lambda pct: -abs(pct)))
    if key == "progress":
        return sorted(rows, key=lambda row: _figure_first(row.get("progress_pct"), lambda pct: pct))
    raise _unknown_sort(key, GAP_SORTS)


def _figure_first(figure: float | None, order) -> tuple:
    return (figure is None, order(figure) if figure is not None else 0)


# --- departments and plans ----------------------------------------------------------------------

def department_rows(plans: Iterable[Plan], registry, kind: str | None = None, as_of: date | None = None,
                    status_of=None, owned=None, statuses: tuple[str, ...] = ()) -> list[dict]:
    """Every department of the registry (of one kind, if given), in registry order, with the
    number of measures naming it in each role, and of the indicators it owns (owners.py).

    A body is counted by its scope, as `measures --dept` and `gaps --dept` find it: a measure
    naming 各县（市）人民政府 counts for the county governments that cover it too (once per
    measure and role), so each figure is the length of that query's listing.

    With `as_of`, each row also has `status`: the body's milestones (every milestone of every
    measure naming it, in any role) counted by status as of that day, and `total`. `status_of`
    (measure, milestone index from 1, milestone, as_of) -> status decides each one; by default
    the date alone (overdue / due / upcoming). The ledger passes its own, which adds done,
    done-late and dropped, and names them in `statuses`: every row counts each of them, 0 where
    the body has none, so that every row has one shape.

    `owned`: the indicators with their owners, as Package.owned_indicators() gives them from the
    store's indicator_owners table; worked out from the plans when not given.
    """
    plans = list(plans)
    if owned is None:
        from bizenv_cli.model.owners import owned_indicators  # here: `due` has no use for it

        owned = owned_indicators(plans)

    counts = measures_by_role((measure for plan in plans for measure in plan.measures), registry)
    measure_counts: dict[str, int] = {}
    indicator_counts: dict[str, int] = {}
    tallies: dict[str, dict[str, int]] = {}
    decide = status_of or (lambda measure, index, milestone, day: milestone_status(milestone.date, day))
    for plan in plans:
        for measure in plan.measures:
            bodies = registry.covering_any(measure.responsible.department_ids())
            for body_id in bodies:
                measure_counts[body_id] = measure_counts.get(body_id, 0) + 1
            if as_of is not None:
                for index, milestone in enumerate(measure.deadline.milestones, start=1):
                    status = decide(measure, index, milestone, as_of)
                    for body_id in bodies:
                        tally = tallies.setdefault(body_id, _empty_status(statuses))
                        tally[status] = tally.get(status, 0) + 1
                        tally["total"] += 1
    for _, (owners, _) in owned:
        for body_id in registry.covering_any(owners):
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
            row["status"] = tallies.get(department.id, _empty_status(statuses))
        rows.append(row)
    return rows


def measures_by_role(measures: Iterable[Measure], registry) -> dict[str, dict[str, int]]:
    """How many of `measures` name each body in each role, the bodies they name in none left out:
    counted by scope, as `measures --dept D --role R` lists them (a measure naming 各县（市）人民政府
    counts for the county governments that cover it too, once per measure and role). What
    `departments` counts over the package and the report over the measures it shows."""
    counts: dict[str, dict[str, int]] = {}
    for measure in measures:
        for role, ids in measure.responsible.ids_by_role().items():
            for body_id in registry.covering_any(ids):
                counts.setdefault(body_id, dict.fromkeys(ROLES, 0))[role] += 1
    return counts


def _empty_status(statuses: tuple[str, ...] = ()) -> dict[str, int]:
    return {"overdue": 0, "due": 0, "upcoming": 0, **dict.fromkeys(statuses, 0), "total": 0}


def department_kind(registry, text: str) -> str:
    """The registry's kind `text` names, in any case (municipal-department, group ...);
    ValueError naming the kinds there are."""
    kinds = sorted({department.kind for department in registry})
    found = next((known for known in kinds if known.lower() == text.strip().lower()), None)
    if found is None:
        raise ValueError(f"no department is of kind '{text}' (kinds: {', '.join(kinds)})")
    return found


DEPARTMENT_SORTS = ("registry", "name", "id", "overdue", "due", "upcoming", "total", "measures")
# The sorts by the counts that only rows counted as of a day have.
SORTS_BY_STATUS = ("overdue", "due", "upcoming", "total")


def sort_department_rows(rows: list[dict], key: str) -> list[dict]:
    """Department rows in registry order, by name or id, or most first by a count (overdue:
    who is most behind; then by total, then registry order)."""
    if key == "registry":
        return list(rows)
    if key in ("name", "id"):
        return sorted(rows, key=lambda row: row[key])
    if key == "measures":
        return sorted(rows, key=lambda row: -row["measures"])
    if key in SORTS_BY_STATUS:
        return sorted(rows, key=lambda row: (-(row.get("status") or {}).get(key, 0),
                                             -(row.get("status") or {}).get("total", 0)))
    raise _unknown_sort(key, DEPARTMENT_SORTS)


def top_leads(plan: Plan) -> tuple[list[str], int | None]:
    """The body that leads (牵头) the most of the plan's measures, and how many it leads; several
    when they lead equally many (plan 1: 市政务服务和大数据管理局 and 市财政局, 4 each), in the order
    the plan first names them; ([], None) when no measure names a lead. A tie stays a tie: the
    source names no lead of the plan, so none is picked for it."""
    counts = plan.lead_counts()
    most = max(counts.values(), default=None)
    return [body_id for body_id, count in counts.items() if count == most], most


def plan_rows(plans: Iterable[Plan]) -> list[dict]:
    rows = []
    for plan in plans:
        leads = plan.lead_ids()
        most, measures_led = top_leads(plan)
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
            "lead": most[0] if len(most) == 1 else None,  # none on a tie: `top_leads` names the tied bodies
            "leads": leads,
            "first_line": plan.first_line,
            "last_line": plan.last_line,
            "top_leads": most,
            "top_lead_measures": measures_led,
        })
    return rows
