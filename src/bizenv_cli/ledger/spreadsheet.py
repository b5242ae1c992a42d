"""The round trip offices run (docs/ledger.md): a template listing what a body must report on, filled
in with Excel or WPS, read back as they leave it. The template's rows are made here; they are
written as a file by outputs/ledger_template.py, through the writers every listing uses.

The template (.xlsx, or .csv in UTF-8 with a BOM) has one row per milestone of every measure in
which the body holds any role (`09.02#1`; an ongoing or undated measure as a whole: `09.02`) and
one per indicator it answers for (`09.i1`), with the plan's facts and four blank columns:
状态 (status), 完成日期 (the day done, or measured), 进展情况 (what was done, kept as written) and
实际值 (an indicator's value as reported).

The import takes the sheet back as people leave it: status words in Chinese (未启动/推进中/已完成/
已取消) or English, days as spreadsheet dates or typed as 2022-06-20, 2022/6/20 or 2022年6月20日,
blank rows anywhere, ids Excel turned into numbers (09.10 -> 9.1) in a re-saved CSV, and a GBK
CSV saved by WPS. Rows without anything filled in report nothing. A sheet with any bad row is
refused as a whole, every bad row named as `FILE:ROW column: message`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from bizenv_cli.ledger.roles import indicator_roles
from bizenv_cli.ledger.sheet_files import SheetError
from bizenv_cli.ledger.record import Item, actual_entry, parse_item, update_entry
from bizenv_cli.ledger.status import judge_milestone, judge_ongoing
from bizenv_cli.ledger.words import CHINESE_STATUS, parse_day, parse_status

ID, PLAN, TITLE, DATE, DEADLINE, ROLE, CURRENT = "编号", "方案", "标题", "时间节点", "原文时限", "职责", "当前状态"
STATUS, DONE_ON, EVIDENCE, ACTUAL = "状态", "完成日期", "进展情况", "实际值"
HEADER = (ID, PLAN, TITLE, DATE, DEADLINE, ROLE, CURRENT, STATUS, DONE_ON, EVIDENCE, ACTUAL)
FILLED = (STATUS, DONE_ON, EVIDENCE, ACTUAL)
ONGOING_WORD = "持续推进"
MOST_ROW_PROBLEMS = 50
SHEET_TITLE = "工作台账"

# `measures` and `plan`: an indicator whose own cells name no body, owned by the bodies responsible
# for the measures that name it, or by those every measure of its plan names (ledger.roles).
ROLE_WORDS = {"lead": "牵头", "support": "配合", "implement": "负责落实", "responsible": "负责",
              "measures": "相关措施负责", "plan": "方案各措施负责"}
STATUS_IN_CHINESE = {**CHINESE_STATUS, "done-late": "逾期完成", "overdue": "已逾期", "due": "临近到期",
                     "upcoming": "未到期", "ongoing": "持续推进"}




# --- the template ---------------------------------------------------------------------------------

def template_rows(package, ledger, department_id: str, as_of: date, owned=None) -> list[dict]:
    """The template's rows for one body: its milestones in plan order, then its indicators (those
    `gaps --dept` lists for it: ledger.roles). `owned`: Package.owned_indicators(), given when
    templates for many bodies are made, so that the owners are worked out once."""
    if owned is None:
        # Asked before the plans are decoded, the folder index answers from its cache (owners.py)
        # instead of folding every measure's text again.
        owned = package.owned_indicators()
    # A body answers for what its scope covers (Registry.scope), as `due --dept` and `gaps --dept`
    # count it: the county governments' template holds what names any county-government entry.
    scope = package.registry.scope(department_id)
    rows = []
    for plan in package.plans:
        for measure in plan.measures:
            roles = [body.role for body in measure.responsible.bodies if body.id in scope]
            if not roles:
                continue
            role = "、".join(dict.fromkeys(ROLE_WORDS[r] for r in roles))
            base = {PLAN: plan.number, TITLE: _title(measure), DEADLINE: measure.deadline.raw or "", ROLE: role}
            for number, milestone in enumerate(measure.deadline.milestones, 1):
                days_left = (milestone.date - as_of).days
                dated = "overdue" if days_left < 0 else ("due" if days_left <= 30 else "upcoming")
                judged = judge_milestone(ledger, measure, number, milestone.date, as_of, dated) if ledger else None
                rows.append({**base, ID: f"{measure.id}#{number}", DATE: milestone.date,
                             CURRENT: STATUS_IN_CHINESE[judged.status if judged else dated]})
            if measure.deadline.ongoing or not measure.deadline.milestones:
                judged = judge_ongoing(ledger, measure, as_of) if ledger else None
                rows.append({**base, ID: measure.id, DATE: ONGOING_WORD if measure.deadline.ongoing else "",
                             CURRENT: STATUS_IN_CHINESE[judged.status if judged else "ongoing"]
                             if measure.deadline.ongoing else ""})
    for indicator, owners in owned:
        roles = indicator_roles(indicator, owners, scope)
        if not roles:
            continue
        target = indicator.year_end_target
        rows.append({ID: indicator.id, PLAN: indicator.plan, TITLE: indicator.name,
                     DATE: indicator.completion_by or (target.by if target else ""),
                     DEADLINE: f"目标 {target.raw}" if target and target.raw else "",
                     ROLE: "、".join(ROLE_WORDS[r] for r in roles), CURRENT: ""})
    return rows


def _title(measure) -> str:
    if measure.title:
        return measure.title
    flat = measure.text.replace("\n", " ")
    return flat if len(flat) <= 60 else flat[:60] + "…"


# --- the import -----------------------------------------------------------------------------------

@dataclass
class Imported:
    updates: list[dict] = field(default_factory=list)
    actuals: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # FILE:ROW column: message
    rows_read: int = 0


def read_sheet(path: Path, name: str) -> list[tuple[int, list]]:
    """(row number as the spreadsheet shows it, cells) for every row, header included, read with
    the bounds an office's file is held to (ledger.sheet_files)."""
    from bizenv_cli.ledger.sheet_files import read_sheet as read_bounded

    return read_bounded(path, name, SHEET_TITLE)


def import_rows(rows: list[tuple[int, list]], name: str, package, as_of: date) -> Imported:
    """The updates and actuals a filled-in sheet reports, and every bad row."""
    result = Imported()
    if not rows:
        raise SheetError(f"{name}: the file is empty; fill in the template `bizenv ledger template` writes")
    header_number, header = next(((n, cells) for n, cells in rows if not _blank(cells)), (1, []))
    found = [_text(cell).strip() for cell in header][:len(HEADER)]
    if tuple(found) != HEADER:
        raise SheetError(f"{name}:{header_number} the header row is not the template's: expected "
                         f"{' | '.join(HEADER)}; found {' | '.join(found) or 'nothing'}")
    measures = {m.id: m for m in package.measures()}
    indicators = {i.id: i for plan in package.plans for i in plan.indicators}
    seen: dict[tuple, int] = {}
    for number, cells in rows:
        if number <= header_number or _blank(cells):
            continue
        cell = dict(zip(HEADER, list(cells) + [None] * (len(HEADER) - len(cells))))
        if all(_blank([cell[column]]) for column in FILLED):
            continue  # listed, nothing reported this round
        result.rows_read += 1
        errors = _row(cell, measures, indicators, as_of, result)
        item_key = normal_id(cell[ID])
        if not errors and item_key in seen:
            errors = [(ID, f"{item_key} is also reported in row {seen[item_key]}; one row per item")]
        seen.setdefault(item_key, number)
        result.errors.extend(f"{name}:{number} {column}: {message}" for column, message in errors)
    if result.errors:
        result.updates.clear()
        result.actuals.clear()
        if len(result.errors) > MOST_ROW_PROBLEMS:  # as validate caps its findings: the first ones, then a count
            more = len(result.errors) - MOST_ROW_PROBLEMS
            result.errors[MOST_ROW_PROBLEMS:] = [f"{name}: {more} more problem{'s' if more > 1 else ''} not shown"]
    return result


def _row(cell: dict, measures: dict, indicators: dict, as_of: date, result: Imported) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    text = normal_id(cell[ID])
    if not text:
        return [(ID, "empty; keep the id of the template's row")]
    try:
        item = parse_item(text)
    except ValueError as error:
        return [(ID, str(error))]
    day = None
    if not _blank([cell[DONE_ON]]):
        try:
            day = _day(cell[DONE_ON])
        except ValueError as error:
            errors.append((DONE_ON, str(error)))
        else:
            if day > as_of:
                errors.append((DONE_ON, f"{day} is after the report's day {as_of} (--as-of)"))
    evidence = _text(cell[EVIDENCE]).strip() or None
    if item.kind == "indicator":
        return errors + _actual_row(item, cell, indicators, day, evidence, result)
    return errors + _update_row(item, cell, measures, day, evidence, result, not errors)


def _update_row(item: Item, cell: dict, measures: dict, day, evidence, result: Imported, day_ok: bool):
    measure = measures.get(item.id)
    if measure is None:
        return [(ID, f"no measure '{item.id}' in the plans")]
    count = len(measure.deadline.milestones)
    if item.milestone is not None and item.milestone > count:
        return [(ID, f"{item.id} has {count} milestone{'s' if count != 1 else ''}; there is no milestone "
                     f"{item.milestone}")]
    if not _blank([cell[ACTUAL]]):
        return [(ACTUAL, f"{item.id} is a measure; 实际值 is for indicator rows (such as 09.i1)")]
    if _blank([cell[STATUS]]):
        return [(STATUS, "empty; write 未启动, 推进中, 已完成 or 已取消")]
    try:
        status = parse_status(_text(cell[STATUS]))
    except ValueError as error:
        return [(STATUS, str(error))]
    if status == "done" and day is None:
        return [] if not day_ok else [(DONE_ON, "empty; 已完成 needs the day it was done")]
    if status != "done" and day is not None:
        return [(DONE_ON, f"a day is given but the status is {_text(cell[STATUS]).strip()}; "
                          "完成日期 is for 已完成")]
    if day_ok:
        result.updates.append(update_entry(item, status, day, evidence))
    return []


def _actual_row(item: Item, cell: dict, indicators: dict, day, evidence, result: Imported):
    if item.id not in indicators:
        return [(ID, f"no indicator '{item.id}' in the plans")]
    if not _blank([cell[STATUS]]):
        return [(STATUS, f"{item.id} is an indicator; report its value in 实际值, not a status")]
    raw = _text(cell[ACTUAL]).strip()
    if not raw:
        return [(ACTUAL, f"empty; {item.id} is an indicator: write the value measured")]
    result.actuals.append(actual_entry(item, raw, day, evidence))
    return []


_EXCEL_NUMBER_ID = re.compile(r"^(\d{1,2})\.(\d{1,3})$")


def normal_id(value) -> str:
    """The id a cell holds. A CSV re-saved by Excel turns 09.02 into 9.02 and 09.10 into 9.1: the
    plan part regains its two digits, and a one-digit measure part its dropped trailing zero."""
    if isinstance(value, float):
        value = repr(value)
    text = _text(value).strip().replace("＃", "#")
    match = _EXCEL_NUMBER_ID.match(text)
    if match:
        plan, measure = match.groups()
        text = f"{int(plan):02d}.{measure.ljust(2, '0')}"
    return text


def _day(value) -> date:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A date cell formatted as a number: Excel's day count from 1899-12-30.
        if 20000 <= value <= 80000:
            return date(1899, 12, 30) + timedelta(days=int(value))
        raise ValueError(f"{value!r} is not a day")
    return parse_day(value)


def _blank(cells) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
