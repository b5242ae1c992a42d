"""How messages count and list things in English: `1 measure`, `2 measures`; `a`, `a or b`,
`a, b or c`. Written once for every layer, so that a heading, a summary and a did-you-mean read
alike wherever they are written (a noun whose plural is not the noun and an s says its own)."""

from __future__ import annotations

from collections.abc import Iterable


def plural(count: int, noun: str) -> str:
    return f"{count} {noun if count == 1 else noun + 's'}"


def either(words: Iterable[str]) -> str:
    """The words as alternatives; at least one."""
    words = list(words)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
