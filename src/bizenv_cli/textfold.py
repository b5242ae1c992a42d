"""Text as search compares it, in one place: `search`, `--grep`, `--indicator` and the indicator
owners' rule all fold alike."""

from __future__ import annotations

from unicodedata import normalize


def fold(text: str) -> str:
    """Text as search compares it: NFKC (full-width （：％ match ( : %), case-folded, no whitespace
    (the extraction put stray spaces and line breaks into the source: 2022 年 6 月)."""
    from bizenv_cli.sourcetext import squeeze  # here: `due` folds no text and need not load the module

    return squeeze(normalize("NFKC", text).casefold())
