"""The apostrophe that keeps a spreadsheet from running a text as a formula, put on and taken off.

A text cell starting with one of FORMULA_START is run as a formula by Excel and LibreOffice when
a CSV is opened (OWASP's advice on CSV injection). The listings put an apostrophe before such a
text (outputs/render.py); the ledger's import takes it off again when a filled-in template comes
back (ledger/spreadsheet.py), so that a report's words survive any number of rounds. Both read the
rule here, so the two cannot drift apart. The template's .xlsx writes its texts as text cells, which
run no formula, and guards only what the import would otherwise change (guarded_in_a_workbook).

Likewise the most characters a cell holds (MAX_CELL_CHARACTERS): the workbooks mark a text cut
there (outputs/xlsx.py), and the ledger refuses a longer one in a sheet and in a report, which a
template could not carry back whole (ledger/sheet_files.py).
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARACTERS = 32_767  # Excel's own limit for one cell

# The guard as guarded() puts it: an apostrophe before a character of FORMULA_START, or before
# a text guarded already (apostrophes, then such a character).
_GUARD = re.compile("^'(?='*[" + re.escape("".join(FORMULA_START)) + "])")


def guarded(text: str) -> str:
    """`text` with an apostrophe before it when a spreadsheet would run it as a formula; a plain
    negative number (-5, -0.5) stays a number. A text that already starts as a guarded one does
    (`'=x`, someone's own words) gets an apostrophe too, so that unguarded() gives back every text
    as it was: without it, `'=x` would come back from a template as `=x`."""
    if (text.startswith(FORMULA_START) and not _is_number(text)) or _GUARD.match(text):
        return "'" + text
    return text


def guarded_in_a_workbook(text: str) -> str:
    """`text` as a text cell of a workbook the ledger's import reads back holds it: such a cell runs
    no formula, so only a text that starts as a guarded one does (`'=x`) takes an apostrophe, which
    unguarded() takes off again."""
    return "'" + text if _GUARD.match(text) else text


def unguarded(text: str) -> str:
    """`text` without the apostrophe guarded() put before it: unguarded(guarded(t)) is t."""
    return _GUARD.sub("", text)


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False
