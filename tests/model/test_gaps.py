"""The gap arithmetic of docs/data-format.md, on made-up indicators and on real ones checked against the source."""

from pathlib import Path

import pytest

from bizenv_cli.model.gap_arithmetic import indicator_gap
from bizenv_cli.model.records import Frontier, Indicator, Target, Value
from bizenv_cli.store.package import load_package
from bizenv_cli.files.datadir import find_data_dir

ROOT = Path(__file__).resolve().parents[2]


def indicator(direction, baseline, targets, frontier=None, unit=None, change=None):
    """A made-up indicator; `change` = (basis, unit) makes every target a change of that kind."""
    def value(item):
        return item if isinstance(item, (int, float)) else None
    return Indicator(
        id="99.i1", plan=99, seq=1, origin="table", line=1, name="x", name_en=None, unit=unit,
        direction=direction, direction_why=None,
        baseline=Value(None if baseline is None else str(baseline), value(baseline)),
        targets=tuple(Target(by, str(raw), value(raw), *(change or (None, None))) for by, raw in targets),
        frontier=Frontier(None if frontier is None else str(frontier), value(frontier), None),
        responsible=None, lead=None, completion_raw=None, completion_by=None, note=None)


def test_lower_is_better_and_the_target_improves_but_misses_the_frontier():
    gap = indicator_gap(indicator("lower", 1, [("2022-06", 0.8), ("2022-12", 0.5)], 0.3))
    assert gap.to_target == -0.5          # year-end target (0.5, the later one) minus baseline
    assert gap.to_target_pct == -50.0     # a percentage of |baseline|, not a ratio
    assert gap.to_frontier == -0.2        # frontier minus year-end target, float noise rounded
    assert gap.improving is True and gap.meets_frontier is False


def test_the_year_end_target_is_the_latest_month_wherever_it_is_listed():
    # Indicator.year_end_target: the last target by month, not the last one written (a hand-edited
    # file may list the year-end target first; validate says so, the queries still read it right).
    item = indicator("lower", 1, [("2022-12", 0.5), ("2022-06", 0.8)])
    assert item.year_end_target.by == "2022-12"
    assert indicator_gap(item).to_target == -0.5


def test_higher_is_better():
    gap = indicator_gap(indicator("higher", 80, [("2022-12", 90)], 85))
    assert (gap.to_target, gap.to_frontier, gap.improving, gap.meets_frontier) == (10, -5, True, True)
    assert gap.to_target_pct == 12.5


def test_equal_to_the_frontier_meets_it_and_no_move_is_not_improving():
    gap = indicator_gap(indicator("lower", 2, [("2022-12", 2)], 2))
    assert gap.improving is False and gap.meets_frontier is True
    assert gap.to_target == 0 and gap.to_frontier == 0  # real zeros: both numbers are there


def test_words_give_null_never_zero():
    gap = indicator_gap(indicator("higher", 29.39, [("2022-12", "进一步提升")], "--"))
    assert gap[:6] == (None, None, None, None, None, None)
    assert gap.to_target_why == "the target states no number"


def test_no_direction_gives_differences_but_no_verdict():
    gap = indicator_gap(indicator(None, 3, [("2022-12", 5)], 4))
    assert (gap.to_target, gap.to_frontier) == (2, -1)
    assert gap.improving is None and gap.meets_frontier is None


def test_a_zero_baseline_has_no_percentage():
    gap = indicator_gap(indicator("higher", 0, [("2022-12", 5)]))
    assert gap.to_target == 5 and gap.to_target_pct is None and gap.to_frontier is None


def test_no_targets_at_all():
    gap = indicator_gap(indicator("lower", 3, []))
    assert gap[:6] == (None, None, None, None, None, None)
    assert gap.to_target_why == "no target to compare against"


def test_a_level_target_sets_its_own_value_and_needs_no_reason():
    gap = indicator_gap(indicator("lower", 1, [("2022-12", 0.5)]))
    assert (gap.target_level, gap.to_target, gap.to_target_why) == (0.5, -0.5, None)
    assert indicator_gap(indicator("lower", None, [("2022-12", 0.5)])).to_target_why == "no baseline is printed"


# --- targets printed as a change of the level (同比压缩0.5次, 下降1个百分点, 增长50%) -------------------

def test_a_change_without_a_baseline_sets_no_level_but_its_sign_says_whether_it_improves():
    cut = indicator("lower", None, [("2022-12", -0.5)], unit="次", change=("year-on-year", "次"))
    gap = indicator_gap(cut)
    assert gap[:3] == (None, None, None) and gap.target_level is None and gap.meets_frontier is None
    assert gap.improving is True  # fewer payments, and fewer is better
    assert gap.to_target_why == "the target is a change (-0.5 次 year on year) and no baseline is printed to apply it to"
    # The change is never read as the level -0.5, nor as a level of 0.5.
    assert indicator_gap(indicator("higher", None, [("2022-12", -0.5)], change=("unstated", "次"))).improving is False


def test_a_change_in_the_indicators_unit_moves_the_baseline_by_it():
    gap = indicator_gap(indicator("lower", 6, [("2022-12", -0.5)], frontier=5, unit="次",
                                  change=("from-baseline", "次")))
    assert (gap.target_level, gap.to_target, gap.to_frontier) == (5.5, -0.5, -0.5)
    assert (gap.improving, gap.meets_frontier, gap.to_target_why) == (True, False, None)


def test_percentage_points_move_a_rate_and_percent_is_a_share_of_the_level():
    points = indicator_gap(indicator("lower", 44.54, [("2022-12", -1)], unit="%", change=("unstated", "百分点")))
    assert (points.target_level, points.to_target) == (43.54, -1)
    share = indicator_gap(indicator("lower", 69.31, [("2022-12", -8)], unit="小时", change=("year-on-year", "%")))
    assert share.target_level == pytest.approx(63.7652) and share.to_target_pct == pytest.approx(-8)


def test_a_change_in_another_unit_than_the_baseline_sets_no_level():
    gap = indicator_gap(indicator("higher", 40, [("2022-12", 3)], unit="家", change=("year-on-year", "百分点")))
    assert gap.target_level is None and gap.to_target is None
    assert gap.to_target_why == "the target is a change in 百分点, the baseline is in 家"


# --- the real data: figures a reader can check in the source's 指标对比 tables -----------------

@pytest.fixture(scope="module")
def real_indicators():
    package = load_package(find_data_dir(ROOT / "data"), use_cache=False)
    return {item.id: item for plan in package.plans for item in plan.indicators}


def test_time_to_recover_debt(real_indicators):
    # Source lines 1415-1419: 收回债务所需时间 0.96年, target 0.5年, frontier 0.29年; lower is better.
    gap = indicator_gap(real_indicators["10.i1"])
    assert gap.to_target == -0.46
    assert gap.to_target_pct == pytest.approx(-47.916667)
    assert gap.to_frontier == -0.21
    assert (gap.improving, gap.meets_frontier) == (True, False)


def test_recovery_rate(real_indicators):
    # Source lines 1427-1431: 债权回收率 34.81％, target 40%, frontier 49.87%; higher is better.
    gap = indicator_gap(real_indicators["10.i3"])
    assert (gap.to_target, gap.to_frontier) == (5.19, 9.87)
    assert gap.to_target_pct == pytest.approx(14.909509)
    assert (gap.improving, gap.meets_frontier) == (True, False)


def test_first_instance_trial_days(real_indicators):
    # Source lines 1900-1905: 民商事一审平均审理天数 49.92天, 6-month 47天, 12-month 45天, frontier 50天.
    item = real_indicators["13.i6"]
    assert item.year_end_target.by == "2022-12" and item.year_end_target.value == 45
    gap = indicator_gap(item)
    assert (gap.to_target, gap.to_frontier) == (-4.92, 5)
    assert gap.to_target_pct == pytest.approx(-9.855769)
    assert (gap.improving, gap.meets_frontier) == (True, True)


def test_a_qualitative_target_gives_no_figures(real_indicators):
    # Source lines 927-931: 办理时间 0.5 (baseline), 12-month target 即时办结, frontier 0.5.
    item = real_indicators["07.i6"]
    assert item.year_end_target.raw == "即时办结" and item.year_end_target.value is None
    gap = indicator_gap(item)
    assert gap[:6] == (None, None, None, None, None, None)
    assert gap.to_target_why == "the target states no number"


def test_the_tax_payments_cut_is_a_change_with_no_level(real_indicators):
    # Source line 1098: 2022年6月，纳税次数同比压缩0.25次 — a change, lower is better; no level is printed.
    item = real_indicators["09.i1"]
    assert item.direction == "lower"
    target = item.year_end_target
    assert (target.raw, target.value, target.change, target.change_unit) == ("同比压缩0.25次", -0.25, "year-on-year", "次")
    gap = indicator_gap(item)
    assert gap.to_target is None and gap.target_level is None and gap.improving is True


def test_procurement_financing_grows_50_percent_from_its_2021_baseline(real_indicators):
    # Source line 2259: 2021年实现合同融资7923.6万元 … 力争2022年 增长50%以上.
    gap = indicator_gap(real_indicators["15.i4"])
    assert (gap.target_level, gap.to_target, gap.to_target_pct) == (11885.4, 3961.8, 50.0)
    assert gap.improving is True


def test_a_negative_baseline_gives_the_percentage_of_its_size_so_the_sign_follows_the_move():
    # to_target_pct = (t − b) / |b| × 100 (the module docstring, docs/json.md): a net outflow of
    # −20 brought to −10 rises by 10, which is 50 % of the baseline's size, and reads +50, a rise;
    # dividing by b itself would print −50 and turn the rise into a fall.
    gap = indicator_gap(indicator("higher", -20, [("2022-12", -10)]))
    assert gap.to_target == 10
    assert gap.to_target_pct == 50.0
    assert gap.improving is True
    # And a fall from a negative level reads as a fall: −20 to −25 is −25 %.
    assert indicator_gap(indicator("higher", -20, [("2022-12", -25)])).to_target_pct == -25.0
