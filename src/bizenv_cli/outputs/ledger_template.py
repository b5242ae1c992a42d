"""The work ledger's template as the file a body fills in (docs/ledger.md): its rows
(ledger/spreadsheet.py's template_rows) as a listing, written by the same xlsx and CSV writers as
every other listing (outputs/formats.py).

The columns it lays out itself are those the content cannot: 状态, 完成日期, 进展情况 and 实际值
are blank until a person types into them, so each column has a fixed width, the day columns a date
format (a typed day is a date cell), the id and 实际值 columns a text format (09.10 typed or kept
there stays the text 09.10, not the number 9.1), and the long texts wrap.
"""

from __future__ import annotations

from bizenv_cli.ledger.spreadsheet import (ACTUAL, CURRENT, DATE, DEADLINE, DONE_ON, EVIDENCE, HEADER, ID, PLAN, ROLE,
                                           SHEET_TITLE, STATUS, TITLE)
from bizenv_cli.outputs.render import Column, Listing
from bizenv_cli.outputs.xlsx import DATE_FORMAT, TEXT_FORMAT

WIDTHS = {ID: 12, PLAN: 6, TITLE: 40, DATE: 12, DEADLINE: 40, ROLE: 10, CURRENT: 10, STATUS: 10,
          DONE_ON: 12, EVIDENCE: 40, ACTUAL: 14}
FORMATS = {ID: TEXT_FORMAT, ACTUAL: TEXT_FORMAT, DATE: DATE_FORMAT, DONE_ON: DATE_FORMAT}
WRAPPED = (TITLE, DEADLINE, EVIDENCE)


def template_columns() -> list[Column]:
    return [Column(header, lambda row, header=header: row.get(header), sheet_width=WIDTHS[header],
                   sheet_format=FORMATS.get(header), sheet_wrap=header in WRAPPED)
            for header in HEADER]


def template_listing(rows: list[dict]) -> Listing:
    """The template for `rows` as a listing: a workbook writes it on the sheet the import looks for."""
    return Listing(rows, template_columns(), sheet=SHEET_TITLE)
