"""Targets printed as a change of a level (同比压缩0.5次, 下降1个百分点, 增长不低于50%), not as the level itself.

docs/data-format.md (Indicators) states the convention this module reads: such a target keeps its
raw text, and its `value` is the change signed as its verb says (压缩0.5次 → −0.5), in its own
`change_unit`; `change` says from what (year-on-year, from-baseline, unstated).

A verb followed by 至, 到 or 为 names the level reached, not a change: 压缩至1个工作日以内 and
增长至5300家 are levels; so does a verb whose figure is printed right after 至 or 到, with words
between them (压缩办理环节至1个 is the level 1, as the plans read their targets: docs/data-format.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bizenv_cli.model.textfold import squeeze_apart
from bizenv_cli.model.wording import Phrase

# The verbs of change the plans print, with the sign they give the number after them.
CHANGE_VERBS: dict[str, int] = {
    "压缩": -1, "压减": -1, "缩减": -1, "缩短": -1, "下降": -1, "降低": -1, "减少": -1, "递减": -1,
    "提升": 1, "提高": 1, "增长": 1, "增加": 1, "递增": 1, "扩大": 1,
}
CHANGE_BASES = ("year-on-year", "from-baseline", "unstated")

_VERB = re.compile("(" + "|".join(CHANGE_VERBS) + r")(\s*[至到为])?")
# A figure printed right after 至 or 到 is the level reached, whatever words stand between it and the
# verb before it: the plans read 压缩办理环节至1个 as the level 1 (07.i4) and 平均压缩比达到70％以上 as
# the level 70 (20.i2). 为 names the level only right after the verb (缩短为0.5年, 01.i15): after other
# words it is as often "for" (为企业…, 为1200户企业减免…), and no target of the plans prints it so.
_LEVEL_REACHED = re.compile(r"[至到]\s*$")
_FIGURE_START = re.compile(r"[-+]?\.?\d")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def change_verb(raw: str | None) -> str | None:
    """The first verb of change the raw string prints (压缩, 提升 …), or None when it prints none
    or only verbs that name the level reached (压缩至, 增长至)."""
    return next((found.group(1) for found in change_verbs_in(raw)), None)


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


def verb_before(phrase: str | None, raw: str | None) -> str | None:
    """The verb of change a phrase prints right before `raw` (同比递增 before 3%以上 in
    实际到位省外资金同比递增3%以上), or None: a raw string cut after its verb still states a change."""
    if not phrase or not raw:
        return None
    text, wanted = re.sub(r"\s+", "", phrase), re.sub(r"\s+", "", raw)
    at = text.find(wanted)
    while at >= 0:
        verb = next((verb for verb in CHANGE_VERBS if text[:at].endswith(verb)), None)
        if verb:
            return verb
        at = text.find(wanted, at + 1)
    return None


# A change's size and the unit printed after it (0.5次, 1个百分点, 8%, 50%以上).
_SIZE = re.compile(r"(\d+(?:\.\d+)?)(个?百分点|[%％]|个?工作日|小时|万元|亿元|[次天日年元家户件项条人])")


def change_in(raw: str | None) -> tuple[float | int, str] | None:
    """The change a raw string prints, signed by its verb, with its unit: 同比压缩0.5次 → (-0.5, 次),
    下降1个百分点 → (-1, 百分点), 力争2022年 增长50%以上 → (50, %); None when it prints no verb of
    change or no number with a unit after it."""
    text = squeeze_apart(raw or "")
    verb = next(change_verbs_in(text), None)
    if verb is None:
        return None
    found = _SIZE.search(text, verb.end())
    if not found:
        return None
    number = float(found.group(1))
    size = int(number) if number.is_integer() and "." not in found.group(1) else number
    unit = found.group(2).removeprefix("个").replace("％", "%")
    return CHANGE_VERBS[verb.group(1)] * size, unit


def verb_sign(verb: str) -> int:
    return CHANGE_VERBS[verb]


def printed_with_unit(raw: str, size: float, unit: str) -> bool:
    """Whether the raw string prints `size` followed by `unit` (0.5次, 1个百分点, 8%以上):
    the change's unit is the one its number is printed with."""
    text = re.sub(r"\s+", "", raw).replace("％", "%")
    wanted = unit.replace("％", "%")
    for found in _NUMBER.finditer(text):
        if float(found.group()) == size:
            rest = text[found.end():]
            if rest.startswith(wanted) or rest.startswith("个" + wanted):
                return True
    return False




def change_text(value: float | None, change: str | None, unit: str | None) -> str | None:
    """A change target as a reader wants it: its signed size, its unit and its basis
    (-0.5 次 year on year, +50% from the baseline, -1 百分点); None for a level target."""
    if change is None or value is None or isinstance(value, bool):
        return None
    number = int(value) if float(value).is_integer() else value
    sign = "+" if value > 0 else ""
    unit = unit or ""
    size = f"{sign}{number}{unit}" if unit == "%" else f"{sign}{number} {unit}".rstrip()
    # Phrases: a file in Chinese says the basis in Chinese (同比 -0.5 次).
    if change == "year-on-year":
        return Phrase("{size} year on year", size=size)
    if change == "from-baseline":
        return Phrase("{size} from the baseline", size=size)
    return size
