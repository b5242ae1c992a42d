"""Reading the file an office sends back, bounded: what `bizenv ledger import` reads before it
looks at a single row.

An office's file is untrusted input. Before anything is parsed it must be a regular file (a FIFO
would hang the reader, a device never end) of a bounded size; an .xlsx is a zip whose members may
inflate a thousandfold, so their declared sizes are added up first (zipfile never inflates a member
past its declared size: it fails the CRC instead); the XML is parsed by openpyxl through
defusedxml, which refuses entities; rows and cells are counted as they come. A formula cell is
read by the value the file stores for it, and refused, naming its row and column, when the file
stores none (openpyxl writes formulas without values; Excel and LibreOffice store both): read as
blank, it would silently drop the row. A number shown as a percentage (60% typed into a cell
that is not text, as in a CSV template opened and saved as .xlsx) is stored as 0.6: it is read
as the 60% the person typed and sees, never as 0.6 against a target of 60%; so is a number whose
format prints text beside it (0.0"天" shows 66.5天), whose unit the import then checks. An error value a cell
shows (#DIV/0!, #N/A: a formula that failed, or an error typed), in an .xlsx or as the text a CSV
saved from one holds, is read as a CellError, which the import refuses rather than take its
characters for words or its 0 for a figure.

Every refusal is a SheetError with `FILE: what is wrong`, never a traceback.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import warnings
from decimal import Decimal
from pathlib import Path

from bizenv_cli.files.formula_guard import MAX_CELL_CHARACTERS
from bizenv_cli.model.figures import ERROR_VALUE  # an error value a cell shows (#DIV/0!, Err:502)

# The files a body fills in: the template is written as one of these (outputs/ledger_template.py,
# by the registry's xlsx and csv writers) and read back from it.
SHEET_SUFFIXES = (".xlsx", ".csv")

MAX_FILE_BYTES = 16 * 1024 * 1024          # a template of every milestone is some 60 KB
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024  # all of an .xlsx's members, as their headers declare them
MAX_ROWS = 20_000                          # the largest body's template has a few hundred


class SheetError(Exception):
    """The file cannot be read as a template at all (wrong kind, unreadable, too large, header changed)."""



def too_long_for_a_cell(text: str | None) -> str | None:
    """Why a report's text (an actual's raw, an update's or an actual's evidence) cannot go round the
    template, whose cells it is carried back in: over a cell's MAX_CELL_CHARACTERS, which the
    import refuses, it would come back cut. None when it fits."""
    if text is None or len(text) <= MAX_CELL_CHARACTERS:
        return None
    return (f"{len(text):,} characters, and a spreadsheet cell holds {MAX_CELL_CHARACTERS:,} at most: the "
            "template that carries it would cut it; shorten it, or name a file that holds it")

class CellError(str):
    """An error value as a cell shows it (#DIV/0!, #N/A, #VALUE!, LibreOffice's Err:502): no one's words,
    and no figure."""


def read_sheet(path: Path, name: str, sheet_title: str, properties: dict[str, str] | None = None,
               merged: list[tuple[int, int, int, int]] | None = None,
               header_label: str | None = None) -> list[tuple[int, list]]:
    """(row number as the spreadsheet shows it, cells) for every row of the sheet `sheet_title`
    (or the first sheet), header included. `properties`, when given, receives an .xlsx's custom
    document properties (name: text), where the template keeps whose and which day it is;
    `merged` its cells merged across rows, each as (first column, first row, last column, last
    row), 1-based: such a cell's value is read in its first row only, where a person sees it in
    every row it spans. `header_label`: the first cell of the table's header (编号), whose row names
    the column of a cell refused here; else the first row with anything in it does."""
    suffix = path.suffix.lower()
    if suffix not in SHEET_SUFFIXES:
        raise SheetError(f"{name}: give the filled-in template as .xlsx or .csv")
    raw = _read_bounded(path, name)
    _refuse_another_kind(raw, name, suffix)
    if suffix == ".xlsx":
        return _xlsx_rows(raw, name, sheet_title, properties, merged, header_label)
    return _csv_rows(raw, name)


# What a file of another kind starts with, as people send them under the template's name: a
# workbook saved in another format, or renamed (.csv ↔ .xlsx).
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the OLE stream an encrypted .xlsx is kept in


def _refuse_another_kind(raw: bytes, name: str, suffix: str) -> None:
    """SheetError naming what the file is, when its bytes show another kind than its name says:
    without it, an .ods renamed .xlsx was "not an .xlsx workbook (KeyError: …)", and an .xlsx
    named .csv "neither UTF-8 nor GBK"."""
    if raw.startswith(_ZIP) and _ODS_MIMETYPE in raw[:200]:
        found = "an OpenDocument spreadsheet (.ods)"
    elif raw.startswith(_OLE) and _ENCRYPTED in raw:
        # An .xlsx saved with a password is an OLE file holding the encrypted workbook: saving it
        # "as .xlsx" again, as said of an .xls, keeps the password.
        raise SheetError(f"{name}: this workbook is encrypted with a password, which the import cannot open: "
                         "save it without the password")
    elif raw.startswith(_OLE):
        found = "an Excel 97-2003 (.xls) or WPS workbook"
    elif raw.startswith(_ZIP) and suffix == ".csv":
        raise SheetError(f"{name}: this is an .xlsx workbook, not a CSV: name it .xlsx")
    elif suffix == ".xlsx" and raw and not raw.startswith(_ZIP) and b"\x00" not in raw[:4096]:
        raise SheetError(f"{name}: this is a text file (a CSV?), not an .xlsx workbook: name it .csv if it is "
                         "the CSV template, or save it as .xlsx")
    else:
        return
    raise SheetError(f"{name}: this is {found}: save it as .xlsx (Excel, WPS or LibreOffice: 另存为 .xlsx)")


def _read_bounded(path: Path, name: str) -> bytes:
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise SheetError(f"{name}: cannot read the file: {error.strerror}") from None
    with os.fdopen(descriptor, "rb") as stream:
        details = os.fstat(stream.fileno())
        if not stat.S_ISREG(details.st_mode):
            raise SheetError(f"{name}: not a regular file (a folder, FIFO or device); give the .xlsx or .csv file")
        if details.st_size > MAX_FILE_BYTES:
            raise SheetError(f"{name}: {details.st_size:,} bytes is more than a template can be "
                             f"({MAX_FILE_BYTES:,} at most)")
        try:
            raw = stream.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise SheetError(f"{name}: cannot read the file: {error.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise SheetError(f"{name}: more than {MAX_FILE_BYTES:,} bytes is more than a template can be")
    return raw


def _xlsx_rows(raw: bytes, name: str, sheet_title: str, properties: dict | None = None,
               merged: list | None = None, header_label: str | None = None) -> list[tuple[int, list]]:
    from zipfile import BadZipFile, ZipFile

    try:
        declared = sum(member.file_size for member in ZipFile(io.BytesIO(raw)).infolist())
    except (BadZipFile, ValueError, OSError) as error:
        raise SheetError(f"{name}: not an .xlsx workbook Excel, WPS or LibreOffice wrote ({error})") from None
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise SheetError(f"{name}: the workbook unpacks to {declared:,} bytes, more than a template can be "
                         f"({MAX_UNCOMPRESSED_BYTES:,} at most)")
    values = _sheet_rows(raw, name, sheet_title, data_only=True, properties=properties, merged=merged)
    formulas = _sheet_rows(raw, name, sheet_title, data_only=False)
    _refuse_formulas_without_values(values, formulas, name, header_label)
    return values


def _sheet_rows(raw: bytes, name: str, sheet_title: str, data_only: bool,
                properties: dict | None = None, merged: list | None = None) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=data_only)
    except Exception as error:  # noqa: BLE001 - a hostile or broken file may fail anywhere in openpyxl
        raise SheetError(f"{name}: not an .xlsx workbook Excel, WPS or LibreOffice wrote "
                         f"({type(error).__name__}: {error})") from None
    if properties is not None:
        properties.update({prop.name: str(prop.value) for prop in book.custom_doc_props.props
                           if isinstance(prop.value, str) and len(prop.value) <= MAX_CELL_CHARACTERS})
    try:
        # The template's own sheet, wherever an office moved it; else the first.
        sheet = book[sheet_title] if sheet_title in book.sheetnames else book.worksheets[0]
        rows = []
        with warnings.catch_warnings():
            # openpyxl warns on stderr of a number too large for its cell's date format, and reads
            # it as the error #VALUE! (a CellError here), which the import names with its cell.
            warnings.filterwarnings("ignore", r"Cell \w+ is marked as a date", UserWarning)
            for number, row in enumerate(sheet.iter_rows(), 1):
                if number > MAX_ROWS:
                    raise SheetError(f"{name}: more than {MAX_ROWS:,} rows; a template has one row per item")
                cells = [_shown_value(cell) for cell in row]
                _check_cells(cells, name, number)
                rows.append((number, cells))
        if merged is not None:
            merged.extend(_merged_across_rows(raw, book.sheetnames.index(sheet.title)))
        return rows
    except SheetError:
        raise
    except Exception as error:  # noqa: BLE001 - malformed sheet XML surfaces while rows are read
        raise SheetError(f"{name}: the sheet cannot be read ({type(error).__name__}: {error})") from None
    finally:
        book.close()


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _merged_across_rows(raw: bytes, index: int) -> list[tuple[int, int, int, int]]:
    """The ranges of the workbook's sheet number `index` (0-based) merged across more than one
    row. openpyxl's read-only sheets do not give their merged cells; the sheet's XML names them
    (<mergeCell ref="J32:J33"/>), found through the workbook's list of sheets and its relationships."""
    from posixpath import join, normpath
    from zipfile import ZipFile

    from defusedxml.ElementTree import fromstring, iterparse
    from openpyxl.utils.cell import range_boundaries

    with ZipFile(io.BytesIO(raw)) as book:
        names = set(book.namelist())
        if not {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"} <= names:
            return []  # a workbook laid out otherwise, which openpyxl read: its merges go unchecked
        sheets = fromstring(book.read("xl/workbook.xml")).iter(f"{_MAIN}sheet")
        wanted = next((sheet.get(_RELATIONSHIP_ID) for number, sheet in enumerate(sheets) if number == index), None)
        targets = {link.get("Id"): link.get("Target") for link in
                   fromstring(book.read("xl/_rels/workbook.xml.rels")).iter(_RELATIONSHIP)}
        target = targets.get(wanted)
        member = target and (target.lstrip("/") if target.startswith("/") else normpath(join("xl", target)))
        if member not in names:
            return []
        ranges = []
        with book.open(member) as xml:
            for _, element in iterparse(xml):
                if element.tag == f"{_MAIN}mergeCell" and element.get("ref"):
                    first_column, first_row, last_column, last_row = range_boundaries(element.get("ref"))
                    if last_row > first_row:
                        ranges.append((first_column, first_row, last_column, last_row))
                elif element.tag == f"{_MAIN}row":
                    element.clear()  # the rows were read already; keep memory flat on a large sheet
        return ranges


# A number format that shows the value times 100 with a % sign: a % outside quoted text ("%")
# and not escaped (\%), which would print the sign alone.
_LITERALS_IN_A_FORMAT = re.compile(r'"[^"]*"|\\.')
# The text a number format prints around the number: quoted ("天"), escaped (\天) or a character
# no format code is (天), as Excel, WPS and LibreOffice store a custom format such as 0.0"天" (typed
# 0.0天 in 自定义格式). A colour or a locale in brackets ([Red], [$-804]) prints none; a digit
# placeholder (0, #, ?) marks the number. The format's sections are for positive numbers, negative
# ones and zero, apart by ; outside quotes.
_TEXT_IN_A_FORMAT = re.compile(r'"([^"]*)"|\\(.)|([^\x00-\x7f])')
_SECTION_END = re.compile(r';(?=(?:[^"]*"[^"]*")*[^"]*$)')
_BRACKETS_IN_A_FORMAT = re.compile(r"\[[^\]]*\]")
_DIGIT_PLACEHOLDER = re.compile(r"[0#?]")


def _shown_value(cell):
    """The cell's value, but a number shown with text or as a percentage as the text it shows, its
    number at full precision (0.855 under 0.0% is 85.5%, not 0.855; 66.5 under 0.0"天" is 66.5天,
    which the import refuses on an indicator in 小时, not 66.5 hours), and an error value as a
    CellError."""
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "e" and value is not None:
        return CellError(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        percent = _is_percent(cell)
        number = f"{shown_number(value, 100)}%" if percent else shown_number(value)
        shown = _with_format_text(getattr(cell, "number_format", None) or "", value, number)
        return shown if percent or shown != number else value
    return value


def _with_format_text(number_format: str, value: int | float, number: str) -> str:
    """`number` (the value as shown) with the text that the format's section for `value` prints
    around it (0.0"天": 66.5天); that text alone where the section prints no number ("零" for zero).
    A negative number keeps its sign, which is no text of the format."""
    sections = _SECTION_END.split(number_format)
    section = (sections[1] if value < 0 and len(sections) > 1 else sections[2] if value == 0 and len(sections) > 2
               else sections[0])
    section = _BRACKETS_IN_A_FORMAT.sub("", section)
    placeholder = _DIGIT_PLACEHOLDER.search(_TEXT_IN_A_FORMAT.sub(lambda text: " " * len(text.group()), section))
    before, after = [], []
    for text in _TEXT_IN_A_FORMAT.finditer(section):
        printed = next(group for group in text.groups() if group is not None)
        (before if placeholder is None or text.start() < placeholder.start() else after).append(printed)
    if placeholder is None and before:
        return "".join(before)
    return "".join(before) + number + "".join(after)


# Excel and LibreOffice show a number to 15 significant digits; a file may store the 17 of its
# binary fraction (Excel stores a formula's 1.1*3 as 3.3000000000000003), which no one typed or saw.
SHOWN_DIGITS = 15


def shown_number(value: int | float, scale: int = 1) -> str:
    """`value` times `scale` as a spreadsheet shows the number, in plain digits: 3.3, 60, -0.5."""
    number = Decimal(format(value, f".{SHOWN_DIGITS}g")) * scale
    return format(number.normalize(), "f") if number else "0"


def _is_percent(cell) -> bool:
    number_format = getattr(cell, "number_format", None) or ""
    return "%" in _LITERALS_IN_A_FORMAT.sub("", number_format)


def _refuse_formulas_without_values(values, formulas, name: str, header_label: str | None = None) -> None:
    from openpyxl.utils import get_column_letter

    # The template's header is below its heading: the first row with anything in it is the title
    # 工作台账, which had named a formula's column by its letter (J), or by the title (column A).
    header = next((cells for _, cells in values
                   if cells and isinstance(cells[0], str) and cells[0].strip() == header_label), None)
    if header is None:
        header = next((cells for _, cells in values if any(cell not in (None, "") for cell in cells)), [])
    missing = []
    for (number, stored), (_, written) in zip(values, formulas):
        for index, (value, formula) in enumerate(zip(stored, written)):
            if value is None and isinstance(formula, str) and formula.startswith("="):
                column = header[index] if index < len(header) and header[index] else get_column_letter(index + 1)
                missing.append(f"{name}:{number} {column}: a formula whose value the file does not store "
                               f"({formula[:40]}); type the value, or open and save the file in Excel, WPS or "
                               "LibreOffice")
    if missing:
        raise SheetError("\n".join(missing))


def _check_cells(cells, name: str, number: int) -> None:
    for cell in cells:
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARACTERS:
            raise SheetError(f"{name}:{number}: a cell of {len(cell):,} characters; a cell holds "
                             f"{MAX_CELL_CHARACTERS:,} at most")


def _csv_rows(raw: bytes, name: str) -> list[tuple[int, list]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")  # WPS and a Chinese Excel save "CSV" in the local code page
        except UnicodeDecodeError:
            raise SheetError(f"{name}: the CSV is neither UTF-8 nor GBK/GB18030; save it as CSV UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""), dialect="excel")
    rows = []
    try:
        for number, cells in enumerate(reader, 1):
            if number > MAX_ROWS:
                raise SheetError(f"{name}: more than {MAX_ROWS:,} rows; a template has one row per item")
            _check_cells(cells, name, number)
            rows.append((number, [CellError(cell.strip()) if ERROR_VALUE.fullmatch(cell.strip()) else cell
                                 for cell in cells]))
    except csv.Error as error:  # a cell past csv's field limit (128 KiB), a NUL byte...
        raise SheetError(f"{name}:{reader.line_num}: not a CSV row ({error})") from None
    return rows
