"""The one rule for the ids a mistyped id may stand for (model/item_ids.near_ids), which `show` and
the work ledger's messages name after `did you mean`; checked on the real plans' ids."""

from __future__ import annotations

from bizenv_cli.model.item_ids import near_ids


def all_ids(package) -> list[str]:
    return [item.id for plan in package.plans for item in (*plan.measures, *plan.indicators)]


def test_a_dropped_or_added_zero_names_both_ids_it_may_stand_for(package):
    # Document 9 numbers its measures 09.01 to 09.22: 09.2 is none of them, and is 09.02 with its
    # leading zero dropped or 09.20 with its trailing one (as a spreadsheet drops it).
    assert near_ids("09.2", all_ids(package)) == ["09.02", "09.20"]
    assert near_ids("9.1", all_ids(package)) == ["09.01", "09.10"]
    assert near_ids("09.002", all_ids(package)) == ["09.02"]


def test_only_ids_of_the_same_plan_and_kind_are_near(package):
    # 9.i1 names document 9's indicator 09.i1, never its measures 09.01 or 09.10, nor 09.i10 (an
    # indicator's id is a text no spreadsheet shortens: trailing zeros are a measure's alone); 10.2
    # names 10.02 alone, since document 10 has fewer than 20 measures (09.20 is another plan's).
    assert near_ids("9.i1", all_ids(package)) == ["09.i1"]
    assert near_ids("9.1", all_ids(package)) == ["09.01", "09.10"]
    assert near_ids("10.2", all_ids(package)) == ["10.02"]
    # Document 9 has 22 measures and 17 indicators: nothing is near 09.99 or 09.i99.
    assert near_ids("09.99", all_ids(package)) == [] and near_ids("09.i99", all_ids(package)) == []


def test_the_ids_near_are_listed_in_id_order_whatever_order_they_are_given_in():
    assert near_ids("09.2", ["09.20", "09.i2", "09.02", "09.12"]) == ["09.02", "09.20"]


def test_a_milestone_stands_for_its_measure_and_nothing_else_does():
    assert near_ids("09.02#1", ["09.01", "09.02"]) == ["09.02"]
    assert near_ids("09.i1#1", ["09.i1"]) == [] and near_ids("09.02#x", ["09.02"]) == []
    assert near_ids("tax", ["09.02"]) == [] and near_ids("", ["09.02"]) == []
