"""Targets printed as a change of a level (同比压缩0.5次, 下降1个百分点, 增长不低于50%): the audit's rule on
example files, one per bad case (tests/examples/targets), and the facts of the shipped data.

docs/data-format.md (Indicators) states the convention: a change target keeps its raw string, its
`value` is the change signed as its verb says, in `change_unit`, and `change` says from what.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DATA, invoke
from pyyaml_reading import shipped_plans
from bizenv_cli.checks import audit
from bizenv_cli.files.yamlload import load_yaml_file

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "targets"
NEGATIVE = sorted((EXAMPLES / "negative").glob("*.yaml"))
POSITIVE = sorted((EXAMPLES / "positive").glob("*.yaml"))


def _expected(path: Path) -> str:
    found = re.search(r"^# expect: (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert found, f"{path.name} states no '# expect:' line"
    return found.group(1)


def test_there_is_an_example_of_each_case():
    assert len(NEGATIVE) >= 8 and len(POSITIVE) >= 2


@pytest.mark.parametrize("path", NEGATIVE, ids=lambda path: path.stem)
def test_each_bad_target_is_one_finding_that_says_what_is_wrong(path):
    problems = audit.audit_values(load_yaml_file(path), path.name)
    assert len(problems) == 1, [str(problem) for problem in problems]
    finding = f"{problems[0].field}: {problems[0].message}"
    assert finding.startswith(_expected(path)), finding
    assert problems[0].check == "audit"


@pytest.mark.parametrize("path", POSITIVE, ids=lambda path: path.stem)
def test_changes_and_levels_as_printed_pass(path):
    assert [str(problem) for problem in audit.audit_values(load_yaml_file(path), path.name)] == []


def test_a_change_needs_its_unit_and_a_unit_its_change(runner, data_copy):
    path = data_copy / "plans" / "09-paying-taxes.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    raw: 同比压缩0.25次\n    value: -0.25\n    change: year-on-year\n    change_unit: 次\n"
    assert old in text
    path.write_text(text.replace(old, "    raw: 同比压缩0.25次\n    value: -0.25\n    change: year-on-year\n", 1),
                    encoding="utf-8")
    result = invoke(runner, "--data", str(data_copy), "validate")
    assert result.exit_code == 1
    assert re.search(r"09-paying-taxes\.yaml:\d+:\d+ indicators\[0\]\.targets\[0\]: .*change_unit", result.stdout), \
        result.stdout


# --- the shipped data: facts a reader can check in the source --------------------------------------

PLANS = shipped_plans()
INDICATORS = {indicator["id"]: indicator for plan in PLANS.values() for indicator in plan["indicators"]}

# Every change target, (month, raw, value, change_unit, change), as the source prints it: the goals of
# document 1 (line 21), 4 (line 511), 9 (lines 1098 and 1104) and 22 (line 2939), and document 15's
# table (line 2259). 同比 (or 在2021年基础上) is year-on-year; a change printed without it has no basis.
CHANGE_TARGETS = {
    "01.i5": ("2022-12", "同比压缩0.5次", -0.5, "次", "year-on-year"),
    "01.i6": ("2022-12", "同比压缩8%", -8, "%", "year-on-year"),
    "01.i7": ("2022-12", "下降1个百分点", -1, "百分点", "unstated"),
    "01.i8": ("2022-12", "提升3个百分点", 3, "百分点", "unstated"),
    "01.i9": ("2022-12", "增长不低于50%", 50, "%", "unstated"),
    "04.i17": ("2022-12", "年均同比压缩8%以上", -8, "%", "year-on-year"),
    "09.i1": ("2022-06", "同比压缩0.25次", -0.25, "次", "year-on-year"),
    "09.i2": ("2022-06", "同比压缩5%", -5, "%", "year-on-year"),
    "09.i3": ("2022-06", "下降0.5个百分点", -0.5, "百分点", "unstated"),
    "09.i4": ("2022-06", "提升2%", 2, "%", "unstated"),
    "09.i5": ("2022-12", "同比压缩0.5次", -0.5, "次", "year-on-year"),
    "09.i6": ("2022-12", "同比压缩8%", -8, "%", "year-on-year"),
    "09.i7": ("2022-12", "下降1个百分点", -1, "百分点", "unstated"),
    "09.i8": ("2022-12", "提升3%", 3, "%", "unstated"),
    "09.i9": ("2022-12", "再压缩纳税人办税时间8%", -8, "%", "year-on-year"),
    "15.i4": ("2022-12", "力争2022年 增长50%以上", 50, "%", "from-baseline"),
    "22.i2": ("2022-12", "同比递增3%以上", 3, "%", "year-on-year"),
    "22.i3": ("2022-12", "同比递增3%以上", 3, "%", "year-on-year"),
}


def test_every_change_target_of_the_plans_is_stored_as_a_change():
    found = {indicator_id: (target["by"], target["raw"], target["value"], target["change_unit"], target["change"])
             for indicator_id, indicator in INDICATORS.items() for target in indicator["targets"]
             if "change" in target}
    assert found == CHANGE_TARGETS


def test_the_first_half_tax_payments_target_is_a_cut_of_a_quarter_payment_year_on_year():
    # Source line 1098: 2022年6月，纳税次数同比压缩0.25次.
    (target,) = INDICATORS["09.i1"]["targets"]
    assert (target["by"], target["value"], target["change_unit"], target["change"]) == \
        ("2022-06", -0.25, "次", "year-on-year")


def test_the_tax_quantities_read_lower_is_better():
    named = sorted(indicator_id for indicator_id, indicator in INDICATORS.items()
                   if indicator["name"].startswith(("纳税次数", "纳税时间", "总税率和社会负担率")))
    assert named == ["01.i5", "01.i6", "01.i7", "09.i1", "09.i14", "09.i15", "09.i2", "09.i3", "09.i5", "09.i6",
                     "09.i7"]
    assert {INDICATORS[indicator_id]["direction"] for indicator_id in named} == {"lower"}
    # The goals' 纳税次数 and the table's 纳税次数（次数） read alike.
    assert INDICATORS["09.i5"]["direction"] == INDICATORS["09.i14"]["direction"]


# The verbs of change the plans print, and the sign they give; written here apart from the audit's
# list, so that a verb the audit forgets is still caught.
_CUT = "压缩|压减|缩减|缩短|下降|降低|减少|递减"
_RISE = "提升|提高|增长|增加|递增|扩大"
_CHANGE = re.compile(rf"({_CUT}|{_RISE})(?!\s*[至到为])")


def test_no_target_whose_raw_prints_a_change_is_stored_as_a_level():
    levels = [(indicator_id, target["raw"]) for indicator_id, indicator in INDICATORS.items()
              for target in indicator["targets"]
              if isinstance(target["value"], (int, float)) and "change" not in target
              and _CHANGE.search(target["raw"] or "")]
    assert levels == []


def test_every_change_carries_the_sign_of_its_verb_and_the_size_it_prints():
    for indicator_id, (_, raw, value, unit, _) in CHANGE_TARGETS.items():
        verb = _CHANGE.search(raw).group(1)
        assert (value < 0) == bool(re.fullmatch(_CUT, verb)), indicator_id
        assert f"{abs(value):g}" in raw and unit in raw, indicator_id


def test_the_data_format_states_the_convention():
    text = (DATA.parent / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert "change_unit" in text and "year-on-year" in text and "describes the quantity the indicator names" in text


def test_the_reading_of_a_change_agrees_with_every_change_target_of_the_data():
    # model.changes.change_in is how the importer drafts a change from a table cell.
    from bizenv_cli.model.changes import change_in

    assert {indicator_id: change_in(raw) for indicator_id, (_, raw, *_) in CHANGE_TARGETS.items()} == \
        {indicator_id: (value, unit) for indicator_id, (_, _, value, unit, _) in CHANGE_TARGETS.items()}
    assert change_in("增长至5300家") is None and change_in("进一步压缩至1个工作日以内") is None
    assert change_in("稳步增长") is None  # a verb with no size is words, not a number


def test_the_schema_and_the_model_name_the_same_bases():
    import json

    from bizenv_cli.model.changes import CHANGE_BASES

    schema = json.loads((DATA.parent / "schemas" / "plan.schema.json").read_text(encoding="utf-8"))
    assert tuple(schema["definitions"]["target"]["properties"]["change"]["enum"]) == CHANGE_BASES
