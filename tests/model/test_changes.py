"""Targets printed as a change of a level (model/changes.py): the sign each verb gives, and the verbs
followed by 至, 到 or 为, which name the level reached, not a change."""

from __future__ import annotations

import pytest

from bizenv_cli.model.changes import change_in, change_verb

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
