"""The whole package as one Excel workbook (docs/outputs.md): `bizenv export -o F.xlsx`.

Sheets, in order: summary (the package in figures), plans (one row per document), one sheet per
plan (its measures, whole), milestones (every milestone with its status as of the export's day,
the rows of `bizenv due`), departments, indicators (with their gaps), and, when data/progress/
holds reports, progress and actuals. Every sheet is styled by outputs/xlsx.py.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bizenv_cli.model.records import ROLES
from bizenv_cli.outputs.render import Column
from bizenv_cli.outputs.xlsx import add_sheet, new_workbook, workbook_bytes

if TYPE_CHECKING:
    from bizenv_cli.store.package import Package


def _names(package: "Package"):
    names = {department.id: department.name for department in package.registry}
    return lambda ids: "、".join(names.get(body, body) for body in ids)


def plan_sheet_name(plan) -> str:
    # 平顶山市 opens every title; the sheet tab has room for 31 characters only.
    return f"{plan.id} {plan.title.removeprefix('平顶山市')}"


def measure_columns(package: "Package") -> list[Column]:
    named = _names(package)
    return [
        Column("id", lambda row: row["id"]),
        Column("seq", lambda row: row["seq"]),
        Column("label", lambda row: row["label"]),
        Column("title", lambda row: row["title"]),
        Column("text", lambda row: row["text"]),
        Column("deadline", lambda row: row["deadline"]["raw"]),
        Column("first due", lambda row: (row["deadline"]["milestones"] or [{}])[0].get("date")),
        Column("milestones", lambda row: "\n".join(
            m["date"] + (f" {m['label']}" if m["label"] else "") for m in row["deadline"]["milestones"])),
        Column("ongoing", lambda row: row["deadline"]["ongoing"]),
        Column("recurrence", lambda row: row["deadline"]["recurrence"]),
        *(Column(role, lambda row, role=role: named(row["responsible"][role])) for role in ROLES),
        Column("responsible (as printed)", lambda row: row["responsible"]["raw"]),
        Column("section", lambda row: row["section_heading"]),
        Column("source line", lambda row: row["line"]),
    ]


def milestone_columns(package: "Package") -> list[Column]:
    named = _names(package)
    return [
        Column("date", lambda row: row["date"]),
        Column("measure", lambda row: row["measure"]),
        Column("plan", lambda row: row["plan"]),
        Column("status", lambda row: row["status"]),
        Column("days left", lambda row: row["days_left"]),
        Column("title", lambda row: row["title"]),
        Column("milestone", lambda row: row["label"]),
        Column("deadline", lambda row: row["deadline"]),
        *(Column(role, lambda row, role=role: named(row["roles"][role])) for role in ROLES),
    ]


def department_columns() -> list[Column]:
    return [
        Column("id", lambda row: row["id"]),
        Column("name", lambda row: row["name"]),
        Column("name_en", lambda row: row["name_en"]),
        Column("kind", lambda row: row["kind"]),
        Column("group", lambda row: row["group"]),
        Column("aliases", lambda row: "、".join(row["aliases"])),
        *(Column(role, lambda row, role=role: row["counts"][role]) for role in ROLES),
        Column("measures", lambda row: row["measures"]),
        Column("indicators", lambda row: row["indicators"]),
    ]


def indicator_columns(package: "Package") -> list[Column]:
    named = _names(package)

    def year_end(key):
        return lambda row: (row["year_end_target"] or {}).get(key)

    return [
        Column("id", lambda row: row["id"]),
        Column("plan", lambda row: row["plan"]),
        Column("name", lambda row: row["name"]),
        Column("unit", lambda row: row["unit"]),
        Column("direction", lambda row: row["direction"]),
        Column("baseline", lambda row: row["baseline"]["raw"]),
        Column("baseline value", lambda row: row["baseline"]["value"]),
        Column("targets", lambda row: "\n".join(f"{t['by']}: {t['raw']}" for t in row["targets"])),
        Column("year-end target", year_end("raw")),
        Column("target value", year_end("value")),
        Column("frontier", lambda row: row["frontier"]["raw"]),
        Column("frontier value", lambda row: row["frontier"]["value"]),
        Column("frontier where", lambda row: row["frontier"]["where"]),
        Column("to target", lambda row: row["to_target"]),
        Column("to target %", lambda row: row["to_target_pct"]),
        Column("to frontier", lambda row: row["to_frontier"]),
        Column("improving", lambda row: row["improving"]),
        Column("meets frontier", lambda row: row["meets_frontier"]),
        Column("completion", lambda row: row["completion"]["raw"]),
        Column("actual", lambda row: (row.get("actual") or {}).get("raw")),  # from the work ledger
        Column("departments", lambda row: named(row["departments"])),
    ]


def summary_rows(package: "Package", as_of: date, milestones: list[dict], progress: list[dict],
                 actuals: list[dict]) -> list[dict]:
    first = package.plans[0].document if package.plans else {}
    counts = {status: sum(1 for row in milestones if row["status"] == status)
              for status in ("overdue", "due", "upcoming", "ongoing")}
    facts = [
        ("package", first.get("package")),
        ("jurisdiction", first.get("jurisdiction")),
        ("year", first.get("year")),
        ("as of", as_of.isoformat()),
        ("plans", len(package.plans)),
        ("measures", sum(len(plan.measures) for plan in package.plans)),
        ("milestones", sum(1 for row in milestones if row["date"])),
        (f"overdue as of {as_of.isoformat()}", counts["overdue"]),
        ("due within 30 days", counts["due"]),
        ("upcoming", counts["upcoming"]),
        ("ongoing measures (no date)", counts["ongoing"]),
        ("indicators", sum(len(plan.indicators) for plan in package.plans)),
        ("departments", len(package.registry)),
        ("ledger updates", len(progress)),
        ("ledger actuals", len(actuals)),
    ]
    return [{"what": what, "value": value} for what, value in facts]


def package_workbook(package: "Package", as_of: date, progress: list[dict] = (),
                     actuals: list[dict] = (), ledger=None) -> bytes:
    from bizenv_cli.model.periods import Window
    from bizenv_cli.query.queries import department_rows, due_rows, gap_rows, IndicatorFilter, measure_row, plan_rows

    named = _names(package)
    selected = [(plan, measure) for plan in package.plans for measure in plan.measures]
    from bizenv_cli.outputs.ledger_rows import judged_by

    milestones = due_rows(selected, Window(), as_of, include_ongoing=True, **judged_by(ledger))
    indicators = gap_rows(package.plans, IndicatorFilter())
    if ledger:
        from bizenv_cli.ledger.views import with_actuals

        with_actuals(indicators, ledger, as_of)
    workbook = new_workbook()
    add_sheet(workbook, "summary", summary_rows(package, as_of, milestones, list(progress), list(actuals)),
              [Column("what", lambda row: row["what"]), Column("value", lambda row: row["value"])])
    add_sheet(workbook, "plans", plan_rows(package.plans), [
        Column("no.", lambda row: row["number"]),
        Column("id", lambda row: row["id"]),
        Column("title", lambda row: row["title"]),
        Column("title_en", lambda row: row["title_en"]),
        Column("indicator area", lambda row: row["indicator_area"]),
        Column("measures", lambda row: row["measures"]),
        Column("milestones", lambda row: row["milestones"]),
        Column("indicators", lambda row: row["indicators"]),
        Column("lead", lambda row: named([row["lead"]]) if row["lead"] else None),
    ])
    columns = measure_columns(package)
    for plan in package.plans:
        add_sheet(workbook, plan_sheet_name(plan), [measure_row(m, plan) for m in plan.measures], columns)
    add_sheet(workbook, "milestones", milestones, milestone_columns(package))
    add_sheet(workbook, "departments", department_rows(package.plans, package.registry), department_columns())
    add_sheet(workbook, "indicators", indicators, indicator_columns(package))
    if progress:
        add_sheet(workbook, "progress", list(progress), [Column(key, lambda row, key=key: row[key])
                                                         for key in progress[0]])
    if actuals:
        add_sheet(workbook, "actuals", list(actuals), [Column(key, lambda row, key=key: row[key])
                                                       for key in actuals[0]])
    return workbook_bytes(workbook)
