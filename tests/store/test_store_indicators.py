"""`gaps` reads each indicator and its owners from the store, decodes no plan on a warm run, decodes
only an edited plan after an edit, and never answers from a damaged row."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from bizenv_cli.files.datadir import DataDir
from bizenv_cli.store.package import load_package
from conftest import invoke


def owned(data_dir):
    package = load_package(DataDir(data_dir, "option"))
    return [(indicator.id, owners) for indicator, owners in package.owned_indicators()]


def worked_out(data_dir):
    """The same answer from the plans themselves, as gap_rows(plans, ...) works it out."""
    from bizenv_cli.model.owners import indicator_owners

    package = load_package(DataDir(data_dir, "option"), use_cache=False)
    return [(indicator.id, indicator_owners(plan, indicator)) for plan in package.plans for indicator in plan.indicators]


def test_the_stored_owners_are_the_rules_own_answer_for_every_indicator(data_copy, private_store):
    first = owned(data_copy)  # checks the files against the store
    again = owned(data_copy)  # reads it
    assert first == again == worked_out(data_copy)
    assert len(first) == 189
    rules = {owners[1] for _, owners in first}
    assert rules == {"table", "measures", "plan", None}, "the real data exercises every rule"


def test_a_warm_gaps_decodes_no_plan_and_an_edit_decodes_only_the_edited_one(data_copy, private_cache, runner,
                                                                            decoded_plans):
    cold = invoke(runner, "--data", str(data_copy), "gaps", "--format", "json")
    assert cold.exit_code == 0
    decoded_plans.clear()
    warm = invoke(runner, "--data", str(data_copy), "gaps", "--format", "json")
    assert warm.stdout == cold.stdout
    assert decoded_plans == [], "a warm gaps builds no plan"

    # A comment appended: the plan's content (and so its content hash) changes, its meaning does not.
    path = data_copy / "plans" / "11-getting-credit.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# an edit\n", encoding="utf-8")
    edited = invoke(runner, "--data", str(data_copy), "gaps", "--format", "json")
    assert edited.stdout == cold.stdout
    assert set(decoded_plans) == {11}, "only the edited plan is decoded again"


def test_owners_follow_an_edit_to_the_measures_that_name_an_indicator(data_copy, private_store, runner):
    before = {row["id"]: row for row in json.loads(invoke(runner, "--data", str(data_copy), "gaps", "--plan", "9",
                                                          "--format", "json").stdout)}
    by_plan_rule = {row_id for row_id, row in before.items() if row["departments_from"] == "plan"}
    assert by_plan_rule, "some of plan 9's indicators belong to 市税务局 by the plan rule"
    # Every measure of plan 9 names 市税务局; one that does not breaks the "plan" rule for all of plan 9.
    path = data_copy / "plans" / "09-paying-taxes.yaml"
    text = path.read_text(encoding="utf-8")
    first_body = re.search(r"(?m)^( +- name: )市税务局\n( +)id: tax\n( +)role: (\w+)\n", text)
    assert first_body, "plan 9's first measure names 市税务局"
    text = text.replace(first_body.group(0), f"{first_body.group(1)}市财政局\n{first_body.group(2)}id: finance\n"
                                             f"{first_body.group(3)}role: {first_body.group(4)}\n", 1)
    path.write_text(text, encoding="utf-8")
    uncached = invoke(runner, "--data", str(data_copy), "--no-cache", "gaps", "--plan", "9", "--format", "json")
    cached = invoke(runner, "--data", str(data_copy), "gaps", "--plan", "9", "--format", "json")
    assert cached.exit_code == 0 and cached.stdout == uncached.stdout, "the store answers as a run without it"
    after = {row["id"]: row for row in json.loads(cached.stdout)}
    assert all(after[row_id]["departments_from"] != "plan" for row_id in by_plan_rule)


@pytest.mark.parametrize("damage", [
    "UPDATE indicator_owners SET department = 'finance' WHERE indicator = '09.i1' AND position = 1",
    "UPDATE indicator_owners SET rule = 'table' WHERE indicator = '09.i1'",
    "DELETE FROM indicator_owners WHERE indicator = '09.i1'",
    "UPDATE indicators SET document = replace(document, '\"seq\":1', '\"seq\":2') WHERE id = '09.i1'",
])
def test_a_damaged_indicator_or_owner_is_not_believed(data_copy, private_store, damage):
    right = owned(data_copy)
    (path,) = private_store.glob("*.sqlite")
    db = sqlite3.connect(path)
    with db:
        assert db.execute(damage).rowcount >= 1
    db.close()
    assert owned(data_copy) == right


def test_a_warm_departments_counts_indicators_from_the_cached_owners(data_copy, private_cache, runner, monkeypatch):
    """`departments` counts each body's indicators as `gaps --dept` lists them, from the owners the
    store keeps: a warm run works out no owner again, and says what a run without the store says."""
    from bizenv_cli.model import owners

    args = ["--data", str(data_copy), "departments", "--format", "json"]
    cold = invoke(runner, *args)
    assert cold.exit_code == 0 and cold.stdout == invoke(runner, "--no-cache", *args).stdout
    worked_out_again: list[str] = []
    real = owners.indicator_owners

    def counting(plan, indicator):
        worked_out_again.append(indicator.id)
        return real(plan, indicator)

    monkeypatch.setattr(owners, "indicator_owners", counting)
    warm = invoke(runner, *args)
    assert warm.stdout == cold.stdout
    assert worked_out_again == []
    assert any(row["indicators"] for row in json.loads(warm.stdout))
