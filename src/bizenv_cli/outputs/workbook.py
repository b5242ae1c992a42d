"""The whole package as one Excel workbook (docs/outputs.md): `bizenv export -o F.xlsx`.

Sheets, in order: summary (the package in figures), plans (one row per document), one sheet per
plan (its measures, whole), milestones (every milestone with its status as of the export's day,
the rows of `bizenv due`), departments, indicators (with their gaps), and, when data/progress/
holds reports, progress and actuals. Every sheet is styled, and laid out to print, by outputs/xlsx.py;
its headers, sheet names and status words are Chinese unless `--lang en`, which says a status in
English words (`due within 30 days`; outputs/words.py).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bizenv_cli.model.changes import change_text
from bizenv_cli.model.records import ROLES
from bizenv_cli.model.status_words import plan_lead_words
from bizenv_cli.outputs.render import Column
from bizenv_cli.outputs.report import undated_ongoing
from bizenv_cli.outputs.words import (ONGOING_UNDATED, SUMMARY_IN_CHINESE, Language, in_language, sheet_in,
                                      status_figure, word_in)
from bizenv_cli.outputs.xlsx import add_sheet, new_workbook, workbook_bytes

if TYPE_CHECKING:
    from bizenv_cli.store.package import Package


def _name_of_each(package: "Package") -> dict[str, str]:
    return {department.id: department.name for department in package.registry}


def _names(package: "Package"):
    # A list, which the sheet joins as its language joins one (model/wording.LIST_SEPARATOR).
    names = _name_of_each(package)
    return lambda ids: [names.get(body, body) for body in ids]


def plan_sheet_name(plan) -> str:
    # 平顶山市 opens every title; the sheet tab has room for 31 characters only.
    return f"{plan.id} {plan.title.removeprefix('平顶山市')}"


def measure_columns(package: "Package") -> list[Column]:
    named = _names(package)
    return [
        Column.of("id"),
        Column.of("seq"),
        Column.of("label"),
        Column.of("title"),
        Column.of("text"),
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
        Column.of("date"),
        Column.of("measure"),
        Column.of("plan"),
        Column.of("status"),
        Column("days left", lambda row: row["days_left"]),
        Column.of("title"),
        Column("milestone", lambda row: row["label"]),
        Column.of("deadline"),
        *(Column(role, lambda row, role=role: named(row["roles"][role])) for role in ROLES),
        Column.of("text"),  # what is due, where the measure prints no title (03.10 …)
    ]


# A role as the English sheet counts a body's measures in it (measures as lead ...), as the report
# says it under 措施数（按职责）.
ROLE_AS = {"lead": "lead", "support": "support", "implement": "implementer", "responsible": "responsible"}


def department_columns() -> list[Column]:
    return [
        Column.of("id"),
        Column.of("name"),
        _worded("English name", "name_en"),
        Column.of("kind"),
        Column.of("group"),
        Column.of("aliases"),
        *(Column(f"measures as {ROLE_AS[role]}", lambda row, role=role: row["counts"][role], key=f"counts.{role}")
          for role in ROLES),
        Column.of("measures"),
        Column.of("indicators"),
    ]


# The ledger's keys the progress and actuals sheets head in words (the others are words already).
LEDGER_HEADERS = {"reported_by": "reported by", "as_of": "as of", "done_on": "done on", "measured_on": "measured on"}


def ledger_columns(rows: list[dict]) -> list[Column]:
    """The columns of the progress or actuals sheet: each key of the rows, headed in words. A
    report's `milestone` is the milestone's number, not its words (the milestones sheet's)."""
    return [_worded(LEDGER_HEADERS.get(key, key), key, "progress.milestone" if key == "milestone" else key)
            for key in rows[0]]


def _worded(header: str, key: str, named_by: str | None = None) -> Column:
    """The column of the rows' `key`, headed `header` in English; in Chinese as `named_by` (the key
    itself unless given) is, its values in that key's words."""
    return Column(header, lambda row: row[key], key=named_by or key)


def indicator_columns(package: "Package") -> list[Column]:
    named = _names(package)

    def year_end(key):
        return lambda row: (row["year_end_target"] or {}).get(key)

    return [
        Column.of("id"),
        Column.of("plan"),
        Column.of("name"),
        Column.of("unit"),
        Column.of("direction"),
        Column("baseline", lambda row: row["baseline"]["raw"]),
        Column("baseline value", lambda row: row["baseline"]["value"]),
        # A target whose cell is empty (raw null) shows a dash, as `gaps`' table shows it, not "None".
        Column("targets", lambda row: "\n".join(f"{t['by']}: {t['raw'] or '—'}" for t in row["targets"])),
        Column("year-end target", year_end("raw")),
        Column("target value", year_end("level")),
        Column("target change", lambda row: change_text(*((row["year_end_target"] or {}).get(key)
                                                          for key in ("value", "change", "change_unit")))),
        Column("frontier", lambda row: row["frontier"]["raw"]),
        Column("frontier value", lambda row: row["frontier"]["value"]),
        Column("frontier where", lambda row: row["frontier"]["where"]),
        Column("to target", lambda row: row["to_target"]),
        Column("to target %", lambda row: row["to_target_pct"]),
        Column("to frontier", lambda row: row["to_frontier"]),
        Column.of("improving"),
        Column("meets frontier", lambda row: row["meets_frontier"]),
        Column("completion", lambda row: row["completion"]["raw"]),
        Column("actual", lambda row: (row.get("actual") or {}).get("raw")),  # from the work ledger
        Column("departments", lambda row: named(row["departments"])),
    ]


# The statuses a milestone can have as of a day, in the order the summary counts them: those of
# `bizenv due`, then the ledger's verdicts (docs/ledger.md). Every one is counted, zero or not, so
# that the counts add up to the milestones.
MILESTONE_STATUSES = ("overdue", "due", "upcoming", "done", "done-late", "dropped")


def summary_rows(package: "Package", as_of: date, milestones: list[dict], progress: list[dict],
                 actuals: list[dict], language: str = "en") -> list[dict]:
    """The package in figures, each labelled in `language`: the milestones by status (every status,
    so the figures add up to the milestones), then the measures without a date, and the bodies."""
    from bizenv_cli.query.queries import measures_by_role

    first = package.plans[0].document if package.plans else {}
    measures = package.measures()
    dated = [row for row in milestones if row["date"]]
    # A measure printed 2022年12月，持续推进 has a dated row and an ongoing one: it has a date.
    ongoing = undated_ongoing(milestones)
    silent = sum(1 for measure in measures if not measure.deadline.printed)
    counts = {status: sum(1 for row in dated if row["status"] == status) for status in MILESTONE_STATUSES}
    # Each label in English; in Chinese as outputs/words.py's SUMMARY_IN_CHINESE says it.
    facts = [
        ("package", first.get("package")),
        ("jurisdiction", first.get("jurisdiction")),
        ("year", first.get("year")),
        ("as of", as_of.isoformat()),
        ("plans", len(package.plans)),
        ("measures", len(measures)),
        ("milestones", len(dated)),
        *((status_figure(status), counts[status]) for status in MILESTONE_STATUSES),
        # The figure and the words of the report's headline.
        (ONGOING_UNDATED, len(ongoing)),
        ("measures with no 时间节点", silent),
        ("indicators", sum(len(plan.indicators) for plan in package.plans)),
        # The bodies the measures name, as the report's headline counts them (any role; a
        # collective counts where an entry it covers is named); then the registry, every row of the
        # departments sheet, 2 more: two groups named only by an indicator table (document 19).
        ("bodies the measures name", len(measures_by_role(measures, package.registry))),
        ("bodies on the departments sheet", len(package.registry)),
        ("ledger updates", len(progress)),
        ("ledger actuals", len(actuals)),
    ]
    return [{"what": word_in(label, SUMMARY_IN_CHINESE, language).format(day=as_of.isoformat()), "value": value}
            for label, value in facts]


def package_workbook(package: "Package", as_of: date, progress: list[dict] = (),
                     actuals: list[dict] = (), ledger=None, language: str = Language.zh) -> bytes:
    """The workbook's bytes, its headers, sheet names and status words in `language` (zh or en)."""
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

    names = _name_of_each(package)  # a report's reported_by, by name in Chinese

    def sheet(name: str, rows: list[dict], columns: list[Column]) -> None:
        add_sheet(workbook, sheet_in(name, language), rows, in_language(columns, language, names, opened=True))

    sheet("summary", summary_rows(package, as_of, milestones, list(progress), list(actuals), language),
          [Column.of("what"), Column.of("value")])
    sheet("plans", plan_rows(package.plans), [
        Column("no.", lambda row: row["number"]),
        Column.of("id"),
        Column.of("title"),
        _worded("English title", "title_en"),
        Column("indicator area", lambda row: row["indicator_area"]),
        Column.of("measures"),
        Column.of("milestones"),
        Column.of("indicators"),
        # The body leading the most measures; on a tie each of them, said to be tied.
        Column("lead", lambda row: plan_lead_words(named(row["top_leads"]),
                                                   row["top_lead_measures"], language)),
    ])
    columns = measure_columns(package)
    for plan in package.plans:
        sheet(plan_sheet_name(plan), [measure_row(m, plan) for m in plan.measures], columns)
    sheet("milestones", milestones, milestone_columns(package))
    sheet("departments", department_rows(package.plans, package.registry), department_columns())
    sheet("indicators", indicators, indicator_columns(package))
    for name, rows in (("progress", list(progress)), ("actuals", list(actuals))):
        if rows:
            sheet(name, rows, ledger_columns(rows))
    return workbook_bytes(workbook)
