"""The work ledger's template as the form a body fills in (docs/ledger.md): its rows
(ledger/spreadsheet.py's template_rows) as a listing, written by the same xlsx and CSV writers as
every other listing (outputs/formats.py), under a heading that says whose and which day it is.

The columns it lays out itself are those the content cannot: 状态, 完成日期, 进展情况 and 实际值
are blank until a person types into them, so each column has a fixed width, the day columns a date
format (a typed day is a date cell), the id and 实际值 columns a text format (09.10 typed or kept
there stays the text 09.10, not the number 9.1), and the long texts wrap.

As a form, the .xlsx also marks the four columns to fill (a fill colour, under the heading's
填写说明), offers 状态's four words as a drop-down (data validation), and keeps the heading's
identity as document properties for the import (ledger.spreadsheet.identity_properties). The CSV
carries the heading as its first rows, which the import reads as the identity.
"""

from __future__ import annotations

from bizenv_cli.ledger.spreadsheet import (ACTUAL, BASELINE, CURRENT, DATE, DEADLINE, DONE_ON, EVIDENCE, FILLED, HEADER,
                                           ID, PLAN, ROLE, SHEET_TITLE, STATUS, STATUS_CHOICES, TARGET, TITLE,
                                           SheetIdentity, heading_rows, identity_properties)
from bizenv_cli.outputs.render import Column, Listing

WIDTHS = {ID: 12, PLAN: 6, TITLE: 40, DATE: 12, DEADLINE: 40, ROLE: 10, BASELINE: 14, TARGET: 14, CURRENT: 10,
          STATUS: 10, DONE_ON: 12, EVIDENCE: 40, ACTUAL: 14}
WRAPPED = (TITLE, DEADLINE, BASELINE, TARGET, EVIDENCE)
FILL_COLOUR = "FFF2CC"  # the columns a body fills in: a pale yellow, as forms in Chinese offices mark them


def template_columns() -> list[Column]:
    from bizenv_cli.outputs.xlsx import DATE_FORMAT, TEXT_FORMAT

    formats = {ID: TEXT_FORMAT, ACTUAL: TEXT_FORMAT, DATE: DATE_FORMAT, DONE_ON: DATE_FORMAT}
    return [Column(header, lambda row, header=header: row.get(header), sheet_width=WIDTHS[header],
                   sheet_format=formats.get(header), sheet_wrap=header in WRAPPED)
            for header in HEADER]


def template_listing(rows: list[dict]) -> Listing:
    """The template's table for `rows` as a listing, on the sheet the import looks for."""
    return Listing(rows, template_columns(), sheet=SHEET_TITLE)


def template_file(rows: list[dict], identity: SheetIdentity, suffix: str) -> str | bytes:
    """The template as a file: an .xlsx workbook's bytes, or a CSV's text (`suffix` .xlsx or .csv)."""
    from bizenv_cli.outputs.formats import FORMATS

    if suffix in FORMATS["xlsx"].extensions:
        return _workbook(rows, identity)
    from bizenv_cli.outputs.render import csv_text

    return _csv_heading(identity) + csv_text(template_listing(rows)).removeprefix("\ufeff")


def _csv_heading(identity: SheetIdentity) -> str:
    import csv
    import io

    from bizenv_cli.files.formula_guard import guarded
    from bizenv_cli.outputs.render import cell_text

    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect="excel")
    for cells in heading_rows(identity):
        writer.writerow([guarded(cell_text(cell.isoformat() if hasattr(cell, "isoformat") else cell))
                         for cell in cells])
    return "\ufeff" + buffer.getvalue()


def _workbook(rows: list[dict], identity: SheetIdentity) -> bytes:
    from openpyxl.packaging.custom import StringProperty
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from bizenv_cli.files.formula_guard import guarded_in_a_workbook
    from bizenv_cli.outputs.xlsx import DATE_FORMAT, add_sheet, new_workbook, workbook_bytes

    workbook = new_workbook()
    # What a report said comes back through the import's unguarded(), as a CSV's cells do.
    rows = [{header: guarded_in_a_workbook(value) if isinstance(value, str) else value for header, value in row.items()}
            for row in rows]
    sheet = add_sheet(workbook, SHEET_TITLE, rows, template_columns())
    heading = heading_rows(identity)
    header_row = _shift_down(sheet, len(heading))
    last_row = header_row + max(len(rows), 1)
    last_column = get_column_letter(len(HEADER))

    for number, cells in enumerate(heading, 1):
        for column, value in enumerate(cells, 1):
            cell = sheet.cell(number, column, value)
            cell.data_type = "d" if column == 2 and hasattr(value, "isoformat") else "s"
            cell.alignment = Alignment(vertical="top")
        if cells[1:]:
            sheet.cell(number, 1).font = Font(bold=True)
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    day_cell = sheet.cell(3, 2)
    day_cell.number_format = DATE_FORMAT
    guide = len(heading) - 1  # the row of 填写说明, merged across the table so that it wraps in view
    sheet.merge_cells(start_row=guide, start_column=2, end_row=guide, end_column=len(HEADER))
    sheet.cell(guide, 2).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[guide].height = 36

    to_fill = PatternFill("solid", start_color=FILL_COLOUR, end_color=FILL_COLOUR)
    for header in FILLED:
        column = HEADER.index(header) + 1
        for number in range(header_row, last_row + 1):
            sheet.cell(number, column).fill = to_fill
    status = get_column_letter(HEADER.index(STATUS) + 1)
    choices = DataValidation(type="list", formula1='"' + ",".join(STATUS_CHOICES) + '"', allow_blank=True,
                             showDropDown=False, showErrorMessage=True, errorTitle="状态",
                             error="请从下拉列表选：" + "、".join(STATUS_CHOICES), promptTitle="状态",
                             prompt="、".join(STATUS_CHOICES), showInputMessage=True)
    choices.add(f"{status}{header_row + 1}:{status}{last_row}")
    sheet.add_data_validation(choices)

    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{last_column}{header_row + len(rows)}"
    # add_sheet repeats row 1 on every printed page; the header now sits below the heading.
    sheet.print_title_rows = f"{header_row}:{header_row}"
    for name, value in identity_properties(identity).items():
        workbook.custom_doc_props.append(StringProperty(name=name, value=value))
    workbook.properties.title = f"{SHEET_TITLE} {identity.body_name} {identity.as_of.isoformat()}"
    return workbook_bytes(workbook)


def _shift_down(sheet, count: int) -> int:
    """Make room for `count` heading rows above what add_sheet wrote; returns the header's new row.
    openpyxl moves the cells but not the rows' heights, which follow here."""
    heights = {number: dimension.height for number, dimension in sheet.row_dimensions.items()
               if dimension.height is not None}
    sheet.insert_rows(1, count)
    for number in heights:
        sheet.row_dimensions[number].height = None
    for number, height in heights.items():
        sheet.row_dimensions[number + count].height = height
    return count + 1
