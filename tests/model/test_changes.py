"""Targets printed as a change of a level (model/changes.py): the sign each verb gives, and the verbs
followed by 至, 到 or 为, or whose figure is printed right after 至 or 到, which name the level
reached, not a change."""

from __future__ import annotations

import pytest

from bizenv_cli.model.changes import change_in, change_verb, printed_with_unit

# What each verb says, as a reader of Chinese reads it: a cut or a fall, or a rise.
FALLS = ("压缩", "压减", "缩减", "缩短", "下降", "降低", "减少", "递减")
RISES = ("提升", "提高", "增长", "增加", "递增", "扩大")


@pytest.mark.parametrize("verb", FALLS)
def test_a_verb_of_cutting_gives_a_negative_change(verb):
    assert change_in(f"同比{verb}2个工作日") == (-2, "工作日")


@pytest.mark.parametrize("verb", RISES)
def test_a_verb_of_rising_gives_a_positive_change(verb):
    assert change_in(f"同比{verb}5%以上") == (5, "%")


@pytest.mark.parametrize("raw", ["压缩至1个工作日以内", "压缩到1个工作日", "压缩为1个工作日", "降低为0.5次",
                                 "增长至5300家", "提高到90%"])
def test_a_verb_before_zhi_dao_or_wei_names_the_level_reached(raw):
    assert change_verb(raw) is None and change_in(raw) is None


# A figure right after 至 or 到 is the level reached, whatever words stand between it and the verb:
# the plans read 07.i4's 压缩办理环节至1个 as 1 and 20.i2's 平均压缩比达到70％以上 as 70. Each had been a
# change (降低企业开办时间至1天 was drafted as -1 天, 平均压缩比达到70％以上 as -70%).
@pytest.mark.parametrize("raw", ["压缩办理环节至1个", "降低企业开办时间至1天", "压缩办理时间到3个工作日以内",
                                 "承诺办结时限平均压缩比达到70％以上", "提高网上办税率 到 85%"])
def test_a_figure_right_after_zhi_or_dao_is_the_level_reached_wherever_the_verb_stands(raw):
    assert change_verb(raw) is None and change_in(raw) is None


@pytest.mark.parametrize("raw, verb, change", [
    # 为 after other words is "for", not the level reached: only 缩短为 names a level.
    ("减少收费为1200户企业", "减少", (-1200, "户")),
    # The change is the size after the verb that prints one, not after the first verb's spelling.
    ("压缩环节至1天，同比压缩时间2天", "压缩", (-2, "天")),
    ("压缩时间50%，至3天", "压缩", (-50, "%")),
    # The extraction's stray spaces go (a space between two digits: SIZES below).
    ("同比压缩 0.5 次", "压缩", (-0.5, "次")),
])
def test_a_verb_whose_figure_is_not_right_after_zhi_or_dao_prints_a_change(raw, verb, change):
    assert change_verb(raw) == verb and change_in(raw) == change


# A change's size is a figure as model/figures.py reads one (what each had been is in its comment).
SIZES = [
    # A year is never a size: 增长5 on one line and 2022年… on the next had been (2022, 年).
    ("增长5\n2022年底完成", None), ("增长5，2022年", None), ("提高5 2022年6月", None),
    ("增长2022年6月底前5%", (5, "%")),  # the size after the date (2022, 年)
    # Nor a time, a code or an ordinal ((-30, 小时), (-9001, 次), (2, 家)).
    ("缩短2 10:30小时", None), ("减少ISO 9001次", None), ("增加5 第2家", None),
    # Thousands separators are the figure's: 增加1,200户 had been (200, 户).
    ("增加1,200户", (1200, "户")), ("增加1，200户", (1200, "户")),
    # As before: a size and its unit after the verb, signed by the verb.
    ("缩短0.5年", (-0.5, "年")), ("同比增长５％", (5, "%")), ("下降1个百分点", (-1, "百分点")),
    ("增加5人次", (5, "人")), ("压缩2022.06.30前2天", (-2, "天")), ("增长-5%", (5, "%")),
    ("增长5个", None),  # a figure with no unit a change is printed in
    # Digits apart by a space alone are one figure or two, no one size (they had been (-2, 天) and
    # (200, 户)).
    ("同比压缩1 2天", None), ("增长1 200户", None), ("增长1\n200户", None),
]


@pytest.mark.parametrize("raw, change", SIZES)
def test_a_change_size_is_a_figure_never_a_year_date_time_code_or_ordinal(raw, change):
    assert change_in(raw) == change


@pytest.mark.parametrize("raw, size, unit, printed", [
    ("增加1,200户", 1200, "户", True), ("增加1,200户", 200, "户", False),  # 200 had been found printed with 户
    ("同比压缩0.5次", 0.5, "次", True), ("下降1个百分点", 1, "百分点", True), ("增长8％以上", 8, "%", True),
    ("同比压缩8%", 8, "次", False), ("增长5\n2022年", 2022, "年", False),
])
def test_validate_finds_a_change_printed_with_its_unit_as_change_in_reads_it(raw, size, unit, printed):
    assert printed_with_unit(raw, size, unit) is printed
