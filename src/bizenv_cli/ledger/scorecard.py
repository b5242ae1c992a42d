"""`bizenv progress`: the scorecard, milestones counted by plan or by department (docs/ledger.md).

For each group, every milestone of its measures is judged as of D (ledger.status):

    due_by_as_of     milestones dated on or before D
    done, done_late  of those, reported done on time / after their date
    dropped          of those, reported dropped (已取消)
    overdue          of those, past their date and not reported done or dropped
    unreported       of the overdue, those no report (as of D) mentions at all
    upcoming         milestones dated after D (whatever their status)
    done_early       of the upcoming, those already reported done
    ongoing          ongoing measures (持续推进), which have no date
    completion_rate  (done + done_late) / (due_by_as_of − dropped), null when that is 0
    on_time_rate     done / (due_by_as_of − dropped), null when that is 0

By department, a milestone counts for every body its measure names, in any role, and for every
entry that covers one (Registry.covering: the county governments for 各县（市）人民政府), so that a
department's row counts what `due --dept` lists for it; by plan, once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from bizenv_cli.ledger.format import Ledger
from bizenv_cli.ledger.status import judge_milestone, latest_update

COUNTS = ("due_by_as_of", "done", "done_late", "dropped", "overdue", "unreported", "upcoming", "done_early",
          "ongoing")
_DECIMALS = 4


def scorecard(package, ledger: Ledger, as_of: date, group_by: str = "plan", plans: Iterable[int] = (),
              departments: Iterable[str] = ()) -> list[dict]:
    """One row per plan (in plan order) or per department (in registry order) with any milestone
    or ongoing measure; with `plans`, only theirs; with `departments` (ids), only the measures
    naming any of them (by scope), and by department only their rows."""
    groups: dict = {}
    names: dict = {}
    registry = package.registry
    departments = tuple(dict.fromkeys(departments))
    scopes = {department: registry.scope(department) for department in departments}
    for owner, measure in selected_measures(package, plans, departments):
        if group_by == "plan":
            keys = [owner.number]
            names[owner.number] = owner.title
        elif departments:
            bodies = measure.responsible.department_ids()
            keys = [department for department in departments if not scopes[department].isdisjoint(bodies)]
        else:
            keys = registry.covering_any(measure.responsible.department_ids())
        tally = _tally(ledger, measure, as_of)
        for key in keys:
            counts = groups.setdefault(key, dict.fromkeys(COUNTS, 0))
            for name, count in tally.items():
                counts[name] += count
    if group_by != "plan":
        order = {body.id: index for index, body in enumerate(package.registry)}
        names = {key: _department_name(package, key) for key in groups}
        keys = sorted(groups, key=lambda key: order.get(key, len(order)))
    else:
        keys = sorted(groups)
    return [_row(key, names.get(key), groups[key]) for key in keys]


def scorecard_total(package, ledger: Ledger, as_of: date, plans: Iterable[int] = (),
                    departments: Iterable[str] = ()) -> dict:
    """The scorecard's total over the measures `scorecard` counts, each milestone once: by plan the
    sum of the rows; by department less than that sum where a milestone counts for several bodies."""
    counts = dict.fromkeys(COUNTS, 0)
    for _, measure in selected_measures(package, plans, tuple(departments)):
        for name, count in _tally(ledger, measure, as_of).items():
            counts[name] += count
    return _row(None, "total", counts)


def selected_measures(package, plans: Iterable[int], departments: tuple[str, ...]):
    """(plan, measure) of the plans `plans` names (all without it) whose measures name any of
    `departments`, by scope (all without them)."""
    wanted = set(plans)
    scope = set().union(*(package.registry.scope(department) for department in departments)) if departments else None
    for owner in package.plans:
        if wanted and owner.number not in wanted:
            continue
        for measure in owner.measures:
            if scope is not None and scope.isdisjoint(measure.responsible.department_ids()):
                continue
            yield owner, measure


def _tally(ledger: Ledger, measure, as_of: date) -> dict[str, int]:
    tally = dict.fromkeys(COUNTS, 0)
    for number, milestone in enumerate(measure.deadline.milestones, 1):
        days_left = (milestone.date - as_of).days
        dated = "overdue" if days_left < 0 else "upcoming"
        judgement = judge_milestone(ledger, measure, number, milestone.date, as_of, dated)
        if milestone.date > as_of:
            tally["upcoming"] += 1
            tally["done_early"] += judgement.status in ("done", "done-late")
            continue
        tally["due_by_as_of"] += 1
        status = judgement.status.replace("-", "_")
        if status in ("done", "done_late", "dropped", "overdue"):
            tally[status] += 1
        if status == "overdue" and latest_update(ledger, measure, number, as_of) is None:
            tally["unreported"] += 1
    if measure.deadline.ongoing:
        tally["ongoing"] += 1
    return tally


def _row(key, name, counts: dict[str, int]) -> dict:
    counted = counts["due_by_as_of"] - counts["dropped"]
    return {
        "key": key,
        "name": name,
        **counts,
        "completion_rate": round((counts["done"] + counts["done_late"]) / counted, _DECIMALS) if counted else None,
        "on_time_rate": round(counts["done"] / counted, _DECIMALS) if counted else None,
    }


def _department_name(package, department_id: str) -> str:
    try:
        return package.registry.get(department_id).name
    except KeyError:
        return department_id
