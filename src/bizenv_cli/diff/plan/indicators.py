"""Comparing an indicator: its name, unit and direction, its baseline, targets and frontier.

A changed number is judged by the indicator's direction (lower or higher is better): a target
tightens or loosens, a baseline or frontier gets better or worse, and the detail says by how much.
Targets are matched by the month they are due (`by`), not by their place in the list. The
completion time (完成时限) is the indicator's deadline: its month moves, is added or is removed as a
measure's milestone does, by the days between the months' last days.
"""

from __future__ import annotations

from typing import Any

from bizenv_cli.diff.plan.findings import Findings
from bizenv_cli.diff.plan.measures import days_moved
from bizenv_cli.diff.plan.responsibilities import diff_responsibility
from bizenv_cli.diff.plan.text import same_meaning
from bizenv_cli.model.periods import PeriodError, parse_period
from bizenv_cli.model.wording import Phrase

# What diff_indicator compares itself; anything else of an indicator goes to the generic walk.
_INDICATOR_KEYS = frozenset({"id", "name", "phrase", "baseline", "targets", "frontier", "responsible", "lead",
                             "unit", "direction", "completion"})


def diff_indicator(found: Findings, indicator_id: str, old: dict, new: dict) -> None:
    for key in ("name", "phrase"):
        found.text(indicator_id, (key,), old.get(key), new.get(key))
    # A unit and a direction are read whole (lower → higher), not as changed characters.
    found.whole(indicator_id, ("unit", "direction"), old, new)
    # Judged by the new direction: a reviewer asks whether the plan as it now stands got stricter.
    direction, unit = new.get("direction"), new.get("unit")
    _diff_value(found, indicator_id, ("baseline",), old.get("baseline"), new.get("baseline"), direction, unit)
    before, after = _targets_by_month(old), _targets_by_month(new)
    for month in sorted(set(before) | set(after)):
        path = (f"targets[{month}]",)
        if month not in after:
            found.add("target-removed", indicator_id, path, _value_text(before[month]), None)
        elif month not in before:
            found.add("target-added", indicator_id, path, None, _value_text(after[month]))
        else:
            _diff_value(found, indicator_id, path, before[month], after[month], direction, unit, target=True)
    _diff_value(found, indicator_id, ("frontier",), old.get("frontier"), new.get("frontier"), direction, unit)
    _diff_completion(found, indicator_id, old.get("completion") or {}, new.get("completion") or {})
    for key in ("lead", "responsible"):
        if not same_meaning(old.get(key), new.get(key)):
            diff_responsibility(found, indicator_id, key, old.get(key), new.get(key))
    found.walk(indicator_id, (), old, new, skip=_INDICATOR_KEYS)


def _diff_completion(found: Findings, indicator_id: str, old: dict, new: dict) -> None:
    """The completion time as printed (inline), then its month as a dated move: a reviewer reads
    2022-12 → 2022-06 as the indicator due half a year sooner, as with a measure's deadline, not as
    two characters of text that changed."""
    path = ("completion",)
    found.text(indicator_id, path + ("raw",), old.get("raw"), new.get("raw"))
    was, now = old.get("by"), new.get("by")
    if was is None and now is not None:
        found.add("milestone-added", indicator_id, path + ("by",), None, now)
    elif now is None and was is not None:
        found.add("milestone-removed", indicator_id, path + ("by",), was, None)
    elif was != now:
        found.add("milestone-moved", indicator_id, path + ("by",), was, now, days_moved(_last_day(was), _last_day(now)))
    found.walk(indicator_id, path, old, new, skip=frozenset({"raw", "by"}))


def _last_day(month: str) -> str | None:
    # Due by the month's end, as a deadline of 2022年12月 is a milestone on 2022-12-31.
    try:
        return parse_period(month).last.isoformat()
    except PeriodError:
        return None


def _targets_by_month(indicator: dict) -> dict[str, dict]:
    targets: dict[str, dict] = {}
    for target in indicator.get("targets") or []:
        month, copy = str(target.get("by")), 2
        while month in targets:  # two targets for one month: keep both, apart
            month = f"{target.get('by')}#{copy}"
            copy += 1
        targets[month] = target
    return targets


def _diff_value(found: Findings, owner: str, path: tuple, old: dict | None, new: dict | None,
                direction: str | None, unit: str | None, target: bool = False) -> None:
    old, new = old or {}, new or {}
    found.text(owner, path + ("raw",), old.get("raw"), new.get("raw"), kind="raw-changed")
    was, now = old.get("value"), new.get("value")
    if not same_meaning(was, now):
        # A target printed as a change (同比压缩0.5次) holds a signed change, not a level: two changes
        # on the same basis compare in the change's unit; a level and a change do not compare.
        if old.get("change") != new.get("change"):
            judgement = None
        else:
            judgement = _judge(was, now, direction, new.get("change_unit") or unit, target)
        found.add("value-changed", owner, path + ("value",), was, now, judgement)
    found.walk(owner, path, old, new, skip=frozenset({"raw", "value", "by"}))


def _judge(old: Any, new: Any, direction: str | None, unit: str | None, target: bool) -> str | None:
    """Whether a new number is stricter: for a target, tightens/loosens; for a baseline or frontier, better/worse."""
    if not _is_number(old) or not _is_number(new) or direction not in ("lower", "higher"):
        return None
    better = new < old if direction == "lower" else new > old
    change = ("+" if new > old else "") + _number(new - old) + (f" {unit}" if unit else "")
    # Phrases, which a diff in Chinese says in Chinese (outputs/words.py), {direction} in its words.
    if target:
        return (Phrase("tightens ({change}; {direction} is better)", change=change, direction=direction) if better
                else Phrase("loosens ({change}; {direction} is better)", change=change, direction=direction))
    return (Phrase("better ({change}; {direction} is better)", change=change, direction=direction) if better
            else Phrase("worse ({change}; {direction} is better)", change=change, direction=direction))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _value_text(value: dict) -> str | None:
    raw, number = value.get("raw"), value.get("value")
    if number is None:
        return raw
    return f"{raw} ({_number(number)})" if raw is not None else _number(number)


def _number(value: float) -> str:
    # round() hides float noise (1 - 0.9 = 0.09999999999999998) without :g's exponent for big numbers.
    value = round(value, 9)
    return str(int(value)) if float(value).is_integer() else repr(value)

