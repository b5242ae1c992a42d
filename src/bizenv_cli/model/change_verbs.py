"""The verbs of change the plans print (压缩, 提升 …), the sign each gives, and where a text prints one.

A verb followed by 至, 到 or 为 names the level reached, not a change: 压缩至1个工作日以内 and
增长至5300家 are levels; so does a verb whose figure is printed right after 至 or 到, with words
between them (压缩办理环节至1个 is the level 1, as the plans read their targets: docs/data-format.md).

The words alone, below both readers of them: model/figures.py marks a figure printed after such a
verb as a change, and model/changes.py reads a change target's size with model/figures.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# The verbs of change the plans print, with the sign they give the number after them.
CHANGE_VERBS: dict[str, int] = {
    "压缩": -1, "压减": -1, "缩减": -1, "缩短": -1, "下降": -1, "降低": -1, "减少": -1, "递减": -1,
    "提升": 1, "提高": 1, "增长": 1, "增加": 1, "递增": 1, "扩大": 1,
}

_VERB = re.compile("(" + "|".join(CHANGE_VERBS) + r")(\s*[至到为])?")
# A figure printed right after 至 or 到 is the level reached, whatever words stand between it and the
# verb before it: the plans read 压缩办理环节至1个 as the level 1 (07.i4) and 平均压缩比达到70％以上 as
# the level 70 (20.i2). 为 names the level only right after the verb (缩短为0.5年, 01.i15): after other
# words it is as often "for" (为企业…, 为1200户企业减免…), and no target of the plans prints it so.
_LEVEL_REACHED = re.compile(r"[至到]\s*$")
_FIGURE_START = re.compile(r"[-+]?\.?\d")


def change_verbs_in(raw: str | None) -> Iterator[re.Match]:
    """Each verb of change the raw string prints, as a match (the verb and where it stands), the
    verbs that name the level reached left out: a verb followed by 至, 到 or 为 (压缩至, 增长为), and
    a verb whose first figure after it is printed right after 至 or 到 (压缩办理环节至1个)."""
    text = raw or ""
    return (found for found in _VERB.finditer(text)
            if not found.group(2) and not _names_level_reached(text, found.end()))


def _names_level_reached(text: str, verb_end: int) -> bool:
    figure = _FIGURE_START.search(text, verb_end)
    return bool(figure and _LEVEL_REACHED.search(text, verb_end, figure.start()))
