"""The round trip offices run (docs/ledger.md): a template listing what a body must report on, filled
in with Excel or WPS, read back as they leave it. The template's rows are made here; they are
written as a file by outputs/ledger_template.py, through the writers every listing uses.

The template (.xlsx, or .csv in UTF-8 with a BOM) says whose and which day it is twice: in a
heading people read (填报单位, 截至日期, 方案包 above the table) and, in an .xlsx, in document
properties the import reads (`bizenv.reported_by`, `bizenv.as_of`, `bizenv.package`: they survive
a re-save by Excel, WPS and LibreOffice; a CSV has only its heading rows). Then one row per
milestone of every measure in which the body holds any role (`09.02#1`; an ongoing or undated
measure as a whole: `09.02`) and one per indicator it answers for (`09.i1`, with its baseline and
year-end target), with the plan's facts and four columns to fill: 状态 (status), 完成日期 (the day
done, or measured), 进展情况 (what was done, kept as written) and 实际值 (an indicator's value as
reported). What the body's last report said is already filled in, to be corrected.

The import takes the sheet back as people leave it: status words in Chinese (未启动/推进中/已完成/
已取消) or English, days as spreadsheet dates or typed as 2022-06-20, 2022/6/20 or 2022年6月20日,
blank rows anywhere, ids Excel turned into numbers (09.10 -> 9.1) in a re-saved CSV (any other id
the plans lack named with the ids it may stand for, as record names them), and a GBK CSV saved by
WPS; a cell as the person sees it (TRUE, not Python's True; a time as 10:30), an error value
(#N/A) refused, and in 实际值 what the spreadsheet made a logical value, a date or a
time of. A day is held to the days a report can hold (ledger.days), as record and validate hold
it. Rows without anything filled in report nothing. A sheet with any bad row is
refused as a whole, every bad row named as `FILE:ROW column: message`. A template made before
it carried its identity (header on the first row, no heading) is still read, with --by and --as-of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple
from unicodedata import normalize

from bizenv_cli.files.formula_guard import unguarded
from bizenv_cli.ledger.days import DAY_COUNT_EPOCH, SHEET_DAY_COUNTS, out_of_reach
from bizenv_cli.ledger.format import item_name, package_id, report_file
from bizenv_cli.ledger.record import (ArgumentNames, Change, Item, NotAnItemId, RecordError, actual_entry,
                                      parse_item, record_change, update_entry)
from bizenv_cli.ledger.roles import indicator_roles
from bizenv_cli.ledger.sheet_files import CellError, SheetError, shown_number
from bizenv_cli.ledger.status import judge_milestone, judge_ongoing
from bizenv_cli.ledger.units import indicator_unit, unit_refused
from bizenv_cli.ledger.words import CHINESE_STATUS, parse_day, parse_status
from bizenv_cli.model.status_words import ROLE_IN_A_TEMPLATE, STATUS_IN_CHINESE
from bizenv_cli.model.wording import quoted_text

ID, PLAN, TITLE, DATE, DEADLINE, ROLE, CURRENT = "编号", "方案", "标题", "时间节点", "原文时限", "职责", "当前状态"
BASELINE, TARGET = "基线", "年底目标"
STATUS, DONE_ON, EVIDENCE, ACTUAL = "状态", "完成日期", "进展情况", "实际值"
HEADER = (ID, PLAN, TITLE, DATE, DEADLINE, ROLE, BASELINE, TARGET, CURRENT, STATUS, DONE_ON, EVIDENCE, ACTUAL)
# The header of templates made before indicator rows showed their baseline and target: still read.
EARLIER_HEADER = (ID, PLAN, TITLE, DATE, DEADLINE, ROLE, CURRENT, STATUS, DONE_ON, EVIDENCE, ACTUAL)
FILLED = (STATUS, DONE_ON, EVIDENCE, ACTUAL)
STATUS_CHOICES = ("未启动", "推进中", "已完成", "已取消")  # the drop-down of 状态, in the template's words

# The heading above the table: a title, then one `label | value | ...` row each.
HEADING_TITLE = "工作台账"
BODY_LABEL, DAY_LABEL, PACKAGE_LABEL, GUIDE_LABEL = "填报单位", "截至日期", "方案包", "填写说明"
GUIDE = ("请填写最后四列：状态（未启动、推进中、已完成、已取消）、完成日期（已完成的须填）、进展情况、实际值（指标行）。"
         "上期填报的内容已带入，有变化的请修改；清空一行，该项即从本期报告中删除。")
# The same identity as document properties of the .xlsx, which the import reads.
BODY_PROPERTY, DAY_PROPERTY, PACKAGE_PROPERTY = "bizenv.reported_by", "bizenv.as_of", "bizenv.package"
ONGOING_WORD = "持续推进"
MOST_ROW_PROBLEMS = 50
SHEET_TITLE = "工作台账"

# `measures` and `plan`: an indicator whose own cells name no body, owned by the bodies responsible
# for the measures that name it, or by those every measure of its plan names (ledger.roles).
ROLE_WORDS = {**ROLE_IN_A_TEMPLATE, "measures": "相关措施负责", "plan": "方案各措施负责"}




# --- the template ---------------------------------------------------------------------------------

def template_rows(package, ledger, department_id: str, as_of: date, owned=None) -> list[dict]:
    """The template's rows for one body: its milestones in plan order, then its indicators (those
    `gaps --dept` lists for it: ledger.roles). `owned`: Package.owned_indicators(), given when
    templates for many bodies are made, so that the owners are worked out once."""
    from bizenv_cli.query.queries import milestone_status

    if owned is None:
        # Asked before the plans are decoded, the store answers from its indicator_owners table
        # instead of folding every measure's text again (owners.py).
        owned = package.owned_indicators()
    # A body answers for what its scope covers (Registry.scope), as `due --dept` and `gaps --dept`
    # count it: the county governments' template holds what names any county-government entry.
    scope = package.registry.scope(department_id)
    carried = _carried(ledger, department_id, as_of)
    rows = []
    for plan in package.plans:
        for measure in plan.measures:
            roles = [body.role for body in measure.responsible.bodies if body.id in scope]
            if not roles:
                continue
            role = "、".join(dict.fromkeys(ROLE_WORDS[r] for r in roles))
            base = {PLAN: plan.number, TITLE: _title(measure), DEADLINE: measure.deadline.raw or "", ROLE: role}
            for number, milestone in enumerate(measure.deadline.milestones, 1):
                dated = milestone_status(milestone.date, as_of)
                judged = judge_milestone(ledger, measure, number, milestone.date, as_of, dated) if ledger else None
                item = item_name(measure.id, number)
                rows.append({**base, ID: item, DATE: milestone.date,
                             CURRENT: STATUS_IN_CHINESE[judged.status if judged else dated], **carried.get(item, {})})
            if measure.deadline.ongoing or not measure.deadline.milestones:
                judged = judge_ongoing(ledger, measure, as_of) if ledger else None
                rows.append({**base, ID: measure.id, DATE: ONGOING_WORD if measure.deadline.ongoing else "",
                             CURRENT: STATUS_IN_CHINESE[judged.status if judged else "ongoing"]
                             if measure.deadline.ongoing else "", **carried.get(measure.id, {})})
    for indicator, owners in owned:
        roles = indicator_roles(indicator, owners, scope)
        if not roles:
            continue
        target = indicator.year_end_target
        rows.append({ID: indicator.id, PLAN: indicator.plan, TITLE: indicator.name,
                     DATE: indicator.completion_by or (target.by if target else ""),
                     DEADLINE: indicator.completion_raw or "", ROLE: "、".join(ROLE_WORDS[r] for r in roles),
                     BASELINE: indicator.baseline.raw or "", TARGET: (target.raw or "") if target else "", CURRENT: "",
                     **carried.get(indicator.id, {})})
    return rows


def last_report(ledger, department_id: str, as_of: date):
    """The body's latest report as of `as_of` or before, or None."""
    reports = [report for report in (ledger.reports if ledger else [])
               if report.reported_by == department_id and report.as_of <= as_of]
    return max(reports, key=lambda report: report.as_of, default=None)


def _carried(ledger, department_id: str, as_of: date) -> dict[str, dict]:
    """What the body's last report said, by item, in the columns it fills in: the next template
    starts from it, so an office corrects what changed instead of typing everything again. An
    actual keeps the day it was measured, which the report of a later day restates."""
    report = last_report(ledger, department_id, as_of)
    if report is None:
        return {}
    # An item reported twice in one file (which validate refuses) is carried as the queries judge
    # it, by its first entry: the last had been carried, so 状态 contradicted 当前状态 beside it.
    carried: dict[str, dict] = {}
    for update in report.updates:
        carried.setdefault(update.item, {STATUS: CHINESE_STATUS[update.status], DONE_ON: update.done_on,
                                         EVIDENCE: update.evidence})
    for actual in report.actuals:
        carried.setdefault(actual.indicator, {ACTUAL: actual.raw, DONE_ON: actual.measured_on or report.as_of,
                                              EVIDENCE: actual.evidence})
    return carried


# --- whose and which day: the heading and the document properties ---------------------------------

@dataclass(frozen=True)
class SheetIdentity:
    body: str        # department id
    body_name: str   # as the heading prints it
    as_of: date
    package: str | None


def heading_rows(identity: SheetIdentity) -> list[list]:
    """The rows above the table, as people read them and as the import reads a CSV."""
    return [[HEADING_TITLE], [BODY_LABEL, identity.body_name, identity.body], [DAY_LABEL, identity.as_of],
            [PACKAGE_LABEL, identity.package or ""], [GUIDE_LABEL, GUIDE], []]


def identity_properties(identity: SheetIdentity) -> dict[str, str]:
    return {BODY_PROPERTY: identity.body, DAY_PROPERTY: identity.as_of.isoformat(),
            PACKAGE_PROPERTY: identity.package or ""}


def sheet_identity(heading: list[tuple[int, list]], properties: dict[str, str], name: str,
                   registry=None) -> SheetIdentity | None:
    """Whose and which day a filled-in template is: its document properties, which its heading must
    agree with; a CSV's heading alone. None for a template made before it carried them. SheetError
    when the heading and the properties disagree (a template copied and relabelled for another
    body or round) or cannot be read."""
    from_heading = _heading_identity(heading, name, registry)
    if not properties.get(BODY_PROPERTY):
        return from_heading
    try:
        as_of = date.fromisoformat(properties.get(DAY_PROPERTY, ""))
    except ValueError:
        raise SheetError(f"{name}: its document property {DAY_PROPERTY} ({properties.get(DAY_PROPERTY)!r}) is "
                         "not a day; make the template again with `bizenv ledger template`") from None
    body = properties[BODY_PROPERTY]
    department = registry.get(body) if registry is not None and body in registry else None
    identity = SheetIdentity(body, department.name if department else body, as_of,
                             properties.get(PACKAGE_PROPERTY) or None)
    if from_heading is not None:
        for label, made, shown in ((BODY_LABEL, identity.body, from_heading.body),
                                   (DAY_LABEL, identity.as_of, from_heading.as_of),
                                   (PACKAGE_LABEL, identity.package, from_heading.package)):
            if shown is not None and made != shown:
                raise SheetError(f"{name}: the heading says {label} {shown}, but the template was made for "
                                 f"{made}; a template is for one body and one day: make the other one with "
                                 "`bizenv ledger template`")
    return identity


def _heading_identity(heading: list[tuple[int, list]], name: str, registry) -> SheetIdentity | None:
    fields: dict[str, tuple[int, list]] = {}
    for number, cells in heading:
        label = _text(cells[0] if cells else None).strip().rstrip(":：")
        if label in (BODY_LABEL, DAY_LABEL, PACKAGE_LABEL):
            fields[label] = (number, [*cells[1:], None, None])
    if BODY_LABEL not in fields and DAY_LABEL not in fields:
        return None
    for label in (BODY_LABEL, DAY_LABEL):
        if label not in fields:
            raise SheetError(f"{name}: the heading has no {label} row; keep the template's heading as it was made")
    number, (shown_name, body, *_) = fields[BODY_LABEL]
    body, shown_name = _text(body).strip(), _text(shown_name).strip()
    if not body:
        raise SheetError(f"{name}:{number} {BODY_LABEL}: no department id after the name; keep the heading "
                         "as the template was made")
    if registry is not None:
        department = registry.get(body) if body in registry else None
        if department is None:
            raise SheetError(f"{name}:{number} {BODY_LABEL}: {quoted_text(body)} is no department of this package")
        if shown_name and shown_name not in department.spellings and shown_name != department.name:
            raise SheetError(f"{name}:{number} {BODY_LABEL}: the heading names {shown_name}, but the template is "
                             f"{department.name} ({body})'s; make {shown_name}'s with `bizenv ledger template`")
    number, (day, *_) = fields[DAY_LABEL]
    try:
        as_of = _day(day)
    except ValueError as error:
        raise SheetError(f"{name}:{number} {DAY_LABEL}: {error}") from None
    package = (_text(fields[PACKAGE_LABEL][1][0]).strip() or None) if PACKAGE_LABEL in fields else None
    return SheetIdentity(body, shown_name or body, as_of, package)


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
    problems: int = 0      # every problem found, shown or not
    problem_rows: int = 0  # the rows they are in
    rows: dict[str, int] = field(default_factory=dict)  # each item (09.02#1, 09.i15): the row reporting it


@dataclass
class Sheet:
    """A filled-in template as read: its rows (header included) and its document properties."""
    rows: list[tuple[int, list]]
    properties: dict[str, str] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # cells merged across rows
    # A CSV: every cell is text, so an id a spreadsheet read as a number (09.10 as 9.1) comes back as
    # text. In an .xlsx it comes back a number, and a text 9.2 is a person's, who may mean 09.02.
    text_only: bool = True

    def header_number(self, name: str) -> int:
        """The row of the table's header; SheetError naming the first row that is neither heading nor header."""
        if not self.rows:
            raise SheetError(f"{name}: the file is empty; fill in the template `bizenv ledger template` writes")
        first = None
        for number, cells in self.rows:
            if _blank(cells):
                continue
            if _text(cells[0]).strip() == ID:
                return number
            label = _text(cells[0]).strip().rstrip(":：")
            if first is None and label not in (HEADING_TITLE, BODY_LABEL, DAY_LABEL, PACKAGE_LABEL, GUIDE_LABEL):
                first = (number, cells)
        number, cells = first or (1, [])
        raise SheetError(f"{name}:{number} the header row is not the template's: expected "
                         f"{' | '.join(HEADER)}; found {_header_shown(cells)}")

    def identity(self, name: str, registry=None) -> SheetIdentity | None:
        header = self.header_number(name)
        return sheet_identity([(n, cells) for n, cells in self.rows if n < header], self.properties, name, registry)


def _header_shown(cells: list) -> str:
    """A header row as a message names it, on one line: a name typed with a line break in it
    (完成 Alt+Enter 日期) quoted with the break escaped, as its cell hides it."""
    found = [_text(cell).strip() for cell in cells][:len(HEADER)]
    return " | ".join(text if text.isprintable() else quoted_text(text) for text in found) or "nothing"


def read_sheet(path: Path, name: str) -> Sheet:
    """The sheet's rows (as the spreadsheet numbers them, header included) and document properties,
    read with the bounds an office's file is held to (ledger.sheet_files)."""
    from bizenv_cli.ledger.sheet_files import read_sheet as read_bounded

    properties: dict[str, str] = {}
    merged: list[tuple[int, int, int, int]] = []
    rows = read_bounded(path, name, SHEET_TITLE, properties=properties, merged=merged, header_label=ID)
    return Sheet(rows, properties, merged, text_only=path.suffix.lower() != ".xlsx")


def import_rows(sheet: "Sheet | list[tuple[int, list]]", name: str, package, as_of: date) -> Imported:
    """The updates and actuals a filled-in sheet reports, and every bad row."""
    if not isinstance(sheet, Sheet):
        sheet = Sheet(sheet)
    result = Imported()
    header_number = sheet.header_number(name)
    header = dict(sheet.rows)[header_number]
    found = tuple(_text(cell).strip() for cell in header)
    layout = next((layout for layout in (HEADER, EARLIER_HEADER) if found[:len(layout)] == layout), None)
    if layout is None:
        raise SheetError(f"{name}:{header_number} the header row is not the template's: expected "
                         f"{' | '.join(HEADER)}; found {_header_shown(header)}")
    measures = {m.id: m for m in package.measures()}
    indicators = {i.id: i for plan in package.plans for i in plan.indicators}
    seen: dict[tuple, int] = {}
    problem_rows = set()
    id_spans = _rows_under_merged(sheet, layout.index(ID) + 1, header_number)
    for number, cells in sheet.rows:
        if number <= header_number or _blank(cells):
            continue
        cell = dict(zip(layout, list(cells) + [None] * (len(layout) - len(cells))))
        if beyond := _beyond_the_template(cells, header, layout):
            result.errors.append(f"{name}:{number} {beyond}")
            problem_rows.add(number)
        if all(_blank([cell[column]]) for column in FILLED):
            if typed_in_current := _status_typed_in_current(cell[CURRENT]):
                result.errors.append(f"{name}:{number} {CURRENT}: {typed_in_current}")
                problem_rows.add(number)
            continue  # listed, nothing reported this round
        if _blank([cell[ID]]) and number in id_spans:
            errors = [(ID, f"merged across rows {id_spans[number]}; a merged cell holds its value in its first row "
                           "only: unmerge it and write each row's id")]
        else:
            errors = _row(cell, measures, indicators, as_of, result, sheet.text_only)
        item_key = normal_id(cell[ID], sheet.text_only)
        if not errors and item_key in seen:
            errors = [(ID, f"{item_key} is also reported in row {seen[item_key]}; one row per item")]
        seen.setdefault(item_key, number)
        if errors:
            problem_rows.add(number)
        result.errors.extend(f"{name}:{number} {column}: {message}" for column, message in errors)
    for number, column, message in _merged_in_filled_columns(sheet, layout, header_number):
        problem_rows.add(number)
        result.errors.append(f"{name}:{number} {column}: {message}")
    result.problems, result.problem_rows = len(result.errors), len(problem_rows)
    result.rows = {key: number for key, number in seen.items() if key}
    if result.errors:
        result.updates.clear()
        result.actuals.clear()
        if len(result.errors) > MOST_ROW_PROBLEMS:  # as validate caps its findings: the first ones, then a count
            more = len(result.errors) - MOST_ROW_PROBLEMS
            result.errors[MOST_ROW_PROBLEMS:] = [f"{name}: {more} more problem{'s' if more > 1 else ''} not shown"]
    return result


def _beyond_the_template(cells: list, header: list, layout: tuple) -> str | None:
    """`column: message` for the first filled-in cell of a row right of the template's columns (a
    备注 column an office added), or None. The import reads the template's columns alone, so what
    it says would be lost without a word."""
    from openpyxl.utils import get_column_letter

    for index in range(len(layout), len(cells)):
        if not _blank([cells[index]]):
            label = _text(header[index] if index < len(header) else None).strip() or get_column_letter(index + 1)
            return (f"{label}: a column the template does not have, which the import does not read; write what it "
                    f"says in {EVIDENCE}, or clear it")
    return None


def _status_typed_in_current(value) -> str | None:
    """Why a 当前状态 cell holds a status someone typed there, or None. The template writes a day's
    verdict into it (已逾期, 未到期, 已完成 …), never 推进中 or 未启动, which only a person reporting
    in the wrong column writes; the import reads 状态, so that report would be lost without a word."""
    text = _text(value).strip()
    try:
        status = parse_status(text) if text else None
    except ValueError:
        return None
    if status not in ("not-started", "in-progress"):
        return None
    return (f"{quoted_text(text)} is typed in {CURRENT}, which shows the status as the template was made and is not "
            f"read; write it in {STATUS}")


def _rows_under_merged(sheet: Sheet, column: int, header_number: int) -> dict[int, str]:
    """The rows of the table below the first of a cell of `column` merged across rows, each with
    the span (`32 to 33 (A32:A33)`): the file holds nothing in them, where a person sees the first
    row's value. An id merged over two rows had been called empty in the second."""
    from openpyxl.utils import get_column_letter

    spans = {}
    for first_column, first_row, last_column, last_row in sheet.merged:
        if first_column <= column <= last_column and first_row > header_number:
            cells = f"{get_column_letter(first_column)}{first_row}:{get_column_letter(last_column)}{last_row}"
            spans.update(dict.fromkeys(range(first_row + 1, last_row + 1), f"{first_row} to {last_row} ({cells})"))
    return spans


def _merged_in_filled_columns(sheet: Sheet, layout: tuple, header_number: int):
    """(row, column, message) for each filled-in cell of the columns a body fills in that is merged
    across rows of the table: the file holds its value in the first row only, so the other rows,
    which a person sees filled in alike, would report nothing without a word."""
    from openpyxl.utils import get_column_letter

    filled = {layout.index(column) + 1: column for column in FILLED}
    rows = dict(sheet.rows)
    for first_column, first_row, last_column, last_row in sorted(sheet.merged, key=lambda cells: (cells[1], cells[0])):
        if first_row <= header_number:
            continue  # a heading's or the header's cell, merged down for looks: it holds no report
        # A merged cell's value is its first cell's: one in a column no body fills in (a remark
        # under the table merged across the sheet, a title spread over the row) reports nothing.
        if first_column not in filled or _blank(rows.get(first_row, [])[first_column - 1:first_column]):
            continue  # nor does a blank cell merged for looks, in any row
        cells = f"{get_column_letter(first_column)}{first_row}:{get_column_letter(last_column)}{last_row}"
        yield (first_row, filled[first_column],
               f"merged across rows {first_row} to {last_row} ({cells}); a merged cell holds its value in "
               "its first row only: unmerge it and fill in each row")


class SheetUnnamed(ValueError):
    """A sheet that says neither whose nor which day it is (a template made before the heading
    named them), given without the body and the day."""


class RowsRefused(RecordError):
    """A sheet with bad rows: `problems` are its FILE:ROW column: messages (the first
    MOST_ROW_PROBLEMS, then a count), `imported` what was read, with every problem counted."""

    def __init__(self, imported: Imported):
        super().__init__(imported.errors)
        self.imported = imported


class SheetImport(NamedTuple):
    body: object              # the reporting body (model.departments.Department)
    as_of: date               # the report's day
    imported: Imported        # the sheet's updates and actuals, and the row of each item
    change: Change | None     # None: no row is filled in, and there is no report to empty
    warnings: list[str]       # findings that pass, said of the sheet's row and column (FILE:ROW column: ...)


def import_report(data_dir, package, path: Path, name: str, body, as_of: date | None, dry_run: bool,
                  names: ArgumentNames) -> SheetImport:
    """Make the report of the sheet's body and day what the filled-in template at `path` (`name`
    in messages) says (`bizenv ledger import`): a row cleared is removed from the report, a row
    changed replaces it; with `dry_run`, everything is checked and nothing written.

    The sheet names its body and day; `body` and `as_of`, when given, must agree with them, and
    are needed only for a template made before it named them. Raises SheetError (a file that is
    no template, or whose body, day or package disagree), SheetUnnamed (a ValueError, worded by
    `names`), RowsRefused (bad rows) or RecordError (the ledger's checks): nothing is written."""
    sheet = read_sheet(path, name)
    body, as_of = whose_and_when(sheet.identity(name, package.registry), body, as_of, package, name, names)
    imported = import_rows(sheet, name, package, as_of)
    if imported.errors:
        raise RowsRefused(imported)
    if not imported.updates and not imported.actuals and not report_file(data_dir, body.id, as_of).is_file():
        # With a report to replace, an empty sheet empties it (every item removed).
        return SheetImport(body, as_of, imported, None, [])
    change = record_change(data_dir, package, body.id, as_of, imported.updates, imported.actuals, replace=True,
                           dry_run=dry_run)
    warnings = [on_the_sheet(warning, change.after or {}, imported.rows, name) for warning in change.warnings]
    return SheetImport(body, as_of, imported, change, warnings)


def whose_and_when(identity: SheetIdentity | None, body, as_of: date | None, package, name: str,
                   names: ArgumentNames):
    """The body and day of the report a sheet is: the template's own (`identity`), which `body`
    and `as_of` must agree with where given; only theirs for a template made before it named
    them. SheetUnnamed when neither says; SheetError naming each disagreement, a line each."""
    if identity is None:
        if body is None or as_of is None:
            raise SheetUnnamed(f"{name} does not say whose or which day it is (a template made before the heading "
                               f"named them): give {names.body} and {names.as_of}")
        return body, as_of
    disagree = []
    if body is not None and body.id != identity.body:
        disagree.append(f"{names.body} names {body.name} ({body.id}), but the template is {identity.body_name} "
                        f"({identity.body})'s")
    if as_of is not None and as_of != identity.as_of:
        disagree.append(f"{names.as_of} is {as_of}, but the template is as of {identity.as_of}")
    ours = package_id(package)
    if identity.package and ours and identity.package != ours:
        disagree.append(f"the template is for the package {identity.package}, the data is {ours}")
    if identity.body not in package.registry:
        disagree.append(f"the template is for '{identity.body}', no department of this package")
    if disagree:
        raise SheetError("\n".join(f"{name}: {reason}" for reason in disagree))
    return package.registry.get(identity.body), identity.as_of


# The template's column each key of a report's entry comes from.
_COLUMN_OF_KEY = {"measure": ID, "milestone": ID, "indicator": ID, "status": STATUS, "done_on": DONE_ON,
                  "measured_on": DONE_ON, "evidence": EVIDENCE, "raw": ACTUAL, "value": ACTUAL}
_ENTRY_FIELD = re.compile(r"^(updates|actuals)\[(\d+)\]\.?(\w*)")


def on_the_sheet(problem, report: dict, rows: dict[str, int], name: str) -> str:
    """A finding on the report an import writes, said of the sheet's row and column it comes from:
    the report's YAML is a file the office never saw (under --dry-run, one never written). As it is
    when no row gave it (a finding on the report as a whole)."""
    found = _ENTRY_FIELD.match(problem.field)
    entries = (report.get(found.group(1)) or []) if found else []
    if not found or int(found.group(2)) >= len(entries):
        return str(problem)
    entry = entries[int(found.group(2))]
    key = entry.get("indicator") or item_name(entry.get("measure"), entry.get("milestone"))
    if key not in rows:
        return str(problem)
    return f"{name}:{rows[key]}{problem.severity_mark} {_COLUMN_OF_KEY.get(found.group(3), ID)}: {problem.message}"


def _row(cell: dict, measures: dict, indicators: dict, as_of: date, result: Imported,
         text_only: bool = True) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    text = normal_id(cell[ID], text_only)
    if not text:
        return [(ID, "empty; keep the id of the template's row")]
    try:
        item = parse_item(text)
    except NotAnItemId:
        from bizenv_cli.ledger.checks import not_an_item

        return [(ID, not_an_item(text, measures, indicators))]  # 9.2#1: did you mean 09.02#1 or 09.20#1?
    except ValueError as error:
        return [(ID, str(error))]
    failed = [(column, _error_value(cell[column], column)) for column in FILLED if isinstance(cell[column], CellError)]
    if failed:
        return failed
    day = None
    if not _blank([cell[DONE_ON]]):
        try:
            day = _day(cell[DONE_ON])
        except ValueError as error:
            errors.append((DONE_ON, str(error)))
        else:
            if day > as_of:
                errors.append((DONE_ON, f"{day} is after the report's day {as_of}"))
    evidence = _text(cell[EVIDENCE]).strip() or None
    if item.kind == "indicator":
        # Measured on the report's own day is what an actual without measured_on says: the
        # template carries an actual's day, and restating it unchanged must change nothing.
        return errors + _actual_row(item, cell, indicators, None if day == as_of else day, evidence, result)
    return errors + _update_row(item, cell, measures, day, evidence, result, not errors)


def _update_row(item: Item, cell: dict, measures: dict, day, evidence, result: Imported, day_ok: bool):
    from bizenv_cli.ledger.checks import missing_milestone, unknown_item

    measure = measures.get(item.id)
    if measure is None:
        # An id normal_id rewrote is named as the cell shows it, with what that may stand for: 9.3
        # is read as 09.30, as a spreadsheet shortens it, but there is none, and 09.03 is near.
        shown = _shown_id(cell[ID])
        return [(ID, unknown_item("measure", item.id if _EXCEL_NUMBER_ID.match(shown) is None else shown,
                                  measures))]
    if item.milestone is not None and (missing := missing_milestone(measure, item.milestone)):
        return [(ID, missing)]
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
        from bizenv_cli.ledger.checks import unknown_item

        return [(ID, unknown_item("indicator", item.id, indicators))]
    if not _blank([cell[STATUS]]):
        return [(STATUS, f"{item.id} is an indicator; report its value in 实际值, not a status")]
    if refused := _no_value(cell[ACTUAL]):
        return [(ACTUAL, refused)]
    raw = _text(cell[ACTUAL]).strip()
    if not raw:
        return [(ACTUAL, f"empty; {item.id} is an indicator: write the value measured")]
    if refused := unit_refused(raw, indicator_unit(indicators[item.id])):
        return [(ACTUAL, refused)]
    result.actuals.append(actual_entry(item, raw, day, evidence))
    return []


# A measure's id as a spreadsheet writes it once it has read it as a number: no leading zero (9.1,
# 10.2). 09.2 keeps its zero, so no spreadsheet made it: a person shortened 09.02 or 09.20, and the
# import names both, as record and validate do.
_EXCEL_NUMBER_ID = re.compile(r"^([1-9]\d?)\.(\d{1,3})$")


def normal_id(value, text_only: bool = True) -> str:
    """The id a cell holds. A CSV re-saved by Excel turns 09.02 into 9.02 and 09.10 into 9.1: the
    plan part regains its two digits, and a one-digit measure part its dropped trailing zero. Not
    `text_only` (an .xlsx, whose cells keep their kind), only a number is read so: a text 9.2 there
    is a person's, named with the ids it may stand for (09.02 or 09.20), never taken for 09.20."""
    text = _shown_id(value)
    match = _EXCEL_NUMBER_ID.match(text) if text_only or isinstance(value, (int, float)) else None
    if match:
        plan, measure = match.groups()
        text = f"{int(plan):02d}.{measure.ljust(2, '0')}"
    return text


def _shown_id(value) -> str:
    """The id as the cell shows it, in plain characters: ０９.０２＃１ is 09.02#1 (record.parse_item)."""
    if isinstance(value, float):
        value = repr(value)
    return normalize("NFKC", _text(value)).strip()


def _error_value(value: CellError, column: str) -> str:
    # openpyxl reads a number too large for a date cell's format (the ##### a person sees) as #VALUE!.
    too_large = "a number too large to be a day, " if column == DONE_ON and value == "#VALUE!" else ""
    return (f"shows the error {value} ({too_large}a formula that failed, or an error typed); type what the cell "
            "should say")


def _no_value(value) -> str | None:
    """Why a 实际值 cell holds no value as reported, or None: a logical value, a date or a time is
    what a spreadsheet made of what was typed, and no figure to compare with the target. TRUE in a
    CSV is the logical value a spreadsheet saved it from (what is typed as TRUE becomes one)."""
    if isinstance(value, str) and value.strip().upper() in ("TRUE", "FALSE"):
        value = value.strip().upper() == "TRUE"
    if isinstance(value, bool):
        return (f"{_text(value)} is a logical value (TRUE or FALSE), not a value measured; write the value as "
                "reported: 66.5, 3个工作日, 98%")
    if isinstance(value, (date, time, timedelta)):
        kind = "a date" if isinstance(value, date) else "a time"
        return (f"shows {kind} ({_text(value)}): the spreadsheet read what was typed as {kind}; format the cell "
                "as text (文本) and type the value as reported")
    return None


# A number typed into a date cell shows as the day it counts from 1899-12-30: 20 (the 20th) as
# 1900-01-20, 620 (6月20日) as 1901-09-11, 2022 (the year) as 1905-07-14. A date cell showing a day
# before 1910 holds such a number; one showing another day no report holds, a day typed with a
# wrong year, which is said as record and validate say it (ledger.days).
_NUMBERS_TYPED_SHOW_BEFORE = date(1910, 1, 1)
# A day count in a cell without a date format (a CSV saved from a date cell): 44732 is 2022-06-20.
_DAY_COUNT = re.compile(r"^\d{5}(?:\.0+)?$")
_WRITE_A_DAY = "write the whole day: 2022-06-20, 2022/6/20 or 2022年6月20日"


def _day(value) -> date:
    """The day a cell of a date column names; ValueError saying, in the cell's words, why it names none."""
    if isinstance(value, str) and _DAY_COUNT.match(value.strip()):
        value = float(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if int(value) not in SHEET_DAY_COUNTS:
            raise ValueError(f"{_text(value)} is not a day; {_WRITE_A_DAY}")
        return DAY_COUNT_EPOCH + timedelta(days=int(value))
    if isinstance(value, (time, timedelta)):
        raise ValueError(f"shows {_text(value)}, a time without a day (so does a number below 1 typed into a date "
                         f"cell); {_WRITE_A_DAY}")
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        if day < _NUMBERS_TYPED_SHOW_BEFORE:
            raise ValueError(f"{day} is not a day of a report (a number typed into a date cell shows as a day "
                             f"of {day.year}); {_WRITE_A_DAY}")
    else:
        day = parse_day(_text(value))
    if refused := out_of_reach(day):
        raise ValueError(refused)
    return day


def _blank(cells) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _text(value) -> str:
    """A cell as the person who filled it in sees it: TRUE for a logical value (which Python calls
    True), 10:30 for a time, #N/A for an error value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        clock = value.time()
        shown = value.date().isoformat()
        return shown if clock == time() else f"{shown} {_clock(clock.hour, clock.minute, clock.second)}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return _clock(value.hour, value.minute, value.second)
    if isinstance(value, timedelta):  # a duration ([h]:mm): 66:30 is 66 hours 30 minutes
        minutes, seconds = divmod(round(value.total_seconds()), 60)
        return _clock(*divmod(minutes, 60), seconds)
    if isinstance(value, float):
        return shown_number(value)
    # A CSV template carries the guard before what a report said (-5%, =…), and it stays a
    # character of the cell when the CSV is saved as .xlsx: kept, each round would add it again.
    return unguarded(str(value))


def _clock(hours: int, minutes: int, seconds: int) -> str:
    return f"{hours}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")
