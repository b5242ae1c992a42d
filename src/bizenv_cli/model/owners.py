"""Who an indicator belongs to: the bodies `gaps --dept` finds it under, and the rule that named them.

The rule depends on the indicator's own plan and nothing else, so the store keeps each answer
beside the indicator (its indicator_owners table, docs/store.md): `gaps` then neither decodes the
plans' measures nor folds their text on every run.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bizenv_cli.model.records import Indicator, Plan
from bizenv_cli.model.textfold import fold

INDICATOR_OWNERS = """Which bodies an indicator belongs to (docs/data-format.md, "Who an indicator
belongs to"), the first rule that names any body:
    table     the bodies in the indicator's own 责任单位 / 牵头单位 cells, where its table has them;
    measures  else the bodies responsible for the measures of its plan whose title or text names
              the indicator (its name, a trailing bracketed unit such as （次数） dropped, compared
              as search compares text);
    plan      else the bodies named in every measure of its plan (plan 9's 市税务局);
    else none: nothing beyond these rules is guessed."""

# (body ids, the rule that gave them: "table", "measures", "plan" or None)
Owners = tuple[list[str], "str | None"]

_TRAILING_UNIT = re.compile(r"[（(][^（）()]*[）)]$")


def indicator_owners(plan: Plan, indicator: Indicator) -> Owners:
    """The ids of the bodies an indicator belongs to, and the rule that gave them (INDICATOR_OWNERS)."""
    own = indicator.department_ids()
    if own:
        return own, "table"
    name = fold(_TRAILING_UNIT.sub("", indicator.name)) or fold(indicator.name)
    naming = [measure for measure in plan.measures
              if name and name in _folded_measure_text(measure.title, measure.text)]
    ids = list(dict.fromkeys(body_id for measure in naming for body_id in measure.responsible.department_ids()))
    if ids:
        return ids, "measures"
    common = _bodies_in_every_measure(plan)
    return (common, "plan") if common else ([], None)


def owned_indicators(plans) -> list[tuple[Indicator, Owners]]:
    """Every indicator of these plans with its owners, in their order."""
    return [(indicator, indicator_owners(plan, indicator)) for plan in plans for indicator in plan.indicators]


def plan_owners(plan: Plan) -> list[Owners]:
    """indicator_owners of each indicator of the plan, in its order."""
    return [indicator_owners(plan, indicator) for indicator in plan.indicators]


@lru_cache(maxsize=4096)
def _folded_measure_text(title: str | None, text: str) -> str:
    # Folded once per measure, not once for each indicator of its plan: the owners of every
    # indicator are found when the store is filled, and folding (NFKC) a plan's every text again for
    # each of them repeats the same work per indicator (docs/performance.md, "Speed tricks kept").
    return fold(" ".join(part for part in (title, text) if part))


def _bodies_in_every_measure(plan: Plan) -> list[str]:
    if not plan.measures:
        return []
    first, *rest = (measure.responsible.department_ids() for measure in plan.measures)
    return [body_id for body_id in first if all(body_id in ids for ids in rest)]
