"""One item by the id the tool prints (09.10, 09.i1, 01.s5, 09.t1, a plan's number, id, slug or
file stem), and the whole of it as `bizenv show` prints it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from unicodedata import normalize

from bizenv_cli.model.item_ids import ITEM_ID, near_ids
from bizenv_cli.model.records import Indicator, Measure, Plan
from bizenv_cli.model.periods import Window
from bizenv_cli.query.queries import due_rows, gap_row, measure_row, plan_rows, section_trail
from bizenv_cli.model.textfold import fold
from bizenv_cli.model.wording import did_you_mean

_MEASURE_ID = re.compile(r"^(\d{1,2})\.(\d{1,3}[a-z]?)$")
_INDICATOR_ID = re.compile(r"^(\d{1,2})\.i(\d+)$", re.IGNORECASE)
_SECTION_ID = re.compile(r"^(\d{1,2})\.s(\d+)$", re.IGNORECASE)
_TABLE_ID = re.compile(r"^(\d{1,2})\.t(\d+)$", re.IGNORECASE)


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
    not guessed (`suggest_items` says which ids it may stand for). An id typed in full-width forms
    (０９.０２, as a Chinese input method gives it) is that id, as the ledger reads it."""
    wanted = normalize("NFKC", text).strip()
    if ITEM_ID.match(wanted):
        folded = wanted.lower()
        for plan in plans:
            for kind, item, item_id in _items(plan):
                if item_id.lower() == folded:
                    return kind, plan, item
        return None
    plan = find_plan(plans, wanted)
    return ("plan", plan, plan) if plan else None


def suggest_items(plans: list[Plan], text: str) -> list[str]:
    """The ids of the plans' items a shortened or spreadsheet-mangled id may stand for, by the one
    rule for ids (model/item_ids.near_ids): 9.1 -> 09.01, 09.10; 2.i3 -> 02.i3; a milestone as the
    ledger names it, 09.02#1, -> its measure, 09.02."""
    return near_ids(text, (item_id for plan in plans for _, _, item_id in _items(plan)))


def missing_item(plans: list[Plan], text: str) -> str:
    """Why `find_item` found nothing, in words that point at what exists: the ids a shortened id
    may stand for (9.1 -> "did you mean 09.01 or 09.10?"), the ids of the plan the user meant
    (02.99 -> "plan 2 has measures 02.01 to 02.10"; a section or a table likewise), else what an id
    looks like."""
    wanted = text.strip()
    suggested = suggest_items(plans, wanted)
    if suggested and "#" in wanted:
        return f"no id '{wanted}': a milestone is shown with its measure, {suggested[0]}"
    if suggested:
        return f"no id '{wanted}' (ids are written in full, as printed){did_you_mean(suggested)}"
    by_number = {plan.number: plan for plan in plans}
    for pattern, kind in ((_MEASURE_ID, "measure"), (_INDICATOR_ID, "indicator"),
                          (_SECTION_ID, "section"), (_TABLE_ID, "table")):
        match = pattern.match(wanted)
        if not match:
            continue
        plan = by_number.get(int(match.group(1)))
        if plan is None and plans:
            return (f"no {kind} '{wanted}': there is no plan {int(match.group(1))} "
                    f"(plans are numbered {plans[0].number} to {plans[-1].number})")
        if plan is None:
            break
        ids = [item_id for item_kind, _, item_id in _items(plan) if item_kind == kind]
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
    """The plan a user names by number (9), id (09), slug (paying-taxes) or file stem (09-paying-taxes),
    typed in full-width forms too (９, ０９), as an id is (find_item)."""
    wanted = normalize("NFKC", text).strip().lower()
    return next((plan for plan in plans
                 if wanted in (str(plan.number), plan.id, plan.slug, f"{plan.id}-{plan.slug}")), None)


def detail(kind: str, plan: Plan, item, as_of: date, judge=None) -> dict:
    """The record `bizenv show` gives of what `find_item` found: a measure's (its milestones as of
    `as_of`, judged by `judge`), an indicator's, a section's, a table's or a plan's."""
    if kind == "measure":
        return measure_detail(plan, item, as_of, judge=judge)
    if kind == "indicator":
        return indicator_detail(plan, item)
    if kind == "section":
        return section_detail(plan, item)
    if kind == "table":
        return table_detail(plan, item)
    return plan_detail(plan)


def measure_detail(plan: Plan, measure: Measure, as_of: date, judge=None) -> dict:
    """A measure row, with its plan's title, its section headings (outermost first) and every
    milestone (ongoing included) with its status as of `as_of` (judged by `judge`: due_rows)."""
    record = measure_row(measure, plan)
    record["plan_title"] = plan.title
    record["sections"] = [section.get("heading") for section in reversed(section_trail(plan, measure.section))]
    record["milestones"] = due_rows([(plan, measure)], Window(), as_of, include_ongoing=True, judge=judge)
    return record


def indicator_detail(plan: Plan, indicator: Indicator) -> dict:
    """The indicator's gaps row, with what the source says of its direction and bodies."""
    from bizenv_cli.model.owners import indicator_owners

    record = gap_row(indicator, indicator_owners(plan, indicator))
    record.update(direction_why=indicator.direction_why, note=indicator.note,
                  responsible_raw=indicator.responsible.raw if indicator.responsible else None,
                  lead_raw=indicator.lead.raw if indicator.lead else None)
    return record


def plan_detail(plan: Plan) -> dict:
    record = plan_rows([plan])[0]
    record["sections"] = [{"id": s["id"], "kind": s["kind"], "heading": s.get("heading")}
                          for s in plan.document.get("sections", [])]
    record["measure_rows"] = [measure_row(measure, plan) for measure in plan.measures]
    from bizenv_cli.model.owners import plan_owners

    record["indicator_rows"] = [gap_row(indicator, owners)
                                for indicator, owners in zip(plan.indicators, plan_owners(plan))]
    return record


