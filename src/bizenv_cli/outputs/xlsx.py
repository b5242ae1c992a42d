"""Listings as Excel workbooks (docs/outputs.md): what an office opens without a word of explanation.

A sheet is a listing: the flat columns of a command (Column.only != "table"), one row per row.
The header is bold, frozen and filtered; ids and codes are text cells (`09.10` stays `09.10`, where
a CSV opened in Excel turns it into 9.1); an ISO date is a real date; widths follow the display
width of the text (a CJK character takes two cells); long text wraps. A column may fix its width,
number format and wrapping instead (Column.sheet_*): the ledger's template lays out the columns a
person fills in that way, and is written here like every listing.

Every sheet is set up to print (docs/outputs.md#printing): landscape A4, one page wide, the header
row on each page, each row as tall as its wrapped text, the columns of prose narrowed when the
sheet is too wide for a page to print legibly. No character XML 1.0 forbids reaches the file.
The headers arrive in the language chosen (outputs/words.py); nothing here translates.

openpyxl, not XlsxWriter: the ledger reads back the templates it writes (docs/ledger.md), and openpyxl
does both, so the package carries one spreadsheet library (benchmarks/bench_outputs.py measures
what writing the whole package costs). It is imported here, inside the functions, so that only
the commands writing a workbook pay for it.
"""

from __future__ import annotations

import io
import math
import re
from copy import copy
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any
from unicodedata import combining, east_asian_width

from bizenv_cli.files.formula_guard import MAX_CELL_CHARACTERS
from bizenv_cli.outputs.render import Column, Listing, cell_text, shown_columns

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

MAX_WIDTH = 60   # cells; a wider column wraps its text instead of running off the screen
MIN_WIDTH = 6
# Printing (docs/outputs.md#printing): how wide a sheet may be, in Excel's character units, for a
# landscape A4 page one page wide still to print its text at about two thirds of its size;
# the narrowest a column of prose gets to fit that; text longer than FOLDED_WIDTH is prose.
PRINT_WIDTH = 220
FOLDED_WIDTH = 12
HEADER_WIDTH = 8
# A printed line of 11-point text, in points: Noto Sans CJK, which LibreOffice and most Linux
# desktops show Chinese in, sets it 16 points apart; the padding keeps descenders off the rule.
LINE_HEIGHT = 16.0
ROW_PADDING = 2.0
# Excel's tallest row: a cell with more text than that (one measure of 1,400 characters) shows
# its first 25 lines or so, in print too; the cell holds the whole text.
MOST_ROW_HEIGHT = 409.0
CELL_PADDING = 1.0     # characters of a column's width that its margins take
PRINT_CHARACTER = 1.05  # a display cell (half a CJK character) in column width units (Excel: digits)
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# What XML 1.0 cannot carry (its Char production): C0 controls but tab and line breaks, which
# openpyxl refuses in a cell, and the surrogates, U+FFFE and U+FFFF, which it writes as they are
# into XML that no spreadsheet program then opens. A control becomes a space; the others U+FFFD.
_XML_CONTROLS = re.compile(r"[\000-\010\013\014\016-\037]")
_XML_NONCHARACTERS = re.compile("[\ud800-\udfff\ufffe\uffff]")
# Past Excel's most characters in a cell (files/formula_guard.MAX_CELL_CHARACTERS, which the import
# holds a sheet to; UTF-16 code units, as Excel counts them) openpyxl cuts a text at that many code
# points without a word: a cut is marked (docs/outputs.md#excel).
CUT_MARK = "…"
# Characters a sheet's name may not hold (Excel's rule), and its length.
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


def display_width(text: str) -> int:
    """How many cells `text` takes on a screen: wide and full-width characters (CJK, （）) two,
    combining marks none, everything else one."""
    return sum(0 if combining(char) else 2 if east_asian_width(char) in "WF" else 1 for char in text)


def sheet_value(value: Any, as_text: bool = False) -> Any:
    """A row's value as a cell holds it: numbers as they are, an ISO day as a date, a yes or no in
    words (`yes`/`no`, as the CSV says it; a file in Chinese has said 是/否 already), lists joined as
    the CSV joins them, everything else text.

    A yes or no is no boolean cell: the Chinese file says 是/否, and LibreOffice saves a boolean
    cell again as a formula (`=FALSE()`). `as_text`: a column formatted as text (the template's
    实际值, read back by `ledger import`) keeps a text that looks like a day as text, since a date
    cell there reads back as Excel's serial number (2022-06-30 as 44742)."""
    if value is None or (isinstance(value, (int, float, date)) and not isinstance(value, bool)):
        return value
    text = cell_text(value)
    if not as_text and _ISO_DAY.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    return within_cell(xml_safe(text))


def within_cell(text: str) -> str:
    """`text` as one cell can hold it: whole, or, past Excel's limit, its start ending in CUT_MARK,
    so that whoever reads the cell (or imports the sheet back) sees it was cut."""
    if len(text) <= MAX_CELL_CHARACTERS // 2 or _utf16_length(text) <= MAX_CELL_CHARACTERS:
        return text
    room, kept = MAX_CELL_CHARACTERS - _utf16_length(CUT_MARK), []
    for char in text:
        room -= _utf16_length(char)
        if room < 0:
            break
        kept.append(char)
    return "".join(kept) + CUT_MARK


def _utf16_length(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def xml_safe(text: str) -> str:
    """`text` with every character XML 1.0 forbids replaced: a workbook holding one does not open."""
    return _XML_NONCHARACTERS.sub("\ufffd", _XML_CONTROLS.sub(" ", text))


def sheet_name(text: str, taken: Iterable[str] = ()) -> str:
    """A name Excel accepts for a sheet, unique among `taken` (compared as Excel does, caseless)."""
    name = _SHEET_NAME_FORBIDDEN.sub(" ", xml_safe(text)).strip().strip("'")[:SHEET_NAME_MAX] or "sheet"
    used = {item.casefold() for item in taken}
    candidate, number = name, 2
    while candidate.casefold() in used:
        suffix = f" ({number})"
        candidate, number = name[:SHEET_NAME_MAX - len(suffix)] + suffix, number + 1
    return candidate


def add_sheet(workbook: "Workbook", title: str, rows: list[dict], columns: list[Column]) -> "Worksheet":
    """Append one sheet holding `rows` under `columns`, styled and laid out to print as the module says."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(sheet_name(title, workbook.sheetnames))
    headers = [xml_safe(column.header) for column in columns]
    sheet.append(headers)
    # A header wraps onto a second line rather than widen a column of short values.
    widths = [min(display_width(header), HEADER_WIDTH) for header in headers]
    wraps = [column.sheet_wrap for column in columns]
    volumes = [0] * len(columns)  # how much prose (text longer than FOLDED_WIDTH) a column holds
    table = []
    for row in rows:
        values = [sheet_value(column.value(row), column.sheet_format == TEXT_FORMAT) for column in columns]
        table.append(values)
        sheet.append(values)
        for index, value in enumerate(values):
            if isinstance(value, str):
                lines = value.splitlines() or [""]
                widest = max(display_width(line) for line in lines)
                if widest > MAX_WIDTH or len(lines) > 1:
                    wraps[index] = True
                if widest > FOLDED_WIDTH:
                    volumes[index] += display_width(value)
                widths[index] = max(widths[index], widest)
            elif isinstance(value, date):
                widths[index] = max(widths[index], 10)
            elif value is not None:
                widths[index] = max(widths[index], len(cell_text(value)))

    # +2: Excel's column width counts characters of the default font, with a little padding.
    widths = [column.sheet_width or max(MIN_WIDTH, min(width, MAX_WIDTH)) + 2
              for column, width in zip(columns, widths)]
    for index, narrowed in enumerate(_print_widths(widths, volumes, columns)):
        if narrowed < widths[index]:
            widths[index], wraps[index] = narrowed, True

    bold = Font(bold=True)
    heading = Alignment(wrap_text=True, vertical="top")
    wrapped = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = heading
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
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    # Every row as tall as its wrapped text: LibreOffice keeps a row's height as the file gives it
    # and shows a wrapped cell's first line only, and Excel grows a row only when it is edited.
    for number, values in enumerate([headers, *table], start=1):
        lines = max((lines_shown(value, width) for value, width, wrap in zip(values, widths, wraps)
                     if wrap or number == 1), default=1)
        sheet.row_dimensions[number].height = min(round(max(lines, 1) * LINE_HEIGHT + ROW_PADDING, 2), MOST_ROW_HEIGHT)
    # Excel's own pane; LibreOffice keeps it when saving from a window, and its headless conversion
    # drops every file's (docs/outputs.md#opened-and-saved-again).
    sheet.freeze_panes = "A2"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    _print_setup(sheet)
    return sheet


def lines_shown(value: Any, width: float) -> int:
    """How many lines a wrapped cell `width` characters wide shows `value` on (estimated from the
    display width of its text: a CJK character is two digits' width, a little more in print)."""
    if not isinstance(value, str) or not value:
        return 1
    room = max((width - CELL_PADDING) / PRINT_CHARACTER, 1.0)
    return sum(max(1, math.ceil(display_width(line) / room)) for line in value.splitlines() or [""])


def _print_widths(widths: list[float], volumes: list[int], columns: list[Column]) -> list[float]:
    """The widths that let a sheet print one landscape A4 page wide at a size still read.

    When the columns are wider than PRINT_WIDTH together, the columns of prose (any cell longer
    than FOLDED_WIDTH) give up width and fold their text onto more lines; ids, dates, numbers and
    the columns a template lays out itself keep theirs. A column of prose keeps a width in
    proportion to the square root of how much text it holds, between FOLDED_WIDTH and its own:
    that spreads the lines the rows grow by most evenly (the measure's text keeps the most room).
    """
    folding = [index for index, column in enumerate(columns)
               if volumes[index] and widths[index] > FOLDED_WIDTH and not column.sheet_width]
    fixed = sum(width for index, width in enumerate(widths) if index not in folding)
    if not folding or fixed + sum(widths[index] for index in folding) <= PRINT_WIDTH:
        return widths
    weights = {index: math.sqrt(volumes[index]) for index in folding}

    def shared(scale: float) -> dict[int, float]:
        return {index: min(widths[index], max(FOLDED_WIDTH, round(scale * weights[index], 1))) for index in folding}

    low, high = 0.0, max(widths[index] / weights[index] for index in folding)
    for _ in range(30):
        middle = (low + high) / 2
        low, high = (middle, high) if fixed + sum(shared(middle).values()) <= PRINT_WIDTH else (low, middle)
    narrowed = shared(low)
    return [narrowed.get(index, width) for index, width in enumerate(widths)]


def _print_setup(sheet: "Worksheet") -> None:
    """Landscape A4, one page wide (as many pages down as it takes), the header row on every page,
    the sheet's name and the page number in the footer."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "&A  &P / &N"


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
        workbook.properties.title = xml_safe(listing.title)
    return workbook_bytes(workbook)
