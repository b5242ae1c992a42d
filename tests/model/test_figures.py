"""The figures a text prints (model/figures.py), which the ledger and the importer read alike: what
prints digits but is no figure is left out, with why; a figure is read with its sign, its decimal
point, its thousands separators and the unit printed after it."""

from __future__ import annotations

import pytest

from bizenv_cli.model.figures import figures_of

ERROR = "it is an error value a spreadsheet shows"
E_NOTATION = "it prints a figure in E notation, as a spreadsheet rounds it"
TIME, DATE = "it prints a time", "it prints a date"
CODE, ORDINAL = "it prints a code, a version or a telephone number", "it prints an ordinal (第2)"

# (text, [(value, unit) of each figure, in order], why what was left out is no figure)
FIGURES = [
    # A sign, thousands separators (half and full width), a decimal point, full-width digits.
    ("−5%", [(-5, "%")], []), ("-0.5天", [(-0.5, "天")], []), ("+3个", [(3, "个")], []),
    ("1,200", [(1200, "")], []), ("1，200户", [(1200, "户")], []), ("12,345,678元", [(12345678, "元")], []),
    (".5天", [(0.5, "天")], []), ("９８．５％", [(98.5, "%")], []), ("5个工作日以内", [(5, "个工作日")], []),
    # Not a thousands separator: 12,5 and 1,20 are two figures.
    ("12,5", [(12, ""), (5, "")], []), ("1,20天", [(1, ""), (20, "天")], []),
    # What prints digits but no figure, left out before the figures are read.
    ("#DIV/0!", [], [ERROR]), ("Err:502", [], [ERROR]), ("1.23457E+11", [], [E_NOTATION]),
    ("10:30", [], [TIME]), ("10:30:00 AM", [], [TIME]), ("10点30分", [], [TIME]),
    ("2022.06.30", [], [DATE]), ("2022/6/30", [], [DATE]), ("2022-06-30", [], [DATE]), ("6/30/2022", [], [DATE]),
    ("第2季度", [], [DATE]), ("Q2", [], [DATE]), ("2022年6月", [], [DATE]), ("6月30日", [], [DATE]),
    ("ISO 9001", [], [CODE]), ("GB/T 123-2020", [], [CODE]), ("1.2.3", [], [CODE]), ("0375-1234567", [], [CODE]),
    ("第2批", [], [ORDINAL]),
    # Left out, and the figures beside it read.
    ("截至2022.06.30共3天", [(3, "天")], [DATE]), ("截至6月30日66.5小时", [(66.5, "小时")], [DATE]),
    ("ISO 9001认证企业1,200家", [(1200, "家")], [CODE]),
    # 2022.06 alone is a decimal: 2022.5万元 is an amount, not May 2022.
    ("2022.5万元", [(2022.5, "万元")], []),
]


@pytest.mark.parametrize("text, figures, left_out", FIGURES)
def test_a_figure_is_read_with_its_sign_and_unit_and_what_is_no_figure_is_left_out(text, figures, left_out):
    read = figures_of(text)
    assert [(figure.value, figure.unit) for figure in read.figures] == figures
    assert read.left_out == left_out


def test_a_figure_printed_with_a_decimal_point_stays_a_decimal():
    # As the plans keep 1.0 apart from 1: a value is written back as it was printed.
    assert [type(figure.value) for figure in figures_of("1.0天，1,200户，5个").figures] == [float, int, int]


@pytest.mark.parametrize("text, in_brackets, change", [
    ("26(不动产登记单独1个工作日）", [False, True], [False, False]),
    ("3天，较上期减少1天", [False, False], [False, True]),
    ("下降1个百分点", [False], [True]), ("5个百分点", [False], [True]),
    ("压减至3天", [False], [False]),  # a verb with 至 names the level reached
    # and so does a figure right after 至 or 到, with words between it and the verb (as 07.i4, 20.i2)
    ("压缩办理环节至1个", [False], [False]), ("平均压缩比达到70%以上", [False], [False]),
    ("同比压缩8%，至3天", [False, False], [True, False]), ("减少收费为1200户企业", [False], [True]),
])
def test_a_figure_says_whether_it_is_a_remark_in_brackets_or_printed_as_a_change(text, in_brackets, change):
    figures = figures_of(text).figures
    assert [figure.in_brackets for figure in figures] == in_brackets
    assert [figure.change for figure in figures] == change


@pytest.mark.parametrize("text, is_range", [
    ("3-5个工作日", True), ("3至5天", True), ("1天至3天", True), ("50%-60%", True), ("3~5天", True),
    ("2022-06-30", False), ("0375-1234567", False), ("GB/T 123-2020", False), ("−5%", False), ("5天", False)])
def test_a_range_is_two_figures_joined_and_a_date_or_a_code_is_none(text, is_range):
    assert figures_of(text).prints_a_range() is is_range
