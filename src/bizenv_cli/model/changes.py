"""Targets printed as a change of a level (同比压缩0.5次, 下降1个百分点, 增长不低于50%), not as the level itself.

docs/data-format.md (Indicators) states the convention this module reads: such a target keeps its
raw text, and its `value` is the change signed as its verb says (压缩0.5次 → −0.5), in its own
`change_unit`; `change` says from what (year-on-year, from-baseline, unstated).

Which verbs print a change, and which name the level reached (压缩至1个工作日以内, 压缩办理环节至1个),
model/change_verbs.py says; a change's size is a figure as model/figures.py reads it.
"""

from __future__ import annotations

import re
from unicodedata import normalize

from bizenv_cli.model.change_verbs import CHANGE_VERBS, change_verbs_in
from bizenv_cli.model.textfold import squeeze_apart
from bizenv_cli.model.wording import Phrase

CHANGE_BASES = ("year-on-year", "from-baseline", "unstated")


def change_verb(raw: str | None) -> str | None:
    """The first verb of change the raw string prints (压缩, 提升 …), or None when it prints none
    or only verbs that name the level reached (压缩至, 增长至: model/change_verbs.py)."""
    return next((found.group(1) for found in change_verbs_in(raw)), None)


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


# The units a change's size is printed in (0.5次, 1个百分点, 8%, 50%以上, 2个工作日), each the start of
# a figure's unit as model/figures.py reads it (人次 is in 人, as it was read before that reader).
_SIZE_UNIT = re.compile(r"个?百分点|%|个?工作日|小时|万元|亿元|[次天日年元家户件项条人]")


def change_in(raw: str | None) -> tuple[float | int, str] | None:
    """The change a raw string prints, signed by its verb, with its unit: 同比压缩0.5次 → (-0.5, 次),
    下降1个百分点 → (-1, 百分点), 力争2022年 增长50%以上 → (50, %), 增加1,200户 → (1200, 户); None
    when it prints no verb of change or no figure with a unit after it. Its size is a figure as
    model/figures.py reads one: what is no figure is never a size, so that a year (增长5 on one line
    and 2022年… on the next), a date, a time, a code or an ordinal is none; nor is a figure printed
    apart from the one before it by a space alone (增长1 200户: 1200 or 200,
    Figures.split_by_a_space)."""
    # Imported here: the queries that show a change (gaps: change_text) read no figure of a text.
    from bizenv_cli.model.figures import figures_of

    read = figures_of(squeeze_apart(raw or ""))
    verb = next(change_verbs_in(read.text), None)
    if verb is None:
        return None
    for index, figure in enumerate(read.figures):
        unit = _SIZE_UNIT.match(figure.unit)
        if figure.start >= verb.end() and unit:
            if index and read.split_by_a_space(index - 1):
                return None  # 增长1 200户: 1200 or 200, no one size
            return CHANGE_VERBS[verb.group(1)] * abs(figure.value), unit.group().removeprefix("个")
    return None


def verb_sign(verb: str) -> int:
    return CHANGE_VERBS[verb]


def printed_with_unit(raw: str, size: float, unit: str) -> bool:
    """Whether the raw string prints `size` followed by `unit` (0.5次, 1个百分点, 8%以上, 1,200户):
    the change's unit is the one its number is printed with. Its figures are read as change_in reads
    them (model/figures.py), so that the size change_in drafts is one this finds."""
    from bizenv_cli.model.figures import figures_of

    read = figures_of(squeeze_apart(raw))
    wanted = normalize("NFKC", unit)
    return any(abs(figure.value) == size and read.text.startswith((wanted, "个" + wanted), figure.end)
               for figure in read.figures)


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
