"""Who an indicator belongs to (model/owners.py, INDICATOR_OWNERS), on real indicators checked against the source."""

from __future__ import annotations

from bizenv_cli.model.owners import indicator_owners


def owners_of(package, indicator_id: str):
    plan = package.plan(int(indicator_id[:2]))
    return indicator_owners(plan, next(item for item in plan.indicators if item.id == indicator_id))


def test_a_name_with_a_trailing_bracketed_unit_is_looked_for_without_it(package):
    # Source line 432: the row 环节（个） of document 3's table, which has no 责任单位 column. The
    # measures rule looks for 环节 (the unit dropped), which only measure 03.01 names (line 376:
    # 进一步精简审批环节), whose line 379 reads 市住房和城乡建设局牵头，市自然资源和规划局等部门配合.
    assert owners_of(package, "03.i6") == (["housing-urban-rural", "natural-resources-planning"], "measures")


def test_the_plan_rule_takes_the_bodies_every_measure_names_not_some(package):
    # Document 7's responsibility lines (890, 893, 896, 899, 902, 905) all start 市自然资源和规划局牵头;
    # 市财政局 is missing from 893 and 902, 市税务局 from 905. 07.i1 (一般登记业务) is named by no measure.
    assert owners_of(package, "07.i1") == (["natural-resources-planning"], "plan")
