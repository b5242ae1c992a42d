"""The figures a text prints: what prints digits but is no figure, and how a figure is read.

One reader of figures for every reader of a value: the ledger's (ledger/numbers.py: the one level a
reported actual states) and the importer's (importer/tables.py: the value a drafted indicator cell
states). Each keeps its own policy of which figure is the value; what a figure is, they read alike.

What prints digits but no figure is left out before the figures are read, and said: a spreadsheet's
error value (#DIV/0!, whose 0 is no value), a figure in E notation, a time (10:30, 10点30分), a date
(2022/6/30, 2022.06.30, 6月30日, 第2季度), a code or a version (GB/T 123-2020, ISO 9001, 1.2.3) or
a telephone number, an ordinal (第2批). A figure is read with its sign (−5% is −5), its decimal
point (.5 is 0.5), its thousands separators (1,200 and 1，200 are 1200) and the unit printed right
after it (个工作日, %, 万元), in text as NFKC reads it (５０ is 50). A figure after a verb of change is
a change (压缩8%), but one printed right after 至 or 到 is the level reached, wherever the verb stands
(压缩至3天, 压缩办理环节至1个): model/change_verbs.py decides which verbs print a change.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from unicodedata import normalize

from bizenv_cli.model.change_verbs import change_verbs_in

# Excel's error values, and LibreOffice's Err:NNN, as a CSV saved from a sheet showing them holds them
# (and as a value pasted from one into `record --actual` reads: ledger.record, ledger.sheet_files).
ERROR_VALUE = re.compile(r"#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!"
                         r"|CONNECT!|BUSY!|UNKNOWN!|EXTERNAL!|PYTHON!)|Err:\d{3}")

_MONTH, _DAY = r"(?:1[0-2]|0?[1-9])", r"(?:3[01]|[12]\d|0?[1-9])"
# Dates (2021年12月, 6月30日, 1-6月, 2022-06-30, 2022/6/30, 2022.06.30, 6/30/2022, a quarter) name
# when, not how much. 2022.06 alone is left a decimal: 2022.5万元 is an amount.
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

# The single Chinese numerals a plan writes for a count (一个 = 1, 两家 = 2), which the plans read as
# numbers when a measure word follows them (进一步 and 一网通办 state none). Each reader says which
# measure words count (checks/audit.py, ledger/numbers.py).
CHINESE_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def chinese_number(text: str) -> int | None:
    """The number 1 to 99 that Chinese numerals write as a numbered thing is written (一, 十二, 二十,
    二十九: 附件二十九), or None for any other text (两 is a count, never a number in a series; no
    package numbers its documents past 九十九)."""
    digits = [CHINESE_NUMERALS.get(character) for character in text]
    if not text or None in digits or "两" in text:
        return None
    if "十" not in text:
        return digits[0] if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in tens + units:
        return None
    return (CHINESE_NUMERALS[tens] if tens else 1) * 10 + (CHINESE_NUMERALS[units] if units else 0)

# What a text may print that is no figure, each left out before the figures are read, and why it is
# no figure (the reason a value is null when nothing else is left). In this order: #DIV/0!'s 0 and
# 1E+11's E are no figure and no code, a time's digits are no date's, a date's no version's.
_NOT_FIGURES = (
    ("it is an error value a spreadsheet shows", ERROR_VALUE),
    ("it prints a figure in E notation, as a spreadsheet rounds it", _E_NOTATION),
    ("it prints a time", _TIMES),
    ("it prints a date", _DATES),
    ("it prints a code, a version or a telephone number", _CODES),
    ("it prints an ordinal (第2)", _ORDINAL),
)

# The characters a unit printed right after a figure is made of (个工作日, 小时, 万元, %, 个百分点).
_UNIT = re.compile(r"[个工作日小时分钟秒万亿千百元人次条件家户项天年月周座名公里顷亩场点%‰]*")
# A figure: its sign, its digits with thousands separators (1,200), its decimals (.5 too).
_NUMBER = re.compile(r"(?<![\d.])[-+]?(?:\d+(?:,\d{3}(?!\d))*(?:\.\d+)?|\.\d+)")
# Two figures joined by a dash, a tilde, 至 or 到, each with its unit or none (3-5个工作日, 3至5天, 50%-60%).
_RANGE = re.compile(rf"\d{_UNIT.pattern}\s*(?:-|–|—|―|~|〜|至|到)\s*[-+]?\.?\d")
_OPENING, _CLOSING = "([（【〔", ")]）】〕"


class Figure(NamedTuple):
    value: float | int
    unit: str          # the unit printed right after it (个工作日, %, 个百分点); '' when none is
    start: int         # where it starts in the text read, its sign included
    end: int           # where its digits end, its unit after them
    change: bool       # printed as a change: after a verb of change (压缩8%; not 压缩环节至1个), or in 百分点
    in_brackets: bool  # inside a remark in brackets: 26(不动产登记单独1个工作日）


class Figures(NamedTuple):
    text: str                # the text as read (NFKC), what is no figure blanked out
    figures: list[Figure]    # every figure it prints, in order
    left_out: list[str]      # why what was left out is no figure, one reason a kind (_NOT_FIGURES)

    def prints_a_range(self) -> bool:
        """Whether the text prints two figures joined as a range (3-5个工作日, 3至5天): no one value."""
        return bool(_RANGE.search(self.text))

    def split_by_a_space(self, index: int) -> bool:
        """Whether figure `index` and the next are apart by one space and nothing else (1 200, as
        model/textfold.squeeze_apart keeps the whitespace between two digits): one figure whose
        digits a space split (1200) or two, which no reader can tell. What was left out between
        them (a date) is a space of its own, so 60, a date and 5天 are no such pair."""
        following = index + 1
        return following < len(self.figures) and \
            self.text[self.figures[index].end:self.figures[following].start] == " "


def figures_of(text: str) -> Figures:
    """The figures `text` prints, what is no figure left out first (_NOT_FIGURES)."""
    text, left_out = _left_out(_plain(text))
    return Figures(text, _figures(text), left_out)


def _plain(raw: str) -> str:
    """`raw` in the characters a figure is read in: NFKC (full-width digits, －, ：and ，), and the
    minus sign U+2212 that word processors type for -, which NFKC keeps: −5% is -5, not 5."""
    return normalize("NFKC", raw).replace("\u2212", "-")


def _left_out(text: str) -> tuple[str, list[str]]:
    reasons = []
    for why, pattern in _NOT_FIGURES:
        text, count = pattern.subn(" ", text)
        if count:
            reasons.append(why)
    return text, reasons


def _figures(text: str) -> list[Figure]:
    verbs = [found.end() for found in change_verbs_in(text)]
    figures, after, depth = [], 0, 0
    for found in _NUMBER.finditer(text):
        for character in text[after:found.start()]:
            depth = depth + 1 if character in _OPENING else max(0, depth - (character in _CLOSING))
        unit = _UNIT.match(text, found.end()).group()
        change = any(after <= verb <= found.start() for verb in verbs) or unit.lstrip("个").startswith("百分点")
        figures.append(Figure(_as_number(found.group()), unit, found.start(), found.end(), change, depth > 0))
        after = found.end()
    return figures


def _as_number(printed: str) -> float | int:
    printed = printed.replace(",", "")
    number = float(printed)
    return int(number) if number.is_integer() and "." not in printed else number
