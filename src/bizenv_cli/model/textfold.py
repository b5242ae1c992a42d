"""Text as search compares it, in one place: `search`, `--grep`, `--indicator` and the indicator
owners' rule all fold alike; and text whose whitespace is stray, as `bizenv import` reads a
cell's figures from it (squeeze_apart)."""

from __future__ import annotations

import re
from unicodedata import normalize


def fold(text: str) -> str:
    """Text as search compares it: NFKC (full-width （：％ match ( : %), case-folded, no whitespace
    (the extraction put stray spaces and line breaks into the source: 2022 年 6 月)."""
    return squeeze(normalize("NFKC", text).casefold())


def squeeze(text: str) -> str:
    """Text with all whitespace removed: how values and source are compared (docs/validation.md).

    str.split() splits at exactly the characters that re's \\s matches in a str (both ask
    Py_UNICODE_ISSPACE; a test compares them over every code point): this removes what
    re.sub(r"\\s", "", text) would."""
    return "".join(text.split())


# Whitespace between two digits: a space or a line break that keeps two figures apart.
_BETWEEN_DIGITS = re.compile(r"(?<=\d)\s+(?=\d)")


def squeeze_apart(text: str) -> str:
    """Text with its whitespace removed but where it stands between two digits, which is one space:
    the extraction's stray spaces go (2022 年 6 月 is 2022年6月, 3 个工作日 is 3个工作日), and two
    figures printed apart stay two (a cell whose lines are ≤60 and 2022年6月 is ≤60 2022年6月, never
    ≤602022年6月; 1 200 is 1 and 200, as the ledger reads it). What stands beside a digit on one side
    only (a point, a comma, a sign, a unit) joins as printed on one line: 1，⏎200户 is 1，200户."""
    return " ".join(squeeze(part) for part in _BETWEEN_DIGITS.split(text))
