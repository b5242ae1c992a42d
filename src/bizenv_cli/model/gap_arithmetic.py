"""The gap arithmetic of an indicator (docs/data-format.md): how far the year's target moves it, and how far
that target still is from the national frontier (国内前沿水平).

With b = baseline, t = the level the year-end target sets (the last target by month; or, for
`gaps --by M`, the last target due by month M) and f = the frontier:

    to_target      = t − b                    in the indicator's unit
    to_target_pct  = (t − b) / |b| × 100      a percentage (−47.9 means "47.9 % less"), not a ratio;
                                              null when b is 0
    to_frontier    = f − t                    in the indicator's unit
    improving      = t < b if lower is better, t > b if higher is better (no move is not improving)
    meets_frontier = t ≤ f if lower is better, t ≥ f if higher is better

A level target sets t = its value. A change target (同比压缩0.5次: value −0.5, change_unit 次) sets a
level only from a printed baseline: t = b + change when the change is in the indicator's unit (or
in 百分点 of a unit of %), t = b × (1 + change / 100) when it is in % of the level. Without a
baseline t is null, and so is every figure that needs it; `improving` is then read from the
change's sign alone (a fall is better when lower is better).

A figure is null (never 0) when any value it needs is not a number (进一步提升, 即时办结, --, an
empty cell); `improving` and `meets_frontier` are also null when the direction is null, since
"better" cannot be said. The differences need no direction and are given whenever both numbers are.
When to_target is null, `to_target_why` says why (a wording.Phrase: English text that a file in
Chinese says in Chinese).
"""

from __future__ import annotations

from typing import NamedTuple

from bizenv_cli.model.changes import change_text
from bizenv_cli.model.records import Indicator, Target
from bizenv_cli.model.wording import Phrase

_YEAR_END = object()  # "the indicator's own year-end target", told apart from an explicit None

# Floats such as 0.5 − 0.96 print as -0.45999999999999996; six decimals are more than any source
# value has, and keep the figures readable in JSON.
_DECIMALS = 6


class Gap(NamedTuple):
    to_target: float | None
    to_target_pct: float | None
    to_frontier: float | None
    improving: bool | None
    meets_frontier: bool | None
    target_level: float | None = None  # t: the level the target sets
    to_target_why: str | None = None   # why to_target is null; None when it is a number


class Level(NamedTuple):
    value: float | None
    why: str | None  # why value is null; None when it is a number


def _number(value: object) -> float | None:
    # bool is an int in Python; a true/false slipping into a value is no number.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def _tidy(value: float | None) -> float | None:
    return round(value, _DECIMALS) if isinstance(value, float) else value


def _better(direction: str | None, new: float | None, old: float | None, or_equal: bool) -> bool | None:
    if direction not in ("lower", "higher") or new is None or old is None:
        return None
    if new == old:
        return or_equal
    return new < old if direction == "lower" else new > old


def target_level(indicator: Indicator, target: Target | None) -> Level:
    """The level a target sets: a level target's value; a change target applied to the printed
    baseline; null, with the reason, when no number can be said."""
    if target is None:
        return Level(None, Phrase("no target to compare against"))
    value = _number(target.value)
    if value is None:
        return Level(None, Phrase("the target cell is empty") if target.raw is None
                     else Phrase("the target states no number"))
    if not target.is_change:
        return Level(value, None)
    change = change_text(value, target.change, target.change_unit)
    baseline = _number(indicator.baseline.value)
    if baseline is None:
        return Level(None, Phrase("the target is a change ({change}) and no baseline is printed to apply it to",
                                  change=change)
                     if indicator.baseline.raw is None else
                     Phrase("the target is a change ({change}) and the baseline states no number", change=change))
    if target.change_unit in ("%", "％"):  # a share of the level: 压缩8% of 69.31小时
        return Level(_tidy(baseline * (1 + value / 100)), None)
    if target.change_unit == indicator.unit or (target.change_unit == "百分点" and indicator.unit in ("%", "％")):
        return Level(_tidy(baseline + value), None)
    return Level(None, Phrase("the target is a change in {change_unit}, the baseline is in {unit}",
                              change_unit=target.change_unit, unit=indicator.unit or Phrase("no printed unit")))


def indicator_gap(indicator: Indicator, target: "Target | None | object" = _YEAR_END) -> Gap:
    """The gap figures against the year-end target, or against `target` when given (`gaps --by`:
    the target due by a month; None when none is, and every figure is null)."""
    baseline = _number(indicator.baseline.value)
    chosen = indicator.year_end_target if target is _YEAR_END else target
    level = target_level(indicator, chosen)
    target = level.value
    frontier = _number(indicator.frontier.value)

    to_target = target - baseline if target is not None and baseline is not None else None
    to_target_pct = to_target / abs(baseline) * 100 if to_target is not None and baseline else None
    to_frontier = frontier - target if frontier is not None and target is not None else None
    if target is None and chosen is not None and chosen.is_change:
        # No level to compare, but the change's sign says whether it moves the right way.
        improving = _better(indicator.direction, _number(chosen.value), 0, or_equal=False)
    else:
        improving = _better(indicator.direction, target, baseline, or_equal=False)
    if to_target is not None:
        why = None
    elif level.why:
        why = level.why
    else:
        why = (Phrase("no baseline is printed") if indicator.baseline.raw is None
               else Phrase("the baseline states no number"))
    return Gap(
        to_target=_tidy(to_target),
        to_target_pct=_tidy(to_target_pct),
        to_frontier=_tidy(to_frontier),
        improving=improving,
        meets_frontier=_better(indicator.direction, target, frontier, or_equal=True),
        target_level=target,
        to_target_why=why,
    )
