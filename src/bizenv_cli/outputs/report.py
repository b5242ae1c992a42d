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

import calendar

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from bizenv_cli.model.records import ROLES
from bizenv_cli.model.status_words import (DIRECTION_IN_CHINESE, ROLE_IN_CHINESE, STATUS_IN_CHINESE,
                                           STATUS_IN_ENGLISH, status_word)
from bizenv_cli.model.wording import LIST_SEPARATOR
from bizenv_cli.outputs.xlsx import display_width
from bizenv_cli.outputs.words import MONTH_IN_CHINESE, ONGOING_UNDATED, REPORT_IN_CHINESE, REPORT_TITLE, word_in

if TYPE_CHECKING:
    from bizenv_cli.model.records import Measure
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
# Every word the page shows, by its key in the template, as the English page (`--lang en`) says it;
# the Chinese page (the default: the page is for the office) says each as outputs/words.py's
# REPORT_IN_CHINESE does. The status words are those of every file (model/status_words.py).
WORDS = {
    "as_of": "as of", "plan": "plan {number}", "plan_title": ": {title}", "scope_separator": "; ",
    "measures": "measures",
    "milestones": "milestones",
    "indicators": "indicators",
    "bodies": "responsible bodies",
    # The bodies the measures shown name, in any role: the rows of the table of bodies.
    "bodies_named": "bodies the measures name",
    "timeline": "Milestones by month and plan",
    "timeline_label": "milestones by month and plan",
    "undated": "Plans with no dated milestone: ",
    # The headline's figure of what the note under the chart counts, in the export summary's words.
    "ongoing_undated": ONGOING_UNDATED,
    "ongoing_note": "{n} ongoing measures have no date and are not charted.",
    "silent_note": "{n} measures state no 时间节点 and are not charted.",
    "silent_note_one": "{n} measure states no 时间节点 and is not charted.",
    "departments": "Responsible bodies: load and status",
    "body": "body",
    "load": "milestones (incl. ongoing)",
    "by_role": "measures, by role",
    "status": "status",
    **{role: role for role in ROLES},
    "indicator_heading": "Indicators: baseline → target → frontier",
    "baseline": "baseline", "target": "year-end target", "frontier": "frontier",
    "actual": "actual", "indicator": "indicator", "unit": "unit", "id": "id",
    "better_right": "better is to the right",
    **{direction: f"{direction} is better" for direction in DIRECTION_IN_CHINESE},
    # beside an indicator's name, in the punctuation of the page's language: （越低越好）, (lower is better)
    "direction_note": "({direction})",
    "overdue_heading": "Overdue as of {as_of} ({n})",
    "date": "date", "measure": "measure", "days_over": "days overdue",
    "reported": "reported",
    "reported_as": "{status}, reported as of {as_of}",
    "never_reported": "never reported",
    "nothing_overdue": "Nothing is overdue.",
}
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# A target, baseline or frontier longer than this is prose (进一步压减…): the table shows its
# start and folds the rest away (<details>), so that a row stays a row of figures.
PROSE_SHOWN = 24


def words_in(language: str) -> dict[str, str]:
    return {key: word_in(english, REPORT_IN_CHINESE, language) for key, english in WORDS.items()}


# Timeline geometry, in SVG user units (the SVG scales to the page's width).
LABEL_WIDTH = 190
# A lane's label (12px text) in display cells that fit LABEL_WIDTH (a CJK character is two cells,
# 12px); a longer name (23 包容普惠创新（基本公共服务群众满意度）) goes on more lines, LABEL_LINE
# apart, rather than run over January's marks.
LABEL_CELLS = 30
LABEL_LINE = 14
MONTH_WIDTH = 66
MARK = 8            # a milestone's square
PITCH = 10          # from one mark to the next
DAY_COLUMNS = 3     # marks of one day side by side: 3 end past mid-month when the day is the last
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
    reported: str = ""  # the as_of of the report its status rests on; empty when never reported


@dataclass
class PlanLane:
    number: int
    name: str
    title: str
    y: float
    height: float
    marks: list[Mark] = field(default_factory=list)

    @property
    def name_lines(self) -> list[str]:
        return label_lines(self.name)


def label_lines(name: str) -> list[str]:
    """`name` in lines of at most LABEL_CELLS display cells, broken before a （ where one fits."""
    lines: list[str] = []
    rest = name
    while display_width(rest) > LABEL_CELLS:
        cut, width = 0, 0
        while display_width(rest[cut]) + width <= LABEL_CELLS:
            width += display_width(rest[cut])
            cut += 1
        bracket = rest.rfind("（", 1, cut)
        cut = bracket if bracket > 0 else cut
        lines.append(rest[:cut])
        rest = rest[cut:]
    return [*lines, rest]


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
        if current.year == date.max.year and current.month == 12:
            break  # a date of 9999-12 (a typo validate names) has no month after it to compute
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def _month_days(month: date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def timeline(package: "Package", rows: list[dict], as_of: date, plan_numbers: list[int] = (),
             language: str = "zh") -> Timeline:
    """The chart's geometry: a lane per plan, a column per month, and each milestone's mark on its
    day within the month: marks due on one day sit side by side (DAY_COLUMNS at most) ending at the
    end of that day, further ones below; marks that would overlap another day's stack under them."""
    dated = [row for row in rows if row["date"]]
    days = [date.fromisoformat(row["date"]) for row in dated]
    if days:
        months = _months(date(min(days).year, 1, 1), max(days))
    else:
        months = _months(date(as_of.year, 1, 1), date(as_of.year, 12, 1))
    index = {(month.year, month.month): n for n, month in enumerate(months)}
    plans = {plan.number: plan for plan in package.plans}

    def day_end(day: date) -> float:
        first = date(day.year, day.month, 1)
        return LABEL_WIDTH + index[(day.year, day.month)] * MONTH_WIDTH + MONTH_WIDTH * day.day / _month_days(first)

    lanes: list[PlanLane] = []
    y = HEADER_HEIGHT
    for number in sorted({row["plan"] for row in dated}):
        by_day: dict[str, list[dict]] = {}
        for row in dated:
            if row["plan"] == number:
                by_day.setdefault(row["date"], []).append(row)
        blocks: list[tuple[float, float, int, int]] = []  # left, right, first row, last row + 1
        placed: list[tuple[float, int, dict]] = []
        for day_text, items in sorted(by_day.items()):
            day = date.fromisoformat(day_text)
            columns = min(len(items), DAY_COLUMNS)
            stacked = -(-len(items) // columns)
            width = (columns - 1) * PITCH + MARK
            month_left = LABEL_WIDTH + index[(day.year, day.month)] * MONTH_WIDTH + 1
            left = max(day_end(day) - width, month_left)  # the first days of a month stay in it
            right = left + width
            first = 0
            while any(other_left < right + 1 and left < other_right + 1 and top < first + stacked and first < bottom
                      for other_left, other_right, top, bottom in blocks):
                first += 1
            blocks.append((left, right, first, first + stacked))
            for n, row in enumerate(items):
                placed.append((left + (n % columns) * PITCH, first + n // columns, row))
        rows_needed = max(bottom for _, _, _, bottom in blocks)
        plan = plans[number]
        name = f"{plan.id} {short_plan_name(plan.title)}"
        height = max(rows_needed * PITCH, len(label_lines(name)) * LABEL_LINE) + 2 * ROW_PADDING
        lane = PlanLane(number, name, plan.title, y, height)
        for x, level, row in placed:
            lane.marks.append(Mark(x, y + ROW_PADDING + level * PITCH, row["measure"], row["status"], row["date"],
                                   row["label"], row["title"] or _short(row["text"]),
                                   STATUS_COLOURS.get(row["status"], "#666666"), row.get("reported") or ""))
        lanes.append(lane)
        y += height

    as_of_x = None
    key = (as_of.year, as_of.month)
    if key in index:
        as_of_x = LABEL_WIDTH + index[key] * MONTH_WIDTH + MONTH_WIDTH * (as_of.day - 1) / _month_days(
            date(as_of.year, as_of.month, 1))
    month_cells = [{"x": LABEL_WIDTH + n * MONTH_WIDTH, "year": month.year,
                    "label": MONTH_IN_CHINESE.format(month=month.month) if language == "zh"
                    else MONTH_NAMES[month.month - 1]}
                   for n, month in enumerate(months)]
    charted = {lane.number for lane in lanes}
    undated = [f"{plans[number].id} {short_plan_name(plans[number].title)}" for number in plan_numbers
               if number not in charted and number in plans]
    return Timeline(LABEL_WIDTH + len(months) * MONTH_WIDTH, y + 4, month_cells, lanes, as_of_x, undated)


def _short(text: str) -> str:
    """A mark's title where its measure has none: the text on one line, cut at 40 characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= 40 else flat[:40] + "…"


def department_load(package: "Package", rows: list[dict], measures: list["Measure"]) -> list[dict]:
    """Per body `measures` name: the milestones (and ongoing rows) of those measures it holds any
    role in, by status, and how many of the measures name it in each role (queries.measures_by_role,
    what `departments` counts); busiest first, a body whose measures have no date last. A
    collective holds the milestones of the entries it covers too (Registry.covering), so that its
    figures count what `due --dept` lists for it."""
    from bizenv_cli.query.queries import measures_by_role

    names = {department.id: department.name for department in package.registry}
    covering_any = package.registry.covering_any
    load = {body: {"id": body, "name": names.get(body, body), "total": 0, "statuses": {}, "roles": roles}
            for body, roles in measures_by_role(measures, package.registry).items()}
    for row in rows:
        for body in covering_any(body for role in ROLES for body in row["roles"][role]):
            entry = load[body]
            entry["total"] += 1
            entry["statuses"][row["status"]] = entry["statuses"].get(row["status"], 0) + 1
    entries = sorted(load.values(), key=lambda e: (-e["total"], e["id"]))
    widest = max((entry["total"] for entry in entries), default=1)
    for entry in entries:
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
    # A target printed as a change (同比压缩0.5次) sits where the level it sets is; with no baseline
    # to apply it to, it has no place on the line.
    points = [("baseline", row["baseline"]["value"]), ("target", target.get("level")),
              ("frontier", row["frontier"]["value"]), ("actual", _actual_in_its_unit(row, actual))]
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


def _actual_in_its_unit(row: dict, actual: dict) -> float | None:
    """The actual's value, or None when it is written in another unit than the indicator's (66.5天
    on one in 小时): its figure is no place on a line in the indicator's unit, as it has no
    progress_pct (ledger/units.py)."""
    value = actual.get("value")
    if value is None:
        return None
    from bizenv_cli.ledger.units import foreign_unit, row_unit

    return None if foreign_unit(actual.get("raw") or "", row_unit(row), value) is not None else value


def status_words(language: str) -> dict[str, str]:
    """Each status as the page names it: Chinese, or English for `--lang en`."""
    table = STATUS_IN_CHINESE if language == "zh" else STATUS_IN_ENGLISH
    return {status: table[status] for status in STATUS_COLOURS}


def headline(rows: list[dict], measures: int, indicators: int, departments: int, language: str = "zh") -> list[dict]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    dated = sum(1 for row in rows if row["date"])
    words, statuses = words_in(language), status_words(language)
    # The milestones by status add up to the milestones; beside them, the ongoing measures the
    # chart cannot show (those with no date: a measure printed 2022年12月，持续推进 is a milestone
    # too), the figure the note under the chart and the export's summary give. Every ongoing row
    # (132) read as that figure (109) beside it.
    undated = len(undated_ongoing(rows))
    figures = [
        {"label": words["measures"], "value": measures},
        {"label": words["milestones"], "value": dated},
        *({"label": statuses[status], "value": counts[status], "status": status,
           "colour": STATUS_COLOURS[status]} for status in STATUS_COLOURS if counts.get(status) and status != "ongoing"),
        *([{"label": words["ongoing_undated"], "value": undated, "status": "ongoing",
            "colour": STATUS_COLOURS["ongoing"]}] if undated else []),
        {"label": words["indicators"], "value": indicators},
        {"label": words["bodies_named"], "value": departments},
    ]
    return figures


def undated_ongoing(rows: list[dict]) -> list[dict]:
    """The ongoing rows (持续推进) of the measures that have no dated row: what the chart cannot
    show. A measure both dated and ongoing (2022年12月，持续推进) is charted on its date."""
    dated = {row["measure"] for row in rows if row["date"]}
    return [row for row in rows if not row["date"] and row["measure"] not in dated]


def reported_text(row: dict, language: str) -> str:
    """What the ledger says of an overdue milestone: the status it was last reported in and as of
    which report (推进中（2022-06-30 报送）), or that no body has reported on it (未报送)."""
    words = words_in(language)
    progress = row.get("progress")
    if not progress:
        return words["never_reported"]
    return words["reported_as"].format(status=status_word(progress["status"], language),
                                       as_of=row.get("reported") or progress["as_of"])


def report_context(package: "Package", as_of: date, plans: list[int] = (),
                   departments: list[str] = (), ledger=None, language: str = "zh") -> dict:
    """Everything the template shows, computed from the package (and the work ledger, if any),
    for the measures of any of `plans` naming any of `departments` (all when none is given),
    its words in `language` (zh or en)."""
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
    loads = department_load(package, rows, [measure for _, measure in selected])
    words = words_in(language)
    role_words = ROLE_IN_CHINESE if language == "zh" else {role: role for role in ROLES}
    overdue = [dict(row, bodies=[{"role": role_words[role], "names": [names.get(i, i) for i in row["roles"][role]]}
                                 for role in ROLES if row["roles"][role]],
                    reported=row.get("reported") or "", reported_text=reported_text(row, language))
               for row in rows if row["status"] == "overdue"]
    first = package.plans[0].document if package.plans else {}
    scope = []
    for number in plans:
        chosen = package.plan(number)
        plan = words["plan"].format(number=number)
        scope.append(f"{plan}{words['plan_title'].format(title=chosen.title)}" if chosen else plan)
    scope += [f"{names.get(department, department)} ({department})" for department in departments]
    statuses = status_words(language)
    return {
        "lang": "zh-CN" if language == "zh" else "en",
        "words": words,
        # A list in a cell (a role's bodies), joined as every listing of the language joins one.
        "list_separator": LIST_SEPARATOR[language],
        "status_words": statuses,
        "prose_shown": PROSE_SHOWN,
        "title": REPORT_TITLE.format(jurisdiction=first.get("jurisdiction", ""), year=first.get("year", "")),
        "package": first.get("package"),
        "as_of": as_of.isoformat(),
        "scope": words["scope_separator"].join(scope),
        "headline": headline(rows, len(selected), len(indicator_rows), len(loads), language),
        "timeline": timeline(package, rows, as_of, sorted({measure.plan for _, measure in selected}), language),
        # The ongoing measures the chart leaves out: those with no date at all (a measure printed
        # 2022年12月，持续推进 is charted on its day, and is not one of them).
        "ongoing": undated_ongoing(rows),
        # The measures that print no 时间节点 at all (plan 1's, 02.04): in no row, and so in no chart.
        "silent": sum(1 for _, measure in selected if not measure.deadline.printed),
        "statuses": [{"status": s, "word": statuses[s], "colour": c} for s, c in STATUS_COLOURS.items()],
        "departments": loads,
        "indicators": indicator_rows,
        "overdue": overdue,
        "mark_size": MARK,
        "label_line": LABEL_LINE,
    }


def render_report(package: "Package", as_of: date, plans: list[int] = (), departments: list[str] = (),
                  ledger=None, language: str = "zh") -> str:
    """The report page's HTML, in Chinese or, for `language="en"`, in English."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("bizenv_cli.outputs", "templates"),
        autoescape=True,  # every value is data from the plans: none of it is markup
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    context = report_context(package, as_of, plans, departments, ledger, language)
    return environment.get_template("report.html.j2").render(context)
