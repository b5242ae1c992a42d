"""Where a table cell's text may break into lines: between words, never inside a number, and by the
Chinese rules of line breaking (禁则): no line starts with closing punctuation (、。，；：）”》…) and
none ends with opening punctuation (（“《…).

A pure function over text and a width in terminal cells; the table writer (render.py) wraps each
cell with it, so no number or date is folded in two.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Punctuation that must not begin a line: it closes or ends what comes before it.
NO_LINE_START = frozenset("、。，．,.；;：:？?！!）)］]｝}〕〉》」』】〗”’\"'…‥%％‰·・ー～")
# Punctuation that must not end a line: it opens what comes after it.
NO_LINE_END = frozenset("（(［[｛{〔〈《「『【〖“‘")

# What never breaks inside: a number with its decimal point, sign, thousands commas, percent and
# date or ratio separators (0.25, -3.5%, 2022-06-30, 1,000, 12:30), and an ascii word (tax, 09.i1).
# A unit right after a number stays with it (5次, 0.5天, 26个工作日 keeps 26个).
NUMBER_UNITS = frozenset("次个天日月年元人户家项条件万亿倍分秒时周")
_UNBREAKABLE = re.compile(r"[+\-−]?[0-9A-Za-z]+(?:[.,:/\-_'’][0-9A-Za-z]+)*[%‰％]?")


def longest_unbreakable(text: str, measure: Callable[[str], int] | None = None) -> int:
    """The cells of the widest number or ascii word in `text` (2022-06-30, 0.25%, 09.i1): a column
    at least this wide never has to cut one."""
    return max((text_width(match.group(), measure) for match in _UNBREAKABLE.finditer(text)), default=0)


def text_width(text: str, measure: Callable[[str], int] | None = None) -> int:
    """The terminal cells `text` takes, as `measure` counts them; by default as rich counts them
    (wide characters two, zero-width and combining ones none), which is how the table measures."""
    if measure is None:
        from rich.cells import cell_len as measure
    return measure(text)


def _atoms(paragraph: str) -> list[str]:
    """The paragraph cut into pieces that a line break may fall between: a number or ascii word,
    a run of spaces, or one other character."""
    atoms: list[str] = []
    index = 0
    while index < len(paragraph):
        char = paragraph[index]
        match = _UNBREAKABLE.match(paragraph, index) if (char.isascii() and (char.isalnum() or char in "+-")) \
            or char == "−" else None
        if match and match.end() > index:
            atoms.append(match.group())
            index = match.end()
        elif char == " ":
            end = index
            while end < len(paragraph) and paragraph[end] == " ":
                end += 1
            atoms.append(paragraph[index:end])
            index = end
        else:
            atoms.append(char)
            index += 1
    return atoms


def _clusters(atoms: list[str]) -> list[str]:
    """Atoms glued so that no break falls where the rules forbid it: closing punctuation joins
    the piece before it, opening punctuation the piece after it."""
    clusters: list[str] = []
    pending_open = ""
    for atom in atoms:
        if atom.isspace():
            if pending_open:  # `（ ` is odd, but keeps the opening mark with what follows
                pending_open += atom
                continue
            clusters.append(atom)
        elif atom in NO_LINE_END:
            pending_open += atom
        elif (atom in NO_LINE_START or (atom in NUMBER_UNITS and clusters and clusters[-1][-1:].isdigit())) \
                and clusters and not clusters[-1].isspace() and not pending_open:
            clusters[-1] += atom
        elif atom in NO_LINE_START and len(clusters) >= 2 and clusters[-1].isspace() and not pending_open:
            # `力量 ，` (a stray space in the source): the mark still may not begin a line.
            space = clusters.pop()
            clusters[-1] += space + atom
        else:
            clusters.append(pending_open + atom)
            pending_open = ""
    if pending_open:
        if clusters and not clusters[-1].isspace():
            clusters[-1] += pending_open
        else:
            clusters.append(pending_open)
    return clusters


def _fold(piece: str, width: int, measure: Callable[[str], int] | None) -> list[str]:
    """A piece wider than the line: broken between its atoms first, so that a number stays whole
    even where a punctuation rule must give way; by characters only an atom wider than the line
    (a 40-digit number), as the last resort."""
    lines, current = [], ""
    for atom in _atoms(piece):
        if text_width(current + atom, measure) <= width:
            current += atom
            continue
        if current:
            lines.append(current)
            current = ""
        if text_width(atom, measure) <= width:
            current = atom
            continue
        for char in atom:
            if current and text_width(current + char, measure) > width:
                lines.append(current)
                current = char
            else:
                current += char
    if current:
        lines.append(current)
    return lines


def wrap(text: str, width: int, measure: Callable[[str], int] | None = None) -> list[str]:
    """The lines `text` takes in a column `width` cells wide; its own line breaks are kept and
    spaces at a break are dropped. `measure` gives a string's width in cells (default: as
    `text_width` counts them)."""
    width = max(width, 1)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if text_width(paragraph, measure) <= width:
            lines.append(paragraph.rstrip(" "))
            continue
        current, current_width = "", 0
        for cluster in _clusters(_atoms(paragraph)):
            size = text_width(cluster, measure)
            if cluster.isspace():
                if current:
                    current += cluster
                    current_width += size
                continue
            if current_width + size <= width:
                current += cluster
                current_width += size
                continue
            if current.strip():
                lines.append(current.rstrip(" "))
            current, current_width = "", 0
            if size <= width:
                current, current_width = cluster, size
            else:
                *full, current = _fold(cluster, width, measure)
                lines.extend(full)
                current_width = text_width(current, measure)
        lines.append(current.rstrip(" "))
    return lines


def wrap_spans(text: str, width: int, measure: Callable[[str], int] | None = None) -> list[tuple[int, int]]:
    """The same lines as `wrap`, as [start, end) offsets into `text`, so that marks on the text
    (search hits) can follow it onto its lines."""
    spans: list[tuple[int, int]] = []
    position = 0
    for line in wrap(text, width, measure):
        # Each line is the text from here on, after any spaces or the line break it was cut at.
        while position < len(text) and not text.startswith(line, position) and text[position] in " \n":
            position += 1
        spans.append((position, position + len(line)))
        position += len(line)
    return spans
