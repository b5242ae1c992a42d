"""Indicator tables drafted by `bizenv import`: the month a target is due by, read as the deadline
reader and the period reader read one, a value only where a cell states one number, and a table
whose width is uncertain kept as paragraphs for review, never read into shifted rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import import_ok, valid
from pyyaml_reading import safe_load

from bizenv_cli.importer.tables import Cell, column_month, completion_month, name_and_unit, read_table, unit_of, value_of

HEAD = "某某市2023年优化营商环境行动方案\n\n一、指标对比\n\n"
TAIL = "\n二、主要任务\n\n1.推行简易注销。\n完成时限：2023年6月\n责任单位：市市场监管局\n"


def table_text(*rows: tuple[str, ...]) -> str:
    """Rows as the 2022 text prints a table: a tab-indented line a cell, a blank line after each row."""
    return "".join("".join(f"\t{cell}\n" for cell in row) + "\n" for row in rows)


def draft(tmp_path: Path, runner, table: str):
    text = tmp_path / "plan.txt"
    text.write_text(HEAD + table + TAIL, encoding="utf-8")
    result = import_ok(runner, text, tmp_path / "draft")
    plan = safe_load((tmp_path / "draft" / "plans" / "01-overall-plan.yaml").read_text(encoding="utf-8"))
    return plan, result.stderr


def line_of(text: str, printed: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), 1) if line.strip() == printed)


def test_a_column_name_names_a_month_only_as_the_period_and_deadline_readers_read_it():
    assert column_month("2022年6月目标", 2022) == "2022-06"
    assert column_month("2022年6月前目标", 2022) == "2022-05"  # due before June, as a deadline is
    assert column_month("2022年12月目标（全省平均）", 2022) == "2022-12"
    assert column_month("2022年上半年目标", 2022) == "2022-06"
    assert column_month("2022年下半年目标", 2022) == "2022-12"
    assert column_month("2022年一季度目标", 2022) == "2022-03"
    assert column_month("2022年底目标", 2022) == column_month("2022年末目标", 2022) == "2022-12"
    assert column_month("2022年目标", 2022) == "2022-12"
    for name in ("升级版目标", "2022年度目标", "2022年6月，2022年12月目标", "今年目标", "today目标"):
        assert column_month(name, 2022) is None, name


def test_a_completion_cell_is_read_as_a_measure_deadline_is():
    assert completion_month("2022年6月前", 2022) == ("2022-05", None)  # parse_deadline: 2022-05-31
    assert completion_month("2022年6月，2022年12月", 2022) == ("2022-12", None)  # its last milestone
    assert completion_month("2022.12", 2022) == ("2022-12", None)
    assert completion_month("2022年底", 2022) == ("2022-12", None)
    assert completion_month("持续推进", 2022) == (None, None)  # ongoing: read, and no month
    month, why = completion_month("尽快完成", 2022)
    assert month is None and "尽快完成" in why


def test_a_completion_cell_without_its_year_is_the_plan_years_only_where_the_package_states_it():
    assert completion_month("长期坚持", 2023) == (None, None)  # ongoing, as 持续推进
    assert completion_month("6月底前", 2023) == ("2023-06", None)
    assert completion_month("6月底前", 2023, year_stated=False) == (
        None, "it names no year, and the package does not state its year for certain")


def test_targets_are_due_by_the_month_their_column_or_completion_cell_names(tmp_path, runner):
    table = table_text(("指标", "现状水平", "2023年上半年目标", "2023年一季度目标", "升级版目标", "完成时限"),
                       ("办理时间", "5天", "3天", "4天", "2天", "2023年6月前"),
                       ("办理环节", "4个", "3个", "3个", "2个", "尽快完成"))
    plan, stderr = draft(tmp_path, runner, table)
    first, second = plan["indicators"]
    assert [(target["by"], target["raw"]) for target in first["targets"]] == [
        ("2023-03", "4天"), ("2023-05", "2天"), ("2023-06", "3天")]
    assert first["completion"] == {"raw": "2023年6月前", "by": "2023-05"}
    # A completion cell the deadline reader refuses names no month: null, a note, a line for review.
    assert second["completion"] == {"raw": "尽快完成", "by": None}
    assert second["note"].startswith("needs-review") and "尽快完成" in second["note"]
    line = line_of(HEAD + table, "尽快完成")
    assert f"plan.txt:{line} completion not read: " in stderr
    assert f"plan.txt:{line - 1} a target due by no month the table prints" in stderr  # its 升级版目标 cell
    assert valid(tmp_path / "draft") == []


def test_a_range_states_no_value_and_prose_its_first_number():
    for printed in ("1-3天", "3至5天", "1天至3天"):
        value, note = value_of(printed)
        assert value is None and "range" in note, printed
    # Prose reads as the shipped data reads it: its first number, with a note; two values of one
    # kind (不低于30%…不低于50%) state none.
    assert value_of("实现企业开办全程0.5个工作日办结。其中，企业设立登记1.5小时")[0] == 0.5
    assert value_of("普及率65%、上线事项数200项")[0] == 65
    assert value_of("不低于30%，力争不低于50%") == (None, None)
    assert value_of("截至2021年12月，共注册企业4591家")[0] == 4591  # a date is not a number of the cell
    assert value_of("增长至5300家")[0] == 5300
    assert value_of("≤20") == (20, None)


# The note says what the reader does: it had said "(dates aside)", though times, codes and ordinals
# are left out too.
FIRST = "the cell's first figure, dates, times, codes and ordinals not counted; the cell says more than that figure"

SPLIT = "the cell prints figures apart only by a space (1 200): it states no one value"

# A cell's value as a drafted indicator holds it, read as the ledger reads a reported value
# (model/figures.py): what earlier versions drafted is in each comment.
VALUES = [
    # A sign (−5% had been 5) and thousands separators (1,200 had been null, 1，200户 1).
    ("−5%", -5, None), ("-0.5天", -0.5, None), ("≤-5", -5, None),
    ("1,200", 1200, None), ("1，200户", 1200, None), ("12,345,678元", 12345678, None),
    # A date, a time, a code or an ordinal prints digits but no figure (2022.06.30 had been 30,
    # 第2季度 2, ISO 9001 9001, 10点30分 10, 66:30小时 66, 第2批 2).
    ("2022.06.30", None, None), ("第2季度", None, None), ("ISO 9001", None, None), ("10点30分", None, None),
    ("66:30小时", None, None), ("第2批", None, None),
    ("10:30", None, None),  # null before too, only as its 10 and 30 were two values of one kind
    # Prose: its first figure, what is no figure aside (截至2022.06.30共3天 had been 30), and a change
    # beside a level is no second value (1,200户，较上年增加200户 had been 1).
    ("截至2022.06.30共3天", 3, FIRST), ("1,200户，较上年增加200户", 1200, FIRST),
    ("5个百分点", None, None),  # a change of a rate, no level (it had been 5)
    # A figure right after 至 or 到 is the level reached, with words between it and the verb, as the
    # plans read 07.i4 and 20.i2 (each had been a change: null).
    ("压缩办理环节至1个", 1, FIRST), ("降低企业开办时间至1天", 1, FIRST), ("平均压缩比达到70％以上", 70, FIRST),
    # The extraction's stray spaces are left out, but never between two digits: two figures stay two
    # (≤60 ⏎ 2022年6月, as cells_of joins its lines, had been 602022, and 1 200 1200).
    ("3 个工作日", 3, None), ("≤ 20", 20, None), ("2022 年 6 月 3 个工作日", 3, FIRST),
    ("≤60 2022年6月", 60, FIRST), ("≤60\n2022年6月", 60, FIRST),
    # Digits apart by a space alone are 1200 or two figures: no value, as the ledger reads them, and
    # a note (1 200户 had been 1, its first figure, as if 1 and 200户 were a level and another fact).
    ("1 200", None, SPLIT), ("1 200户", None, SPLIT), ("1\n200户", None, SPLIT), ("约1 200户", None, SPLIT),
    ("≤60 2022年6月 5天", 60, FIRST),  # a date between two figures: no such pair
]


@pytest.mark.parametrize("raw, value, note", VALUES)
def test_a_cell_reads_its_sign_and_separators_and_never_a_figure_from_a_date_time_or_code(raw, value, note):
    assert value_of(raw) == (value, note)


def test_a_drafted_value_is_the_figure_the_cell_prints_and_the_draft_is_valid(tmp_path, runner):
    table = table_text(("指标", "现状水平", "2023年目标"), ("增长率", "−5%", "1,200户"),
                       ("办理时间", "1，200户", "2022.06.30"), ("认证", "ISO 9001", "10点30分"),
                       ("季度", "第2季度", "66:30小时"), ("用户数", "1 200户", "增长1 200户"))
    plan, _ = draft(tmp_path, runner, table)  # valid: validate's audit reads −5% as −5, 1,200 as 1200
    assert [(indicator["baseline"]["value"], indicator["targets"][0]["value"]) for indicator in plan["indicators"]] \
        == [(-5, 1200), (1200, None), (None, None), (None, None), (None, None)]
    assert plan["indicators"][-1]["baseline"]["note"] == SPLIT and "change" not in plan["indicators"][-1]["targets"][0]


def test_a_cell_over_several_lines_keeps_two_figures_apart_and_reads_a_level_after_zhi(tmp_path, runner):
    # The baseline cell prints ≤60 on one line and 2022年6月 on the next: it had been drafted as
    # ≤602022年6月, value 602022. 降低企业开办时间至1天 had been drafted as the change -1 天.
    table = table_text(("指标", "现状水平", "2023年目标"), ("企业开办时间", "≤60\n2022年6月", "降低企业开办时间至1天"),
                       ("办理环节", "5\n个", "压缩办理环节\n至1个"))
    plan, _ = draft(tmp_path, runner, table)  # valid: the audit finds 60 in ≤60 2022年6月
    first, second = plan["indicators"]
    assert first["baseline"] == {"raw": "≤60 2022年6月", "value": 60, "note": FIRST}
    assert first["targets"][0] == {"by": "2023-12", "raw": "降低企业开办时间至1天", "value": 1, "note": FIRST}
    # Lines that do not meet digit to digit join as before (5 ⏎ 个 is 5个).
    assert second["baseline"] == {"raw": "5个", "value": 5}
    assert second["targets"][0] == {"by": "2023-12", "raw": "压缩办理环节至1个", "value": 1, "note": FIRST}


# An indicator's unit as the draft holds it: printed in brackets after its name, else the unit every
# value that is one number prints, read as NFKC reads it (％ is %, as the shipped data holds 10.i3's).
UNITS = [
    ("债权回收率", ["34.81％", "40%"], "%"),  # 10.i3: it had been null, ％ and % taken for two units
    ("债权回收率", ["34.81％", "40％"], "%"),  # it had been ％, not the plans' %
    ("回收率（％）", [], "%"), ("办理环节（ 个 ）", ["4"], "个"), ("收回债务所需时间", ["0.96年", "0.5年"], "年"),
    ("办理时间", ["5天", "3个工作日"], None),  # two units: the draft does not pick one
    ("办理破产指标平均得分", ["71.25", "73"], None), ("融资成本", ["稳步下降", None], None),
]


@pytest.mark.parametrize("name, values, unit", UNITS)
def test_a_unit_is_read_as_nfkc_reads_it(name, values, unit):
    assert unit_of(name, values) == unit


def test_a_unit_printed_apart_from_the_name_is_read_as_nfkc_reads_it():
    assert name_and_unit(Cell(1, "债权回收率（％）", ("债权回收率", "（％）"))) == ("债权回收率", "%")
    assert name_and_unit(Cell(1, "办理时间 （ 工作日 ）")) == ("办理时间", "工作日")


def test_a_year_on_the_line_after_a_change_is_never_its_size(tmp_path, runner):
    # 增长5 ⏎ 2022年底 had been drafted as the change +2022 年; 增加1,200户 as +200 户.
    table = table_text(("指标", "现状水平", "2023年目标"), ("新开通用户", "30户", "增长5\n2022年底"),
                       ("注册企业", "4591户", "增加1,200户"))
    plan, _ = draft(tmp_path, runner, table)
    first, second = (indicator["targets"][0] for indicator in plan["indicators"])
    assert (first["value"], "change" in first) == (None, False)
    assert (second["value"], second["change"], second["change_unit"]) == (1200, "from-baseline", "户")


def test_a_body_cell_named_like_a_column_does_not_widen_the_header():
    cells = [(number, f"\t{text}") for number, text in enumerate(
        ["指标", "现状水平", "2023年目标", "项目审批时间", "10天", "5天", "企业开办时间", "3天", "1天",
         "获得用水时间", "5天", "2天"], 1)]
    table = read_table(cells)
    assert [cell.text for cell in table.columns] == ["指标", "现状水平", "2023年目标"]
    assert [[cell.text for cell in row] for row in table.rows] == [
        ["项目审批时间", "10天", "5天"], ["企业开办时间", "3天", "1天"], ["获得用水时间", "5天", "2天"]]


def test_a_table_whose_width_is_uncertain_is_kept_as_paragraphs_for_review(tmp_path, runner):
    # A row that starts with a column name (a second header) leaves the width of the table uncertain.
    table = table_text(("指标", "现状水平", "2023年目标"), ("办理时间", "10天", "5天"),
                       ("指标", "现状", "目标"), ("环节", "4个", "3个"))
    plan, stderr = draft(tmp_path, runner, table)
    assert plan["indicators"] == [] and plan["tables"] == []
    paragraphs = [paragraph for section in plan["sections"] for paragraph in section["paragraphs"]]
    assert [paragraph["text"] for paragraph in paragraphs if paragraph.get("note", "").startswith("needs-review")] \
        == ["指标", "现状水平", "2023年目标", "办理时间", "10天", "5天", "指标", "现状", "目标", "环节", "4个", "3个"]
    assert "a table whose cells do not split into a header and whole rows" in stderr


def cells(*texts: str) -> list[tuple[int, str]]:
    return [(number, f"\t{text}") for number, text in enumerate(texts, 1)]


def test_a_header_with_a_column_the_rules_do_not_know_is_never_read_into_shifted_rows():
    # 说明 is no column name: the header stops before it, and the nine cells after split into three
    # rows of three, named 说明, 2 and 3. A bare figure under the name column tells the rows are out
    # of step: the table is kept for review.
    assert read_table(cells("指标", "现状水平", "2023年目标", "说明", "甲", "1", "2", "无", "乙", "3", "4", "无")) is None
    # The same with an ordinal column first (序号): the name column is where the header puts it.
    assert read_table(cells("序号", "指标", "现状水平", "2023年目标", "说明",
                            "1", "甲", "1", "2", "无", "2", "乙", "3", "4", "无")) is None
    # A name that holds a figure and words is a name (2 and 3 are the cells' own values).
    table = read_table(cells("序号", "指标", "现状水平", "2023年目标", "1", "5G基站", "2", "3"))
    assert [[cell.text for cell in row] for row in table.rows] == [["1", "5G基站", "2", "3"]]


def test_lead_and_support_columns_printed_as_departments_are_column_names():
    # 牵头部门 and 配合部门 as 牵头单位 and 配合单位 are: the header had ended before them and every
    # row was read out of step, its name a department and its baseline an indicator's name.
    table = read_table(cells("指标名称", "2022年底现状", "2023年目标值", "牵头部门", "配合部门",
                             "办理环节（个）", "3", "2", "市城管局", "市自来水公司"))
    assert [cell.text for cell in table.rows[0]] == ["办理环节（个）", "3", "2", "市城管局", "市自来水公司"]


def test_a_responsibility_cell_that_names_no_body_is_no_body(tmp_path, runner):
    # —, / and 无 in a 责任单位 column say that no body is named, as an empty cell does: they had been
    # registered as new bodies named — and /.
    plan, stderr = draft(tmp_path, runner, table_text(("指标", "现状水平", "2023年6月目标", "责任单位"),
                                                      ("办理环节（个）", "3", "2", "—"), ("办理时间（工作日）", "5", "3", "/"),
                                                      ("办理成本（元）", "0", "0", "无"), ("报装材料（件）", "2", "1", "市城管局")))
    assert [(row["cells"][-1], row["responsible"]) for row in plan["indicators"][:3]] == [
        ("—", None), ("/", None), ("无", None)]
    assert [body["name"] for body in plan["indicators"][3]["responsible"]["bodies"]] == ["市城管局"]
    registry = safe_load((tmp_path / "draft" / "departments.yaml").read_text(encoding="utf-8"))
    assert sorted(entry["name"] for entry in registry["departments"]) == ["市城管局", "市市场监管局"]
