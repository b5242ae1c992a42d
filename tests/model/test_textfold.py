"""Text whose whitespace is stray (model/textfold.py, squeeze_apart): the extraction's spaces go, and
two figures printed apart, by a space or a line break, stay two."""

from __future__ import annotations

import pytest

from bizenv_cli.model.textfold import squeeze_apart


@pytest.mark.parametrize("text, squeezed", [
    # What the squeeze is for: the extraction put spaces into the text.
    ("2022 年 6 月", "2022年6月"), (" 3 个工作日 ", "3个工作日"), ("≤ 20", "≤20"), ("办理\n时间", "办理时间"),
    # Two digits apart stay apart (≤602022年6月 and 1200 had been read).
    ("≤60\n2022年6月", "≤60 2022年6月"), ("1 200", "1 200"), ("1 \n 200", "1 200"), ("５０ ５", "５０ ５"),
    # A digit on one side only joins as on one line.
    ("1，\n200户", "1，200户"), ("0.\n5天", "0.5天"), ("3\n-5天", "3-5天"),
])
def test_whitespace_goes_but_between_two_digits(text, squeezed):
    assert squeeze_apart(text) == squeezed
