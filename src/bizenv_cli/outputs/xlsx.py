"""Listings as Excel workbooks (docs/outputs.md): what an office opens without a word of explanation.

A sheet is a listing: the flat columns of a command (Column.only != "table"), one row per row.
The header is bold, frozen and filtered; ids and codes are text cells (`09.10` stays `09.10`, where
a CSV opened in Excel turns it into 9.1); an ISO date is a real date; widths follow the display
width of the text (a CJK character takes two cells); long text wraps. A column may fix its width,
number format and wrapping instead (Column.sheet_*): the ledger's template lays out the columns a
person fills in that way, and is written here like every listing.

openpyxl, not XlsxWriter: the ledger reads back the templates it writes (docs/ledger.md), and openpyxl
does both, so the package carries one spreadsheet library; writing the whole package takes it a
fraction of a second (benchmarks/bench_outputs.py). It is imported here, inside the functions,
so that only the commands writing a workbook pay for it.
"""

from __future__ import annotations

import io
import re
from copy import copy
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any
from unicodedata import combining, east_asian_width

from bizenv_cli.outputs.render import Column, Listing, cell_text, shown_columns

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

MAX_WIDTH = 60   # cells; a wider column wraps its text instead of running off the screen
MIN_WIDTH = 6
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Characters XML 1.0 cannot carry; openpyxl refuses a cell holding one.
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
# Characters a sheet's name may not hold (Excel's rule), and its length.
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


def display_width(text: str) -> int:
    """How many cells `text` takes on a screen: wide and full-width characters (CJK, （）) two,
    combining marks none, everything else one."""
    return sum(0 if combining(char) else 2 if east_asian_width(char) in "WF" else 1 for char in text)


def sheet_value(value: Any) -> Any:
    """A row's value as a cell holds it: numbers and booleans as they are, an ISO day as a date,
    lists joined as the CSV joins them, everything else text."""
    if value is None or isinstance(value, (bool, int, float, date)):
        return value
    text = cell_text(value)
    if _ISO_DAY.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    return _ILLEGAL.sub(" ", text)


def sheet_name(text: str, taken: Iterable[str] = ()) -> str:
    """A name Excel accepts for a sheet, unique among `taken` (compared as Excel does, caseless)."""
    name = _SHEET_NAME_FORBIDDEN.sub(" ", text).strip().strip("'")[:SHEET_NAME_MAX] or "sheet"
    used = {item.casefold() for item in taken}
    candidate, number = name, 2
    while candidate.casefold() in used:
        suffix = f" ({number})"
        candidate, number = name[:SHEET_NAME_MAX - len(suffix)] + suffix, number + 1
    return candidate


def add_sheet(workbook: "Workbook", title: str, rows: list[dict], columns: list[Column]) -> "Worksheet":
    """Append one sheet holding `rows` under `columns`, styled as the module says."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(sheet_name(title, workbook.sheetnames))
    headers = [column.header for column in columns]
    sheet.append(headers)
    widths = [display_width(header) for header in headers]
    wraps = [column.sheet_wrap for column in columns]
    for row in rows:
        values = [sheet_value(column.value(row)) for column in columns]
        sheet.append(values)
        for index, value in enumerate(values):
            if isinstance(value, str):
                lines = value.splitlines() or [""]
                widest = max(display_width(line) for line in lines)
                if widest > MAX_WIDTH or len(lines) > 1:
                    wraps[index] = True
                widths[index] = max(widths[index], widest)
            elif isinstance(value, date):
                widths[index] = max(widths[index], 10)
            elif value is not None:
                widths[index] = max(widths[index], len(cell_text(value)))

    bold = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for cell in sheet[1]:
        cell.font = bold
        cell.data_type = "s"
    # Setting a style through openpyxl's descriptors looks it up in the workbook's style lists each
    # time (most of the export's time); a cell styled once lends its style ids to the rest.
    styled: dict[tuple, object] = {}
    for row_cells in sheet.iter_rows(min_row=2):
        for index, cell in enumerate(row_cells):
            value = cell.value
            if isinstance(value, str):
                # A text cell stays text: openpyxl would otherwise store "=..." as a formula.
                cell.data_type = "s"
                number_format = TEXT_FORMAT
            elif isinstance(value, date):
                number_format = DATE_FORMAT
            else:
                number_format = None
            number_format = columns[index].sheet_format or number_format
            kind = (number_format, wraps[index])
            if kind in styled:
                cell._style = copy(styled[kind])
                continue
            if number_format:
                cell.number_format = number_format
            cell.alignment = wrapped if wraps[index] else top
            styled[kind] = cell._style
    for index, (column, width) in enumerate(zip(columns, widths), start=1):
        # +2: Excel's column width counts characters of the default font, with a little padding.
        sheet.column_dimensions[get_column_letter(index)].width = (
            column.sheet_width or max(MIN_WIDTH, min(width, MAX_WIDTH)) + 2)
    sheet.freeze_panes = "A2"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    return sheet


def new_workbook() -> "Workbook":
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)  # sheets are added by name; the default "Sheet" is not one of them
    return workbook


def workbook_bytes(workbook: "Workbook") -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def listing_workbook(listing: Listing) -> bytes:
    """A listing as an .xlsx file's bytes: one sheet (named listing.sheet) of the flat formats' columns."""
    workbook = new_workbook()
    add_sheet(workbook, listing.sheet, listing.rows, shown_columns(listing.columns, table=False))
    if listing.title:
        workbook.properties.title = listing.title
    return workbook_bytes(workbook)
