"""The number a reported value states, by the rules the plans' values follow (docs/data-format.md).

The plans keep each value's raw text beside its number: '98%' is 98, '3个工作日' is 3, '≤20' is 20,
'26(不动产登记单独1个工作日）' is 26 (the figure outside the remark in brackets),
'截至2021年12月，共注册企业4591家' is 4591 (a date is no value), '进一步提升' and '即时办结' are null,
never 0; a range (3-5个工作日) states no one value. A reported actual follows the same rules, so
that it compares with the baseline and target of its indicator, and it is a level: a change
(同比压缩8%, 下降1个百分点) is no level, so it is null too (docs/ledger.md).

What an office may type that prints digits but no figure of the value (a spreadsheet's error
value, a date, a time, a code, an ordinal …) is left out before the figures are read, and how a
figure is read (its sign, thousands separators, unit), by model/figures.py, the reader the importer
shares; this module says why a value is null when nothing else is left. Of the figures left, the
value is the one level the text prints (outside brackets, where there are any); with several that
differ, it is null.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bizenv_cli.model.figures import CHINESE_NUMERALS, figures_of


class Reading(NamedTuple):
    value: float | int | None
    why: str | None = None  # why a text that prints digits has no value (a range, a date …); else None


RANGE = "it prints a range, no one value"
CHANGE = "it prints a change, not the level reached"
SEVERAL = "it prints several figures, and bizenv cannot tell which is the value"

_ZERO_WORDS = ("零", "“零投资”", "零元收费")  # as the plans read them: 0
# A count written as one Chinese numeral and a measure word (一个, 两家), as a plan writes 一个 = 1.
_CHINESE_COUNT = re.compile("^([" + "".join(CHINESE_NUMERALS) + "])[个家项件次座人天]")


def parse_value(raw: str | None) -> float | int | None:
    """The one number `raw` states, or null: read_value's value."""
    return read_value(raw).value


def read_value(raw: str | None) -> Reading:
    """The one level `raw` states: its only figure (dates, times, codes left out), or the one
    outside a remark in brackets, or the one every figure is (咨询按期办结率100%;投诉按期办结率100%);
    else null, and why, where it prints digits."""
    if raw is None:
        return Reading(None)
    read = figures_of(raw)
    if read.prints_a_range():
        return Reading(None, RANGE)
    figures, text = read.figures, read.text.strip()
    if not figures:
        if read.left_out:
            return Reading(None, read.left_out[0])
        if text in _ZERO_WORDS:
            return Reading(0)
        if count := _CHINESE_COUNT.match(text):
            return Reading(CHINESE_NUMERALS[count.group(1)])
        return Reading(None)
    levels = [figure for figure in figures if not figure.change]
    if not levels:
        return Reading(None, CHANGE)
    outside = {figure.value for figure in levels if not figure.in_brackets} or {figure.value for figure in levels}
    if len(outside) > 1:
        return Reading(None, SEVERAL)
    return Reading(outside.pop())


def value_agrees(raw: str, value) -> bool:
    """Whether a stated value agrees with its raw text: the value read_value reads; where it reads
    none from words or from several figures, null or a number the text prints (a person may pick one,
    as the plans' transcribers do), by the plans' own audit (audit.printed_numbers: digits, a figure with
    its sign and thousands separators (-0.5, 1,200), and 一个 = 1, 零元 = 0). A text that prints no
    figure of a value (a range, a change, a date, an error value …) agrees with null alone."""
    if isinstance(value, bool):
        return False
    reading = read_value(raw)
    if value is None or reading.value is not None or reading.why not in (None, SEVERAL):
        return value == reading.value
    from bizenv_cli.checks.audit import printed_numbers

    return float(value) in printed_numbers(raw)
