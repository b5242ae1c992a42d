"""An actual is in its indicator's unit, or it is not recorded: 66.5天 on 09.i15 (纳税时间, in 小时)
had been recorded and scored as 66.5 hours. Wherever a value enters the ledger (`record --actual`,
`ledger import`, a report checked by `validate`) a value in another unit is refused, and `gaps`
scores none it finds in a report; the indicator's own unit passes as the plans write it. Which of
the values reported `gaps` scores is said last."""

from __future__ import annotations

import json

import pytest

from bizenv_cli.ledger.units import IndicatorUnit, foreign_unit, indicator_unit, unit_refused
from template_tables import csv_bytes, csv_parts
from test_ledger_status import write_report

HOURS = "'66.5天' is written in 天, but 09.i15 (纳税时间（小时）) is measured in 小时; bizenv converts no unit: " \
        "write the value in 小时, or the figure alone"


def full_width(text: str) -> str:
    """`text` as a Chinese input method types it: ASCII letters, digits and signs full-width (６６．５％)."""
    return "".join(chr(ord(character) + 0xFEE0) if "!" <= character <= "~" else character for character in text)


def test_every_indicator_takes_its_own_unit_as_the_plans_write_it(package):
    """Each of the 169 indicators with a unit (29 units, from 个 to 公里/平方公里) takes a figure in it,
    typed full-width too, and every level its plans print; every indicator takes a bare figure."""
    indicators = [indicator for plan in package.plans for indicator in plan.indicators]
    with_unit = [indicator for indicator in indicators if indicator.unit]
    assert (len(indicators), len(with_unit), len({indicator.unit for indicator in with_unit})) == (189, 169, 29)
    for indicator in indicators:
        own = indicator_unit(indicator)
        printed = [indicator.baseline.raw, indicator.frontier.raw,
                   *(target.raw for target in indicator.targets if not target.change)]
        written = ["12", "１２", "12.5（6月）", *(raw for raw in printed if raw)]
        if indicator.unit:
            written += [f"12{indicator.unit}", f"12 {indicator.unit}", full_width(f"12.5{indicator.unit}"),
                        f"截至6月30日12{indicator.unit}以上"]
        assert [raw for raw in written if foreign_unit(raw, own)] == [], indicator.id


# The spellings the plans print beside a figure of the unit (ledger/units.py says where).
OWN = [
    ("%", "98％"), ("%", "百分之98"), ("%", "98%以上"), ("%", "咨询按期办结率100%;投诉按期办结率100%"),
    ("工作日", "3个工作日内办结"), ("工作日", "不超过3个"), ("工作日", "三个工作日"), ("工作日", "3 个 工作日"),
    ("%", "98% of cases"),
    ("小时", "2个"), ("小时", "15个小时以内"), ("小时", "66.5 小时"), ("小时", "66.5小时，同比下降3%"),
    ("亿元", "622.3亿"), ("亿条", "突破1.55亿"), ("公里/平方公里", "7.83公里每平方公里"),
    ("家", "4591家企业"), ("万人次", "0.89万人次"), ("天", "3天（同比下降20%）"),
]
# A unit that is not the indicator's, however close: no value is converted (a 天 is 24 小时 or a
# working day?), and a magnitude or a rate in another unit is another number.
FOREIGN = [
    ("小时", "66.5天", "天"), ("小时", "66.5 天", "天"), ("小时", "６６．５天", "天"), ("小时", "三天", "天"),
    ("小时", "66.5h", "h"), ("小时", "66.5 hours", "hours"), ("小时", "66.5分钟", "分钟"), ("小时", "百分之50", "%"),
    ("工作日", "3天", "天"), ("工作日", "3日", "日"), ("工作日", "3 个 天", "个天"),
    # 02.i5 is in 天, though its plan prints a target of 0.5个工作日: a working day is no day.
    ("天", "0.5个工作日", "个工作日"),
    ("%", "98‰", "‰"), ("%", "5成", "成"), ("%", "98分", "分"),
    ("万人", "0.89万人次", "万人次"), ("万人", "8900人", "人"), ("分", "5分钟", "分钟"),
    ("亿元", "622.3万元", "万元"), ("公里/平方公里", "7.83公里", "公里"), ("个", "3项", "项"), ("家", "4591户", "户"),
]


@pytest.mark.parametrize("unit, raw", OWN)
def test_a_value_in_the_indicators_own_unit_passes(unit, raw):
    assert foreign_unit(raw, IndicatorUnit("01.i1", "指标", unit, True)) is None


@pytest.mark.parametrize("unit, raw, written", FOREIGN)
def test_a_value_in_another_unit_is_named_by_the_unit_written(unit, raw, written):
    assert foreign_unit(raw, IndicatorUnit("01.i1", "指标", unit, True)) == written


def test_an_indicator_without_a_unit_takes_a_bare_figure_where_its_plans_print_a_level(package):
    indicators = {indicator.id: indicator for plan in package.plans for indicator in plan.indicators}
    index = indicator_unit(indicators["09.i17"])  # 报税后流程指数: 50 to 50.3, no unit printed
    assert foreign_unit("50.5", index) is None
    assert unit_refused("50.5分", index) == ("'50.5分' is written in 分, but 09.i17 (报税后流程指数) prints no unit "
                                             "(the plans give its levels as bare figures); bizenv converts no unit: "
                                             "write the figure alone")
    # 01.i6 纳税时间 prints a change alone (同比压缩8%): no level a value is scored against.
    assert foreign_unit("60小时", indicator_unit(indicators["01.i6"])) is None


def test_record_refuses_a_value_in_another_unit_and_writes_nothing(run, data_copy):
    result = run("record", "09.i15", "--as-of", "2022-06-30", "--by", "tax", "--actual", "66.5天")
    assert (result.exit_code, result.stderr) == (2, f"bizenv: error: --actual: {HOURS}\n")
    assert not (data_copy / "progress" / "2022-06").exists()
    result = run("record", "09.i15", "--as-of", "2022-06-30", "--by", "tax", "--actual", "６６．５ 小时")
    assert result.exit_code == 0, result.stderr


def test_the_library_refuses_it_in_its_parameters_words(data_copy):
    import bizenv_cli

    with pytest.raises(ValueError, match=r"^actual: '3天' is written in 天, but 09.i10 \("):
        bizenv_cli.record(data_copy, "09.i10", as_of="2022-06-30", department="tax", actual="3天")


def test_the_import_refuses_a_row_in_another_unit_naming_its_row(run, data_copy, tmp_path):
    template = tmp_path / "template.csv"
    assert run("ledger", "template", "--dept", "tax", "--as-of", "2022-06-30", "-o", str(template)).exit_code == 0
    heading, header, table = csv_parts(template.read_bytes())
    rows = {row[0]: row for row in table}
    rows["09.i15"][header.index("实际值")] = "66.5天"
    rows["09.i16"][header.index("实际值")] = "44％"  # 09.i16 is in %: full-width, its own
    filled = tmp_path / "filled.csv"
    filled.write_bytes(csv_bytes(heading, [header], table))
    row = 1 + filled.read_text(encoding="utf-8-sig").splitlines().index(",".join(rows["09.i15"]))
    result = run("ledger", "import", str(filled))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{filled}:{row} 实际值: {HOURS}",
                                          "bizenv: the import (1 problem in 1 row) is refused; nothing was written"]
    assert not (data_copy / "progress" / "2022-06").exists()


REPORT = """format: bizenv/progress/1
package: pingdingshan-2022
reported_by: tax
as_of: '2022-06-30'
updates: []
actuals:
- indicator: 09.i15
  raw: {raw}
  value: 66.5
"""


def test_validate_names_a_value_in_another_unit_at_its_line(run, data_copy):
    write_report(data_copy, "2022-06", "tax", REPORT.format(raw="66.5天"))
    result = run("validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"{data_copy / 'progress/2022-06/tax.yaml'}:9:3 actuals[0].raw: {HOURS}"]


def test_a_figure_picked_of_several_is_held_to_the_unit_it_is_written_in(run, data_copy):
    # A person writing a report by hand may pick a figure of several (validate's rule): 3 of
    # 由5天压减至3天 is 3天, no 3 hours; left null, it is scored nowhere, and only warned of.
    write_report(data_copy, "2022-06", "tax", REPORT.format(raw="由5天压减至3天").replace("66.5", "3"))
    result = run("validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{data_copy / 'progress/2022-06/tax.yaml'}:9:3 actuals[0].raw: '由5天压减至3天' is written in 天, but 09.i15 "
        "(纳税时间（小时）) is measured in 小时; bizenv converts no unit: write the value in 小时, or the figure alone"]
    assert gaps_row(run)["progress_pct"] is None
    write_report(data_copy, "2022-06", "tax", REPORT.format(raw="由5天压减至3天").replace("66.5", "null"))
    result = run("validate")
    assert result.exit_code == 0 and "warning: actuals[0].raw: 09.i15: '由5天压减至3天' states no number" in result.stdout


def gaps_row(run, as_of: str = "2022-07-01") -> dict:
    """09.i15's `gaps` row as of `as_of`, from the ledger of the data copy."""
    result = run("gaps", "--plan", "9", "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return next(row for row in json.loads(result.stdout) if row["id"] == "09.i15")


def test_gaps_scores_no_value_in_another_unit(run, data_copy):
    """A report validate refuses (written by hand, or by an earlier bizenv) still reads: its value
    is shown as written, and no progress is worked out of it."""
    write_report(data_copy, "2022-06", "tax", REPORT.format(raw="66.5小时"))
    assert gaps_row(run)["progress_pct"] == pytest.approx((66.5 - 69.31) / (63.76 - 69.31) * 100)
    write_report(data_copy, "2022-06", "tax", REPORT.format(raw="66.5天"))
    row = gaps_row(run)
    assert (row["actual"]["raw"], row["actual"]["value"], row["progress_pct"]) == ("66.5天", 66.5, None)


def test_gaps_takes_the_value_measured_last_then_the_one_reported_last(run, data_copy):
    # docs/ledger.md: by the day measured (its report's day where none is given), then the report's day.
    write_report(data_copy, "2022-06", "tax", REPORT.format(raw="66.5小时") + "  measured_on: '2022-06-20'\n")
    later = REPORT.format(raw="60小时").replace("value: 66.5", "value: 60").replace("2022-06-30", "2022-07-31")
    write_report(data_copy, "2022-07", "tax", later + "  measured_on: '2022-06-10'\n")
    assert gaps_row(run, "2022-08-01")["actual"]["raw"] == "66.5小时"  # measured later, in the earlier report
    write_report(data_copy, "2022-07", "tax", later + "  measured_on: '2022-06-20'\n")
    assert gaps_row(run, "2022-08-01")["actual"]["raw"] == "60小时"  # measured the same day, reported later
