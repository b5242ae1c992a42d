"""Text as search compares it, in one place: `search`, `--grep`, `--indicator` and the indicator
owners' rule all fold alike."""

from __future__ import annotations

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
