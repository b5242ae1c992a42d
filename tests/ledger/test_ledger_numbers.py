"""What an office may type as an indicator's value (实际值), and the number bizenv reads from it: the
one level the text states, or null, never a figure the text does not state as the value."""

from __future__ import annotations

import pytest

from bizenv_cli.ledger.numbers import parse_value, read_value, value_agrees
from test_ledger_status import write_report

ERROR = "it is an error value a spreadsheet shows"
TIME, DATE = "it prints a time", "it prints a date"
CODE, ORDINAL = "it prints a code, a version or a telephone number", "it prints an ordinal (第2)"
E_NOTATION = "it prints a figure in E notation, as a spreadsheet rounds it"
RANGE, CHANGE = "it prints a range, no one value", "it prints a change, not the level reached"
SEVERAL = "it prints several figures, and bizenv cannot tell which is the value"

READINGS = [
    # A spreadsheet's error value: #DIV/0! had been the value 0, Err:502 the value 502.
    ("#DIV/0!", None, ERROR), ("#N/A", None, ERROR), ("#VALUE!", None, ERROR), ("Err:502", None, ERROR),
    # A time: 10:30 had been 10, as a CSV's 10:30:00 AM (a time cell) was.
    ("10:30", None, TIME), ("10:30:00 AM", None, TIME), ("66:30", None, TIME), ("10点30分", None, TIME),
    # A date or a quarter names when, not how much (2022/6/30 had been 2022, 2022.06.30 2022.06).
    ("2022-06-30", None, DATE), ("2022/6/30", None, DATE), ("2022.06.30", None, DATE), ("6/30/2022", None, DATE),
    ("6月30日", None, DATE), ("2022年5月", None, DATE), ("第2季度", None, DATE), ("Q2", None, DATE),
    ("截至6月30日66.5小时", 66.5, None), ("1-6月累计办理120件", 120, None), ("第一季度3天", 3, None),
    # A range states no one value, as the plans' ranges are null (3-5个工作日 had been 3).
    ("3-5个工作日", None, RANGE), ("3至5天", None, RANGE), ("3~5天", None, RANGE), ("3—5天", None, RANGE),
    ("1天至3天", None, RANGE), ("50%-60%", None, RANGE), ("1000-2000户", None, RANGE),
    # An id, a code, a version or a telephone number is no figure (1.2.3 had been 1.2).
    ("GB/T 123-2020", None, CODE), ("1.2.3", None, CODE), ("ISO 9001", None, CODE), ("0375-1234567", None, CODE),
    ("第2批", None, ORDINAL), ("1.23457E+11", None, E_NOTATION),
    # Several levels: which is the value is a guess (由5天压减至3天: 5 or 3? 3、5天 had been 3).
    ("办理时间由5天压减至3天", None, SEVERAL), ("5天压减至3天", None, SEVERAL), ("3、5天", None, SEVERAL),
    ("1/2", None, SEVERAL), ("1 200", None, SEVERAL), ("12,5", None, SEVERAL),
    # A change is no level (同比压缩8% had been 8); a verb with 至 names the level reached.
    ("同比压缩8%", None, CHANGE), ("增长不低于50%", None, CHANGE), ("下降1个百分点", None, CHANGE),
    ("5个百分点", None, CHANGE), ("压减至3天", 3, None), ("3天，较上期减少1天", 3, None), ("3天（同比下降20%）", 3, None),
    # A figure right after 至 or 到 is the level reached, with words between it and the verb, as the
    # plans read 07.i4's 压缩办理环节至1个 and 20.i2's 平均压缩比达到70％以上 (each had been a change).
    ("压缩办理环节至1个", 1, None), ("降低企业开办时间至1天", 1, None), ("压缩办理时间 到 3个工作日以内", 3, None),
    ("承诺办结时限平均压缩比达到70％以上", 70, None), ("同比压缩8%，至3天", 3, None),
    # 为 names the level right after the verb (01.i15's 缩短为0.5年); after other words it is "for".
    ("缩短为0.5年", 0.5, None), ("减少收费为1200户企业", None, CHANGE),
    # A remark in brackets beside the figure, as the plans' 26(不动产登记单独1个工作日）.
    ("26(不动产登记单独1个工作日）", 26, None), ("已完成（66.5小时）", 66.5, None),
    ("咨询按期办结率100%;投诉按期办结率100%", 100, None),  # several figures, one value (the plans' 17.i9)
    # Chinese numerals: one numeral and a measure word, as the plans read 一个; no more.
    ("三个工作日", 3, None), ("五十", None, None), ("百分之五十", None, None),
    # Full-width forms, thousands separators, a minus sign, words around a figure.
    ("５０", 50, None), ("９８．５％", 98.5, None), ("1,200", 1200, None), ("1，200户", 1200, None), ("−5%", -5, None),
    ("约50", 50, None), ("≥98%", 98, None), ("50以上", 50, None), (".5天", 0.5, None), ("98%", 98, None),
]


@pytest.mark.parametrize("raw, value, why", READINGS)
def test_what_an_office_types_reads_as_the_one_level_it_states_or_null(raw, value, why):
    assert read_value(raw) == (value, why)
    assert parse_value(raw) == value
    assert value_agrees(raw, value)


@pytest.mark.parametrize("raw, value", [
    ("#DIV/0!", 0), ("10:30", 10), ("2022/6/30", 2022), ("3-5个工作日", 3), ("1.2.3", 1.2), ("第2季度", 2),
    ("同比压缩8%", 8), ("26(不动产登记单独1个工作日）", 1)])
def test_a_number_the_text_does_not_state_as_the_value_disagrees_with_it(raw, value):
    # What earlier versions recorded (#DIV/0! = 0, 10:30 = 10 …) is no longer taken for the value.
    assert not value_agrees(raw, value)


def test_of_several_figures_a_person_may_pick_one_the_text_prints():
    # As the plans' transcribers picked 65 of 普及率65%、上线事项数200项.
    assert value_agrees("办理时间由5天压减至3天", 3)
    assert not value_agrees("办理时间由5天压减至3天", 4)


def test_validate_says_why_a_value_is_null_and_refuses_a_number_its_text_does_not_state(run, data_copy):
    write_report(data_copy, "2022-06", "tax", """format: bizenv/progress/1
package: pingdingshan-2022
reported_by: tax
as_of: '2022-06-30'
updates: []
actuals:
- indicator: 09.i15
  raw: 3-5小时
  value: null
- indicator: 09.i16
  raw: '#DIV/0!'
  value: 0
""")
    result = run("validate")
    assert result.exit_code == 1
    name = data_copy / "progress/2022-06/tax.yaml"
    assert result.stdout.splitlines() == [
        f"{name}:9:3 warning: actuals[0].raw: 09.i15: '3-5小时' states no number bizenv can read ({RANGE}), so its "
        "value is null and gaps cannot compare it; write the figure in digits (50, 3个工作日, 98%)",
        f"{name}:13:3 actuals[1].value: value 0 disagrees with raw '#DIV/0!', which states no number bizenv can read "
        f"({ERROR})"]
