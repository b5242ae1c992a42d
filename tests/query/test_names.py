"""A department or a plan named as people type it, resolved by the library (query/names.py): the
one it names, or the candidates, or the nearest names, with no command line in between."""

from __future__ import annotations

import pytest

from bizenv_cli.files.datadir import find_data_dir
from bizenv_cli.query.names import (Ambiguous, NameNotResolved, NoMatch, department_suggestions, find_department,
                                    find_plan_number)
from bizenv_cli.store.package import load_package
from conftest import DATA


@pytest.fixture(scope="module")
def package():
    return load_package(find_data_dir(DATA))


@pytest.mark.parametrize("query", ["tax", "TAX", "市税务局", "税务局"])
def test_a_department_by_id_name_or_part_of_one(package, query):
    assert find_department(package.registry, query).id == "tax"


def test_brackets_typed_half_width_name_the_full_width_body(package):
    assert find_department(package.registry, "各县(市、区)人民政府").name == "各县（市、区）人民政府"


def test_a_half_width_name_that_is_also_part_of_longer_names_names_its_own_body(package):
    # 各县（市、区） (counties) is printed as itself and inside 各县（市、区）人民政府 and others: typed
    # half-width it names the body spelled so, not every body whose name holds it.
    assert find_department(package.registry, "各县(市、区)").name == "各县（市、区）"


def test_a_misspelt_department_suggests_the_nearest(package):
    with pytest.raises(NoMatch) as raised:
        find_department(package.registry, "市税物局")
    assert [body.id for body in raised.value.suggestions] == ["tax"]
    assert str(raised.value) == "no department matches '市税物局'; did you mean 市税务局?"
    assert raised.value.query == "市税物局"


def test_a_misspelt_part_of_a_name_suggests_its_body(package):
    # --dept takes a part of a name (税务局 for 市税务局): a typo in the part is near the part, not
    # the whole name, so it was told "no department matches" with nothing suggested.
    with pytest.raises(NoMatch) as raised:
        find_department(package.registry, "税物局")
    assert [body.id for body in raised.value.suggestions] == ["tax"]
    assert department_suggestions(package.registry, "公按局") == [find_department(package.registry, "公安局")]
    assert department_suggestions(package.registry, "不存在") == []


def test_a_name_like_none_suggests_nothing(package):
    with pytest.raises(NoMatch) as raised:
        find_department(package.registry, "no-such-body-xyz")
    assert raised.value.suggestions == []
    assert department_suggestions(package.registry, "no-such-body-xyz") == []


def test_a_part_of_many_names_lists_them_in_registry_order(package):
    with pytest.raises(Ambiguous) as raised:
        find_department(package.registry, "市")
    matches = raised.value.matches
    assert len(matches) > 12 and all(any("市" in spelling for spelling in body.spellings) for body in matches)
    order = [body.id for body in package.registry]
    assert [body.id for body in matches] == sorted((body.id for body in matches), key=order.index)
    assert isinstance(raised.value, NameNotResolved) and isinstance(raised.value, LookupError)


@pytest.mark.parametrize("text", ["9", "09", "paying-taxes", "09-paying-taxes", "纳税", " Paying-Taxes "])
def test_a_plan_by_number_id_slug_or_title(package, text):
    assert find_plan_number(package, text) == 9


def test_a_title_part_of_several_plans_lists_them(package):
    with pytest.raises(Ambiguous) as raised:
        find_plan_number(package, "办理")
    assert [plan.number for plan in raised.value.matches] == [3, 10]
    assert all("办理" in plan.title for plan in raised.value.matches)


def test_a_misspelt_slug_suggests_the_nearest(package):
    with pytest.raises(NoMatch) as raised:
        find_plan_number(package, "paying-taxe")
    assert raised.value.suggestions == ["paying-taxes"]


def test_a_plan_number_out_of_range_is_no_match(package):
    with pytest.raises(NoMatch) as raised:
        find_plan_number(package, str(len(package.plans) + 1))
    assert raised.value.suggestions == []


@pytest.mark.parametrize("text", ["0", "202", "2022", " 2022"])
def test_a_number_names_a_plan_by_its_number_never_by_its_title(package, text):
    # Plan 1's title holds 2022 (平顶山市2022年...): 0 and 202 had found it as a part of one title.
    assert any(text.strip() in plan.title for plan in package.plans)
    with pytest.raises(NoMatch):
        find_plan_number(package, text)
