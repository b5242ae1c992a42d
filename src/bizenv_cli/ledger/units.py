"""Whether a reported value is written in its indicator's own unit (docs/ledger.md).

An actual is scored against its indicator's baseline and targets, which are in the indicator's unit:
66.5天 on 09.i15 (纳税时间, in 小时) had been recorded and scored as 66.5 hours. bizenv converts no unit
(is a 天 24 小时, or a working day?), so a value written in another unit is refused where it is
written (`record --actual`, `ledger import`, `validate`) and never scored where it is read
(`gaps`' progress_pct, `show`).

The unit written is what follows the value's figure (spaces between them allowed; 66.5 天 is in 天),
as far as it is made of the characters units are written in; a figure followed by none (66.5,
66.5（6月）, 50以上) is in the indicator's unit. The indicator's own unit passes as the plans
themselves write it beside its figures (NFKC: 98％ is 98%):

- the unit (小时, 公里/平方公里), 每 for / (25.i3's 7.83公里每平方公里);
- 个 before it (01.i2's 0.5个工作日, 04.i16's 15个小时以内), or 个 alone for a unit the plans count
  with it (04.i2's 不超过3个 in 工作日, 04.i13's 2个 in 小时);
- its order of magnitude alone (29.i6's 622.3亿 in 亿元, 28.i1's 突破1.55亿 in 亿条);
- for %, 百分之 before the figure (百分之50 is 50%).

An indicator with no unit whose plans print a level as a bare figure (09.i17 报税后流程指数, 50 to
50.3) takes a bare figure alone. One whose plans print no level (words, or a change such as 01.i6's
同比压缩8%) has none to compare a value with, and any unit passes.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from unicodedata import normalize

from bizenv_cli.ledger.numbers import read_value
from bizenv_cli.model.figures import CHINESE_NUMERALS, figures_of
from bizenv_cli.model.wording import quoted_text

# What a unit is written with right after a figure: the plans' units and those people write (米, 吨,
# 辆 …; 成 and 倍 too: 5成 is no 5%), in simplified and traditional characters, and Latin words
# (66.5h, 3 days, 50 percent). A unit written is the longest run of them (万人次, 个工作日), so that
# what follows a unit (内, 以上, 左右, 企业, a bracket) is no part of it, nor what follows a figure
# alone (66.5（6月）, 50多). Words of several characters stand whole: 工 alone starts 工厂.
_UNIT_WORDS = ("工作日", "小时", "小時", "分钟", "分鐘", "星期", "公里", "千米", "公顷", "公頃", "公斤", "平方", "立方",
               "个", "個", "箇", "分", "秒", "天", "日", "周", "週", "月", "年", "万", "萬", "亿", "億", "千", "百", "十",
               "元", "块", "塊", "角", "人", "次", "条", "條", "件", "家", "户", "戶", "项", "項", "座", "名", "位",
               "米", "顷", "頃", "亩", "畝", "场", "場", "点", "點", "吨", "噸", "斤", "克", "升", "台", "辆", "輛",
               "套", "栋", "棟", "份", "笔", "筆", "例", "倍", "成", "折", "岁", "歲", "批", "宗", "张", "張", "株",
               "棵", "毫", "厘", "%", "‰", "/", "每")
_UNIT_WORD = "(?:" + "|".join(sorted(map(re.escape, _UNIT_WORDS), key=len, reverse=True)) + ")"
# Spaces between its words are no end of a unit (3 个 工作日 is 3个工作日, 3 个 天 is not); a Latin
# word is one only written right after the one before it (98% of cases is in %).
_UNIT = re.compile(rf"(?:{_UNIT_WORD}|[A-Za-z]+)(?:\s*{_UNIT_WORD}|[A-Za-z]+)*")
# The units the plans count with 个 alone (04.i2 不超过3个 in 工作日, 04.i13 2个 in 小时).
_COUNTED_WITH_GE = ("工作日", "小时")
_MAGNITUDES = ("万", "亿")
_PERCENT_IN_WORDS = "百分之"


class IndicatorUnit(NamedTuple):
    """What a reported value of an indicator is compared with."""
    id: str
    name: str
    unit: str | None      # as the plans print it; None where they print none
    level_printed: bool   # whether the plans print a level of it as a figure (a baseline, a target, a frontier)


def indicator_unit(indicator) -> IndicatorUnit:
    """The unit of a model.records.Indicator."""
    levels = [indicator.baseline.value, indicator.frontier.value,
              *(target.value for target in indicator.targets if not target.change)]
    return IndicatorUnit(indicator.id, indicator.name, indicator.unit, any(_is_number(value) for value in levels))


def row_unit(row: dict) -> IndicatorUnit:
    """The unit of a `gaps` row (query.queries.gap_row), read as indicator_unit reads an indicator's."""
    levels = [(row.get("baseline") or {}).get("value"), (row.get("frontier") or {}).get("value"),
              *(target.get("value") for target in row.get("targets") or [] if not target.get("change"))]
    return IndicatorUnit(row["id"], row["name"], row.get("unit"), any(_is_number(value) for value in levels))


def own_spellings(unit: str) -> set[str]:
    """How the plans write `unit` beside a figure (the module's docstring): 工作日 is also 个工作日
    and 个, 亿元 also 亿, 公里/平方公里 also 公里每平方公里."""
    unit = normalize("NFKC", unit).strip()
    spellings = {unit, unit.replace("/", "每"), "个" + unit}
    if unit in _COUNTED_WITH_GE:
        spellings.add("个")
    if unit[:1] in _MAGNITUDES and len(unit) > 1:
        spellings.add(unit[0])
    return spellings


def units_written(raw: str, value: float | int | None = None) -> list[str]:
    """The unit written with each figure that states the value of `raw` ('' where none is; '%' for
    百分之50), in NFKC; none when the text states no value (ledger.numbers). Where it reads none of
    several figures, `value` is the one a report gives, which a person may pick of those the text
    prints (validate's rule, ledger.numbers.value_agrees): 3 of 由5天压减至3天 is in 天."""
    stated = read_value(raw).value
    stated = value if stated is None and not isinstance(value, bool) else stated
    if stated is None:
        return []
    read = figures_of(raw)
    levels = [figure for figure in read.figures if not figure.change and figure.value == stated]
    stating = [figure for figure in levels if not figure.in_brackets] or levels
    if not stating:
        text = read.text.strip()
        # A count in Chinese numerals (三个工作日): the unit after the numeral. 零 and the plans'
        # 零元收费 state 0, which is 0 in any unit.
        return [_unit_after(text, 1)] if text[:1] in CHINESE_NUMERALS else []
    return ["%" if read.text[:figure.start].rstrip().endswith(_PERCENT_IN_WORDS)
            else _unit_after(read.text, figure.end) for figure in stating]


def foreign_unit(raw: str, own: IndicatorUnit, value: float | int | None = None) -> str | None:
    """The unit `raw` writes its value in when that is not the indicator's own (66.5天 on 09.i15:
    天), else None (the module's docstring says which are its own); `value` as units_written takes it."""
    if own.unit is None and not own.level_printed:
        return None  # no level printed: nothing a value is scored against
    spellings = own_spellings(own.unit) if own.unit is not None else set()
    for written in units_written(raw, value):
        # The whole run of a unit's words: 万人次 is not 万人, nor 分钟 分.
        if written and written not in spellings:
            return written
    return None


def unit_refused(raw: str, own: IndicatorUnit, value: float | int | None = None) -> str | None:
    """Why `raw` cannot be recorded as a value of the indicator (its unit is not the indicator's
    own), in the words every writer of the ledger says it; None when it can."""
    written = foreign_unit(raw, own, value)
    if written is None:
        return None
    measured = (f"is measured in {own.unit}" if own.unit is not None
                else "prints no unit (the plans give its levels as bare figures)")
    write = f"the value in {own.unit}, or the figure alone" if own.unit is not None else "the figure alone"
    return (f"{quoted_text(raw.strip())} is written in {written}, but {own.id} ({own.name}) {measured}; "
            f"bizenv converts no unit: write {write}")


def _unit_after(text: str, end: int) -> str:
    """The unit written right after a figure ending at `end` (spaces between them allowed), or ''."""
    found = _UNIT.match(text[end:].lstrip())
    return "".join(found.group().split()) if found else ""


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
