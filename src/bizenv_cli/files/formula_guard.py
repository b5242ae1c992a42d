"""The apostrophe that keeps a spreadsheet from running a text as a formula, put on and taken off.

A text cell starting with one of FORMULA_START is run as a formula by Excel and LibreOffice when
a CSV is opened (OWASP's advice on CSV injection). The listings put an apostrophe before such a
text (outputs/render.py); the ledger's import takes it off again when a filled-in template comes
back (ledger/spreadsheet.py), so that a report's words survive any number of rounds. Both read the
rule here, so the two cannot drift apart.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# The guard as guarded() puts it: an apostrophe before a character of FORMULA_START.
_GUARD = re.compile("^'(?=[" + re.escape("".join(FORMULA_START)) + "])")


def guarded(text: str) -> str:
    """`text` with an apostrophe before it when a spreadsheet would run it as a formula; a plain
    negative number (-5, -0.5) stays a number."""
    if text.startswith(FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def unguarded(text: str) -> str:
    """`text` without the apostrophe guarded() put before a formula's first character."""
    return _GUARD.sub("", text)


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False
