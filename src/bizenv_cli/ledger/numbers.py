"""The number a reported value states, by the rules the plans' values follow (docs/data-format.md).

The plans keep each value's raw text beside its number: '98%' is 98, '3个工作日' is 3, '≤20' is 20,
'26(不动产登记单独1个工作日）' is 26 (the figure outside the remark in brackets),
'截至2021年12月，共注册企业4591家' is 4591 (a date is no value), '进一步提升' and '即时办结' are null,
never 0; a range (3-5个工作日) states no one value. A reported actual follows the same rules, so
that it compares with the baseline and target of its indicator, and it is a level: a change
(同比压缩8%, 下降1个百分点) is no level, so it is null too (docs/ledger.md).

What an office may type that prints digits but no figure of the value is left out before the
figures are read, and said when nothing else is left: a spreadsheet's error value (#DIV/0!, whose 0
had been the value), a date (2022/6/30, 6月30日, 第2季度), a time (10:30, 10:30:00 AM), a code or
a version (GB/T 123-2020, 1.2.3), an ordinal (第2批). Of the figures left, the value is the one
level the text prints (outside brackets, where there are any); with several that differ, it is null.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from unicodedata import normalize

from bizenv_cli.ledger.sheet_files import ERROR_VALUE
from bizenv_cli.model.changes import change_verbs_in


class Reading(NamedTuple):
    value: float | int | None
    why: str | None = None  # why a text that prints digits has no value (a range, a date …); else None


_MONTH, _DAY = r"(?:1[0-2]|0?[1-9])", r"(?:3[01]|[12]\d|0?[1-9])"
# Dates inside a value (2021年12月, 6月30日, 1-6月, 2022-06-30, 2022/6/30, 2022.06.30, 6/30/2022, a
# quarter) name when, not how much. 2022.06 alone is left a decimal.
_DATES = re.compile(rf"(?<![\d.])\d{{4}}\s*年(?:\s*\d{{1,2}}\s*月份?(?:\s*\d{{1,2}}\s*[日号])?)?"
                    rf"|(?<![\d.])(?:\d{{1,2}}\s*(?:-|~|〜|—|至|到)\s*)?\d{{1,2}}\s*月份?(?:\s*\d{{1,2}}\s*[日号])?"
                    rf"|(?<![\d.])(?:19|20)\d{{2}}(?:([-/]){_MONTH}(?:\1{_DAY})?|\.{_MONTH}\.{_DAY})(?![\d.]?\d)"
                    rf"|(?<![\d/]){_MONTH}/{_DAY}/(?:19|20)\d{{2}}(?!\d)"
                    r"|第?\s*[1-4一二三四]\s*季度|(?<![A-Za-z])[Qq][1-4](?!\d)")
# A time of day, or hours and minutes (10:30, 10:30:00 AM as a CSV holds a time cell, 66:30, 10点30分).
_TIMES = re.compile(r"(?<![\d.:])\d{1,3}:[0-5]\d(?::[0-5]\d)?(?:\s*[AaPp]\.?[Mm]\.?)?(?![\d:])"
                    r"|\d{1,2}\s*[点时]\s*(?:\d{1,2}\s*分(?:\s*\d{1,2}\s*秒)?|半)")
# A code or a version: numbers joined by dots (1.2.3), a number after Latin letters (GB/T 123-2020,
# ISO 9001, No.1, v1.2), a telephone number (0375-1234567).
_CODES = re.compile(r"(?<![\d.])\d+(?:\.\d+){2,}"
                    r"|[A-Za-z][A-Za-z/.\-]*\s*[-+]?\d[\d.\-/]*"
                    r"|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)")
# A figure in E notation (1.23457E+11), as a spreadsheet shows a long number rounded in a CSV.
_E_NOTATION = re.compile(r"(?<![\dA-Za-z.])\d+(?:\.\d+)?[Ee][-+]?\d+(?![\dA-Za-z])")
_ORDINAL = re.compile(r"第\s*\d+")

# What a text may print that is no figure of the value, each left out before the figures are read,
# and the reason the value is null when no figure is left. In this order: #DIV/0!'s 0 and 1E+11's E
# are no figure and no code, a time's digits are no date's, a date's no version's.
_NOT_FIGURES = (
    ("it is an error value a spreadsheet shows", ERROR_VALUE),
    ("it prints a figure in E notation, as a spreadsheet rounds it", _E_NOTATION),
    ("it prints a time", _TIMES),
    ("it prints a date", _DATES),
    ("it prints a code, a version or a telephone number", _CODES),
    ("it prints an ordinal (第2)", _ORDINAL),
)
RANGE = "it prints a range, no one value"
CHANGE = "it prints a change, not the level reached"
SEVERAL = "it prints several figures, and bizenv cannot tell which is the value"

# The characters a unit printed right after a figure is made of (个工作日, 小时, 万元, %, 个百分点).
_UNIT = re.compile(r"[个工作日小时分钟秒万亿千百元人次条件家户项天年月周座名公里顷亩场点%‰]*")
_NUMBER = re.compile(r"(?<![\d.])[-+]?(?:\d+(?:,\d{3}(?!\d))*(?:\.\d+)?|\.\d+)")
# Two figures joined by a dash, a tilde, 至 or 到, each with its unit or none (3-5个工作日, 3至5天, 50%-60%).
_RANGE = re.compile(rf"\d{_UNIT.pattern}\s*(?:-|–|—|―|~|〜|至|到)\s*[-+]?\.?\d")
_OPENING, _CLOSING = "([（【〔", ")]）】〕"

_ZERO_WORDS = ("零", "“零投资”", "零元收费")  # as the plans read them: 0
# A count written as one Chinese numeral and a measure word (一个, 两家), as a plan writes 一个 = 1.
_CHINESE_COUNT = re.compile(r"^([一二两三四五六七八九十])[个家项件次座人天]")
_CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


class _Figure(NamedTuple):
    value: float | int
    change: bool       # printed as a change: after a verb of change (压缩8%), or in 百分点
    in_brackets: bool  # inside a remark in brackets: 26(不动产登记单独1个工作日）


def numbers_in(raw: str) -> list[float | int]:
    """Every figure written in `raw` (dates, times, codes and the like left out), in order."""
    return [figure.value for figure in _figures(_left_out(_plain(raw))[0])]


def parse_value(raw: str | None) -> float | int | None:
    """The one number `raw` states, or null: read_value's value."""
    return read_value(raw).value


def read_value(raw: str | None) -> Reading:
    """The one level `raw` states: its only figure (dates, times, codes left out), or the one
    outside a remark in brackets, or the one every figure is (咨询按期办结率100%;投诉按期办结率100%);
    else null, and why, where it prints digits."""
    if raw is None:
        return Reading(None)
    text, left_out = _left_out(_plain(raw).strip())
    if _RANGE.search(text):
        return Reading(None, RANGE)
    figures = _figures(text)
    if not figures:
        if left_out:
            return Reading(None, left_out[0])
        if text in _ZERO_WORDS:
            return Reading(0)
        if count := _CHINESE_COUNT.match(text):
            return Reading(_CHINESE_DIGITS[count.group(1)])
        return Reading(None)
    levels = [figure for figure in figures if not figure.change]
    if not levels:
        return Reading(None, CHANGE)
    outside = {figure.value for figure in levels if not figure.in_brackets} or {figure.value for figure in levels}
    if len(outside) > 1:
        return Reading(None, SEVERAL)
    return Reading(outside.pop())


def _plain(raw: str) -> str:
    """`raw` in the characters the number rules read: NFKC (full-width digits, －, ：and ，), and
    the minus sign U+2212 that word processors type for -, which NFKC keeps: −5% is -5, not 5."""
    return normalize("NFKC", raw).replace("\u2212", "-")


def _left_out(text: str) -> tuple[str, list[str]]:
    """`text` without what prints digits but no figure (_NOT_FIGURES), and why each was left out."""
    reasons = []
    for why, pattern in _NOT_FIGURES:
        text, count = pattern.subn(" ", text)
        if count:
            reasons.append(why)
    return text, reasons


def _figures(text: str) -> list[_Figure]:
    verbs = [found.end() for found in change_verbs_in(text)]
    figures, after, depth = [], 0, 0
    for found in _NUMBER.finditer(text):
        for character in text[after:found.start()]:
            depth = depth + 1 if character in _OPENING else max(0, depth - (character in _CLOSING))
        unit = _UNIT.match(text, found.end()).group()
        change = any(after <= verb <= found.start() for verb in verbs) or unit.lstrip("个").startswith("百分点")
        figures.append(_Figure(_as_number(found.group()), change, depth > 0))
        after = found.end()
    return figures


def value_agrees(raw: str, value) -> bool:
    """Whether a stated value agrees with its raw text: the value read_value reads; where it reads
    none from words or from several figures, null or a number the text prints (a person may pick one,
    as the plans' transcribers do), by the plans' own audit (audit.numbers_in: digits, and 一个 = 1,
    零元 = 0) or with its sign and thousands separators (-0.5, 1,200), which reports may write. A text
    that prints no figure of a value (a range, a change, a date, an error value …) agrees with null
    alone."""
    if isinstance(value, bool):
        return False
    reading = read_value(raw)
    if value is None or reading.value is not None or reading.why not in (None, SEVERAL):
        return value == reading.value
    from bizenv_cli.checks.audit import numbers_in as printed_numbers

    return value in numbers_in(raw) or float(value) in printed_numbers(raw)


def _as_number(text: str) -> float | int:
    text = text.replace(",", "")
    number = float(text)
    return int(number) if number.is_integer() and "." not in text else number
