"""The number a reported value states, by the rules the plans' values follow (docs/data-format.md).

The plans keep each value's raw text beside its number: '98%' is 98, '3个工作日' is 3, '≤20' is 20,
'26(不动产登记单独1个工作日）' is 26 (the leading figure), '截至2021年12月，共注册企业4591家' is 4591
(a date is no value), '进一步提升' and '即时办结' are null, never 0. A reported actual follows the
same rules, so that it compares with the baseline and target of its indicator.
"""

from __future__ import annotations

import re
from unicodedata import normalize

# Dates inside a value (2021年12月, 12月31日, 2022-06-30) name when, not how much.
_DATES = re.compile(r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)?|\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?"
                    r"|\d{4}-\d{1,2}(?:-\d{1,2})?")
_NUMBER = re.compile(r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?")
_ZERO_WORDS = ("零", "“零投资”", "零元收费")  # as the plans read them: 0
# A count written as one Chinese numeral and a measure word (一个, 两家), as a plan writes 一个 = 1.
_CHINESE_COUNT = re.compile(r"^([一二两三四五六七八九十])[个家项件次座人天]")
_CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def numbers_in(raw: str) -> list[float | int]:
    """Every number written in `raw` (dates left out), in order."""
    text = _DATES.sub(" ", _plain(raw))
    return [_as_number(match.group()) for match in _NUMBER.finditer(text)]


def parse_value(raw: str | None) -> float | int | None:
    """The one number `raw` states: its only number, or the figure it starts with; else null."""
    if raw is None:
        return None
    text = _plain(raw).strip()
    numbers = numbers_in(text)
    if len(numbers) == 1:
        return numbers[0]
    if numbers and _NUMBER.match(text.lstrip("≤≥<>约~ ")):
        return numbers[0]
    if not numbers and text in _ZERO_WORDS:
        return 0
    if not numbers and (count := _CHINESE_COUNT.match(text)):
        return _CHINESE_DIGITS[count.group(1)]
    return None


def _plain(raw: str) -> str:
    """`raw` in the characters the number rules read: NFKC (full-width digits and －), and the
    minus sign U+2212 that word processors type for -, which NFKC keeps: −5% is -5, not 5."""
    return normalize("NFKC", raw).replace("\u2212", "-")


def value_agrees(raw: str, value) -> bool:
    """Whether a stated value agrees with its raw text: null when the text states no number, else
    a number the text prints, by the plans' own audit (audit.numbers_in: digits, and 一个 = 1,
    零元 = 0) or with its sign and thousands separators (-0.5, 1,200), which reports may write."""
    if isinstance(value, bool):
        return False
    if value is None:
        return parse_value(raw) is None
    from bizenv_cli.checks.audit import numbers_in as printed_numbers

    return value == parse_value(raw) or value in numbers_in(raw) or float(value) in printed_numbers(raw)


def _as_number(text: str) -> float | int:
    text = text.replace(",", "")
    number = float(text)
    return int(number) if number.is_integer() and "." not in text else number
