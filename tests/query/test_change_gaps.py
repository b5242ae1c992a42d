"""`gaps` on targets printed as a change (同比压缩0.5次, 增长50%以上): shown as a change, never compared
as a level; its level worked out only from a printed baseline (docs/json.md, docs/data-format.md)."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, invoke
from bizenv_cli.files.datadir import find_data_dir
from bizenv_cli.query.queries import IndicatorFilter, gap_rows
from bizenv_cli.store.package import load_package


@pytest.fixture(scope="module")
def rows():
    package = load_package(find_data_dir(DATA), use_cache=False)
    return {row["id"]: row for row in gap_rows(package.plans, IndicatorFilter())}


def test_the_first_half_tax_payments_target_is_a_cut_of_a_quarter_payment(rows):
    # Source line 1098: 2022年6月，纳税次数同比压缩0.25次; no level of 纳税次数 is printed there.
    row = rows["09.i1"]
    assert row["direction"] == "lower"
    assert row["target"] == {"by": "2022-06", "raw": "同比压缩0.25次", "value": -0.25, "change": "year-on-year",
                             "change_unit": "次", "level": None}
    assert (row["to_target"], row["to_target_pct"], row["to_frontier"], row["meets_frontier"]) == (None,) * 4
    assert row["improving"] is True  # a cut, and fewer payments are better
    assert row["to_target_why"] == ("the target is a change (-0.25 次 year on year) and no baseline is printed "
                                    "to apply it to")


def test_no_change_is_compared_as_a_level(rows):
    changes = [row for row in rows.values() if row["target"] and row["target"]["change"]]
    assert len(changes) == 18
    for row in changes:
        if row["baseline"]["value"] is None:
            assert row["target"]["level"] is None and row["to_target"] is None, row["id"]
            assert "no baseline is printed" in row["to_target_why"], row["id"]
        # The sign says whether the plan moves the indicator the way its direction calls better.
        assert row["improving"] is (row["target"]["value"] < 0 if row["direction"] == "lower"
                                    else row["target"]["value"] > 0), row["id"]


def test_a_change_from_a_printed_baseline_sets_the_level_it_implies(rows):
    # Source line 2259: 2021年实现合同融资7923.6万元, target 力争2022年 增长50%以上.
    row = rows["15.i4"]
    assert row["unit"] == "万元" and row["target"]["change_unit"] == "%"
    assert row["target"]["level"] == 11885.4 and row["year_end_target"]["level"] == 11885.4
    assert (row["to_target"], row["to_target_pct"], row["improving"], row["to_target_why"]) == (3961.8, 50.0, True, None)


def test_a_level_target_is_its_own_level(rows):
    row = rows["13.i6"]  # 民商事一审平均审理天数 49.92天 → 45天
    assert [(target["value"], target["change"], target["level"]) for target in row["targets"]] == \
        [(47, None, 47), (45, None, 45)]
    assert row["to_target_why"] is None


def test_the_gaps_table_shows_a_change_as_a_change(runner):
    result = invoke(runner, "--data", str(DATA), "gaps", "--plan", "9", "--width", "160")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    row = next(index for index, line in enumerate(lines) if line.startswith("09.i5 "))
    assert "同比压缩0.5次" in lines[row]
    assert lines[row + 1].strip() == "change -0.5 次 year on year" and lines[row + 2].strip() == "by 2022-12"
    assert any(line.strip() == "change -1 百分点" for line in lines)  # 下降1个百分点: no basis printed


def test_progress_toward_a_change_target_is_measured_against_the_level_it_sets(runner, data_copy):
    for item, actual, body in (("15.i4", "9900万元", "finance"), ("09.i5", "5次", "tax")):
        result = invoke(runner, "--data", str(data_copy), "record", item, "--as-of", "2022-09-30", "--by", body,
                        "--actual", actual)
        assert result.exit_code == 0, result.stderr
    result = invoke(runner, "--data", str(data_copy), "gaps", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    # (9900 − 7923.6) / (11885.4 − 7923.6): half-way to +50%, never (9900 − 7923.6) / (50 − 7923.6).
    assert rows["15.i4"]["progress_pct"] == pytest.approx(49.886415)
    # No baseline: how far 5 payments go toward "0.5 fewer than last year" cannot be said.
    assert rows["09.i5"]["actual"]["value"] == 5 and rows["09.i5"]["progress_pct"] is None
