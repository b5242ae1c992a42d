"""The 挂图作战 chart as one self-contained HTML page (docs/outputs.md): `bizenv report -o F.html`.

What the page shows, all as of one day: headline figures; a timeline of every milestone by month
and plan, coloured by status; each department's load and status; each indicator from baseline to
target to frontier (and its actual, once the ledger has one); the overdue milestones with who is
responsible.

The milestones and their statuses are the rows of `bizenv due` (queries.due_rows), so the chart
and the listing never disagree. This module computes the figures and the charts' geometry; the
HTML is Jinja2 templates (package data, `templates/`), autoescaped, with the styles and the SVG
inline: the page asks the network for nothing, and prints on A4.

SVG is drawn here from the data rather than by a charting library: the charts are a grid of
marks and a few lines, each mark needs its own data-measure/data-status attributes for the tests
and for anyone scripting the page, and the offline charting libraries (matplotlib, plotly) would
either add tens of megabytes or a script bundle to every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from bizenv_cli.model.records import ROLES

if TYPE_CHECKING:
    from bizenv_cli.store.package import Package

# Status → colour; the legend lists them in this order. done/done-late/dropped come from the
# ledger (docs/ledger.md) and appear only when a department has reported.
STATUS_COLOURS = {
    "overdue": "#d62728",
    "due": "#ff9f1c",
    "upcoming": "#2b7bba",
    "done": "#2ca02c",
    "done-late": "#8c9d2a",
    "dropped": "#9e9e9e",
    "ongoing": "#17becf",
}
STATUS_WORDS = {"overdue": "逾期 overdue", "due": "30天内到期 due", "upcoming": "未到期 upcoming",
                "done": "已完成 done", "done-late": "逾期完成 done late", "dropped": "已取消 dropped",
                "ongoing": "持续推进 ongoing"}
ROLE_WORDS = {"lead": "牵头", "support": "配合", "implement": "负责落实", "responsible": "责任单位"}

# Timeline geometry, in SVG user units (the SVG scales to the page's width).
LABEL_WIDTH = 190
MONTH_WIDTH = 66
MARK = 8            # a milestone's square
PITCH = 10          # from one mark to the next
PER_ROW = (MONTH_WIDTH - 6) // PITCH
ROW_PADDING = 6
HEADER_HEIGHT = 28

# Indicator strip geometry.
STRIP_WIDTH = 260
STRIP_HEIGHT = 22


@dataclass
class Mark:
    x: float
    y: float
    measure: str
    status: str
    day: str
    label: str | None
    title: str
    colour: str


@dataclass
class PlanLane:
    number: int
    name: str
    title: str
    y: float
    height: float
    marks: list[Mark] = field(default_factory=list)


@dataclass
class Timeline:
    width: float
    height: float
    months: list[dict]
    lanes: list[PlanLane]
    as_of_x: float | None
    undated: list[str]  # plans in view without a dated milestone (all their measures ongoing)


def short_plan_name(title: str) -> str:
    """平顶山市缴纳税费优化提升专项行动方案 → 缴纳税费: the words that tell the plans apart."""
    name = title.removeprefix("平顶山市")
    for ending in ("优化提升专项行动方案", "优化提升总体行动方案", "专项行动方案", "行动方案"):
        name = name.removesuffix(ending)
    return name


def _months(first: date, last: date) -> list[date]:
    months, current = [], date(first.year, first.month, 1)
    while current <= last:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def timeline(package: "Package", rows: list[dict], as_of: date, plan_numbers: list[int] = ()) -> Timeline:
    dated = [row for row in rows if row["date"]]
    days = [date.fromisoformat(row["date"]) for row in dated]
    if days:
        months = _months(date(min(days).year, 1, 1), max(days))
    else:
        months = _months(date(as_of.year, 1, 1), date(as_of.year, 12, 1))
    index = {(month.year, month.month): n for n, month in enumerate(months)}
    plans = {plan.number: plan for plan in package.plans}
    by_cell: dict[tuple[int, int], list[dict]] = {}
    for row in dated:
        day = date.fromisoformat(row["date"])
        by_cell.setdefault((row["plan"], index[(day.year, day.month)]), []).append(row)

    lanes: list[PlanLane] = []
    y = HEADER_HEIGHT
    for number in sorted({row["plan"] for row in dated}):
        cells = {month: items for (plan, month), items in by_cell.items() if plan == number}
        rows_needed = max((len(items) + PER_ROW - 1) // PER_ROW for items in cells.values())
        height = rows_needed * PITCH + 2 * ROW_PADDING
        plan = plans[number]
        lane = PlanLane(number, f"{plan.id} {short_plan_name(plan.title)}", plan.title, y, height)
        for month, items in sorted(cells.items()):
            for n, row in enumerate(items):
                x = LABEL_WIDTH + month * MONTH_WIDTH + 4 + (n % PER_ROW) * PITCH
                mark_y = y + ROW_PADDING + (n // PER_ROW) * PITCH
                lane.marks.append(Mark(x, mark_y, row["measure"], row["status"], row["date"], row["label"],
                                       row["title"] or _short(row["text"]),
                                       STATUS_COLOURS.get(row["status"], "#666666")))
        lanes.append(lane)
        y += height

    as_of_x = None
    key = (as_of.year, as_of.month)
    if key in index:
        days_in_month = ((date(as_of.year + as_of.month // 12, as_of.month % 12 + 1, 1) - date(as_of.year, as_of.month, 1))
                         .days)
        as_of_x = LABEL_WIDTH + index[key] * MONTH_WIDTH + MONTH_WIDTH * (as_of.day - 1) / days_in_month
    month_cells = [{"x": LABEL_WIDTH + n * MONTH_WIDTH, "label": f"{month.month}月", "year": month.year}
                   for n, month in enumerate(months)]
    charted = {lane.number for lane in lanes}
    undated = [f"{plans[number].id} {short_plan_name(plans[number].title)}" for number in plan_numbers
               if number not in charted and number in plans]
    return Timeline(LABEL_WIDTH + len(months) * MONTH_WIDTH, y + 4, month_cells, lanes, as_of_x, undated)


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


def department_load(package: "Package", rows: list[dict]) -> list[dict]:
    """Per body: the milestones it holds any role in, by status, and its roles; busiest first.
    A collective holds the milestones of the entries it covers too (Registry.covering), so that
    its figures count what `due --dept` lists for it."""
    names = {department.id: department.name for department in package.registry}
    covering_any = package.registry.covering_any
    load: dict[str, dict] = {}
    for row in rows:
        for role in ROLES:
            for body in covering_any(row["roles"][role]):
                entry = load.setdefault(body, {"id": body, "name": names.get(body, body), "total": 0,
                                               "statuses": {}, "roles": dict.fromkeys(ROLES, 0), "_seen": set()})
                entry["roles"][role] += 1
                key = (row["measure"], row["date"], row["label"])
                if key in entry["_seen"]:
                    continue
                entry["_seen"].add(key)
                entry["total"] += 1
                entry["statuses"][row["status"]] = entry["statuses"].get(row["status"], 0) + 1
    entries = sorted(load.values(), key=lambda e: (-e["total"], e["id"]))
    widest = max((entry["total"] for entry in entries), default=1)
    for entry in entries:
        del entry["_seen"]
        x, segments = 0.0, []
        for status in STATUS_COLOURS:
            count = entry["statuses"].get(status, 0)
            if count:
                width = 200 * count / widest
                segments.append({"x": x, "width": width, "status": status, "count": count,
                                 "colour": STATUS_COLOURS[status]})
                x += width
        entry["segments"] = segments
    return entries


def indicator_strip(row: dict) -> dict | None:
    """Where baseline, year-end target, frontier and actual sit on one line, or None when fewer
    than two of them are numbers (进一步提升, 即时办结 give nothing to place)."""
    target = row.get("year_end_target") or {}
    actual = row.get("actual") or {}
    points = [("baseline", row["baseline"]["value"]), ("target", target.get("value")),
              ("frontier", row["frontier"]["value"]), ("actual", actual.get("value"))]
    numbers = [(name, value) for name, value in points if isinstance(value, (int, float))]
    if len(numbers) < 2:
        return None
    low = min(value for _, value in numbers)
    high = max(value for _, value in numbers)
    span = (high - low) or abs(high) or 1.0

    # Better is to the right whatever the direction, so that every strip reads the same way:
    # a line going right is a plan to improve, a frontier to the right of the target is still ahead.
    flip = row.get("direction") == "lower"

    def at(value: float) -> float:
        share = (value - low + span * 0.05) / (span * 1.1)
        return 12 + (STRIP_WIDTH - 24) * (1 - share if flip else share)

    placed = {name: at(value) for name, value in numbers}
    return {"points": placed, "width": STRIP_WIDTH, "height": STRIP_HEIGHT}


def headline(rows: list[dict], measures: int, indicators: int, departments: int) -> list[dict]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    dated = sum(1 for row in rows if row["date"])
    figures = [
        {"label": "措施 measures", "value": measures},
        {"label": "时间节点 milestones", "value": dated},
        *({"label": STATUS_WORDS[status], "value": counts[status], "status": status,
           "colour": STATUS_COLOURS[status]} for status in STATUS_COLOURS if counts.get(status)),
        {"label": "指标 indicators", "value": indicators},
        {"label": "责任单位 bodies", "value": departments},
    ]
    return figures


def report_context(package: "Package", as_of: date, plans: list[int] = (),
                   departments: list[str] = (), ledger=None) -> dict:
    """Everything the template shows, computed from the package (and the work ledger, if any),
    for the measures of any of `plans` naming any of `departments` (all when none is given)."""
    from bizenv_cli.outputs.ledger_rows import judged_by
    from bizenv_cli.model.periods import Window
    from bizenv_cli.query.queries import IndicatorFilter, MeasureFilter, due_rows, gap_rows, select_measures

    # A collective takes in the phrases it covers, as `bizenv due --dept` does (Registry.scope).
    bodies = tuple(package.registry.scope(department) for department in departments)
    selected = select_measures(package.plans, MeasureFilter(plans=tuple(plans), departments=bodies))
    rows = due_rows(selected, Window(), as_of, include_ongoing=True, **judged_by(ledger))
    names = {d.id: d.name for d in package.registry}
    indicator_rows = gap_rows(package.plans, IndicatorFilter(plans=tuple(plans), departments=bodies))
    if ledger:
        from bizenv_cli.ledger.views import with_actuals

        with_actuals(indicator_rows, ledger, as_of)
    for row in indicator_rows:
        row["strip"] = indicator_strip(row)
    loads = department_load(package, rows)
    overdue = [dict(row, bodies=[{"role": ROLE_WORDS[role], "names": [names.get(i, i) for i in row["roles"][role]]}
                                 for role in ROLES if row["roles"][role]])
               for row in rows if row["status"] == "overdue"]
    first = package.plans[0].document if package.plans else {}
    scope = []
    for number in plans:
        chosen = package.plan(number)
        scope.append(f"plan {number}: {chosen.title}" if chosen else f"plan {number}")
    scope += [f"{names.get(department, department)} ({department})" for department in departments]
    return {
        "title": f"{first.get('jurisdiction', '')}{first.get('year', '')}年营商环境优化提升 挂图作战",
        "package": first.get("package"),
        "as_of": as_of.isoformat(),
        "scope": "; ".join(scope),
        "headline": headline(rows, len(selected), len(indicator_rows), len(loads)),
        "timeline": timeline(package, rows, as_of, sorted({measure.plan for _, measure in selected})),
        "ongoing": [row for row in rows if not row["date"]],  # ongoing measures, reported on or not
        "statuses": [{"status": s, "word": STATUS_WORDS[s], "colour": c} for s, c in STATUS_COLOURS.items()],
        "departments": loads,
        "indicators": indicator_rows,
        "overdue": overdue,
        "mark_size": MARK,
    }


def render_report(package: "Package", as_of: date, plans: list[int] = (), departments: list[str] = (),
                  ledger=None) -> str:
    """The report page's HTML."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("bizenv_cli.outputs", "templates"),
        autoescape=True,  # every value is data from the plans: none of it is markup
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    return environment.get_template("report.html.j2").render(report_context(package, as_of, plans, departments, ledger))
