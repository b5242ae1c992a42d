"""Reading a ledger template as a person's spreadsheet shows it: the heading above, the table below
(its header is the row that starts with 编号)."""

from __future__ import annotations

import csv
import io

HEADER_START = "编号"


def csv_parts(raw: bytes) -> tuple[list[list[str]], list[str], list[list[str]]]:
    """(heading rows, header, table rows) of a CSV template."""
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    at = next(number for number, row in enumerate(table) if row and row[0] == HEADER_START)
    return table[:at], table[at], table[at + 1:]


def csv_bytes(*parts: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for rows in parts:
        writer.writerows(rows)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def header_row(sheet) -> int:
    """The row number of an .xlsx template's header."""
    return next(row[0].row for row in sheet.iter_rows() if row[0].value == HEADER_START)
