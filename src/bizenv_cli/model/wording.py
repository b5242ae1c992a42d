"""How messages count and list things in English: `1 measure`, `2 measures`; `a`, `a or b`,
`a, b or c`. Written once for every layer, so that a heading, a summary and a did-you-mean read
alike wherever they are written (a noun whose plural is not the noun and an s says its own). And
how a list is written as one piece of text in each language a listing is written in."""

from __future__ import annotations

from collections.abc import Iterable


def plural(count: int, noun: str) -> str:
    return f"{count} {noun if count == 1 else noun + 's'}"


def either(words: Iterable[str]) -> str:
    """The words as alternatives; at least one."""
    words = list(words)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def did_you_mean(words: Iterable[str]) -> str:
    """`; did you mean a, b or c?`, the end of a message naming what was likely meant; '' for no
    word, so that a message without a likely meaning ends where it did."""
    words = list(words)
    return f"; did you mean {either(words)}?" if words else ""


# How a list is one piece of text, by the language of the listing (outputs/words.py): every list
# cell of every format (outputs/render.cell_text) and every list inside a sentence of a cell (the
# tied leads of a plan, model/status_words.plan_lead_words) is joined so, so that a listing never
# joins two lists two ways.
LIST_SEPARATOR = {"en": ", ", "zh": "、"}
