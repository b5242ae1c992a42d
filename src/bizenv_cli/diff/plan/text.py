"""What counts as the same value, and how a changed text is shown.

Two values mean the same when they differ only in whitespace, annotations or provenance
(IGNORED_KEYS), null against absent or an empty string, or 1.0 against 1 (see the package doc for
why). A text that did change is shown as its changed characters inline (`inline_diff`), compared
with the whitespace left out for the same reason.
"""

from __future__ import annotations

import json
import re
from difflib import SequenceMatcher
from typing import Any

from bizenv_cli.model.textfold import squeeze

# Annotations and provenance: they describe the plan, they are not what it says.
IGNORED_KEYS = frozenset({
    "note", "title_en", "name_en", "heading_en", "indicator_area", "direction_why",
    "line", "seq", "caption_line", "source",
})

_CONTEXT = 8  # characters of unchanged text shown either side of an inline change


def inline_diff(old: str | None, new: str | None, context: int | None = _CONTEXT) -> str:
    """The changed characters marked inline, `…旧[-删-]{+增+}…`, with a little unchanged text around each change.

    `context=None` keeps all the unchanged text: the whole old and new values, changes marked.
    The extraction's stray whitespace is left out on both sides (next to a Chinese character, or a
    run of it); a space between two Latin words or numbers stays, since dropping it would merge them
    ("5 days" is not "5days").
    """
    before, after = _readable(old or ""), _readable(new or "")
    pieces: list[str] = []
    opcodes = SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag != "equal":
            pieces.append(f"[-{before[i1:i2]}-]" if i2 > i1 else "")
            pieces.append(f"{{+{after[j1:j2]}+}}" if j2 > j1 else "")
            continue
        same = before[i1:i2]
        if context is None:
            pieces.append(same)
            continue
        at_start, at_end = i1 == 0, i2 == len(before)
        if at_start and at_end:
            pieces.append(same)
        elif at_start:
            pieces.append(same if len(same) <= context else "…" + same[-context:])
        elif at_end:
            pieces.append(same if len(same) <= context else same[:context] + "…")
        else:
            pieces.append(same if len(same) <= 2 * context else same[:context] + "…" + same[-context:])
    return "".join(pieces)


# A run of whitespace, and whether the characters either side of it are both ASCII word characters.
_WHITESPACE = re.compile(r"\s+")


def _readable(text: str) -> str:
    """Whitespace as a reader needs it: one space between two ASCII words, none elsewhere."""
    def kept(match: "re.Match[str]") -> str:
        left = text[match.start() - 1] if match.start() else ""
        right = text[match.end()] if match.end() < len(text) else ""
        return " " if left.isascii() and right.isascii() and left.isalnum() and right.isalnum() else ""

    return _WHITESPACE.sub(kept, text)


def same_meaning(old: Any, new: Any) -> bool:
    return normal(old) == normal(new)


def normal(value: Any) -> Any:
    """A value as far as meaning goes: no annotations, no whitespace, null the same as absent and as an
    empty string (an empty cell is an empty cell, written "" or null), 1.0 == 1."""
    if isinstance(value, dict):
        normalised = {key: normal(item) for key, item in value.items() if key not in IGNORED_KEYS}
        return {key: item for key, item in normalised.items() if item is not None}
    if isinstance(value, list):
        return [normal(item) for item in value]
    if isinstance(value, str):
        return squeeze(value) or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def meaning_key(item: Any) -> str:
    """A string equal for two values exactly when they mean the same: what lists without ids are aligned by."""
    return json.dumps(normal(item), ensure_ascii=False, sort_keys=True)
