"""`gaps` reads each plan's indicators and their owners from the folder's cache, decodes no plan on a
warm run, decodes only an edited plan after an edit, and never answers from a damaged entry."""

from __future__ import annotations

import json
import re

import pytest

from bizenv_cli.store import cache

from bizenv_cli.model import records as model
from bizenv_cli.files.datadir import DataDir
from bizenv_cli.store.package import load_package
from conftest import invoke


@pytest.fixture
def decoded_plans(monkeypatch):
    """The numbers of the plans built into model objects (Plan.from_document) during a test."""
    built: list[int] = []
    real = model.Plan.from_document.__func__

    def counting(cls, doc):
        built.append(doc["document"])
        return real(cls, doc)

    monkeypatch.setattr(model.Plan, "from_document", classmethod(counting))
    return built


def owned(data_dir):
    package = load_package(DataDir(data_dir, "option"))
    return [(indicator.id, owners) for indicator, owners in package.owned_indicators()]


def worked_out(data_dir):
    """The same answer from the plans themselves, as gap_rows(plans, ...) works it out."""
    from bizenv_cli.model.owners import indicator_owners

    package = load_package(DataDir(data_dir, "option"), use_cache=False)
    return [(indicator.id, indicator_owners(plan, indicator)) for plan in package.plans for indicator in plan.indicators]


def test_the_cached_owners_are_the_rules_own_answer_for_every_indicator(data_copy, private_cache):
    first = owned(data_copy)  # fills the entry
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

    # A comment appended: the plan's content (and so its cache key) changes, its meaning does not.
    path = data_copy / "plans" / "11-getting-credit.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# an edit\n", encoding="utf-8")
    edited = invoke(runner, "--data", str(data_copy), "gaps", "--format", "json")
    assert edited.stdout == cold.stdout
    assert set(decoded_plans) == {11}, "only the edited plan is decoded again"


def test_owners_follow_an_edit_to_the_measures_that_name_an_indicator(data_copy, private_cache, runner):
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
    assert cached.exit_code == 0 and cached.stdout == uncached.stdout, "the cache answers as a run without it"
    after = {row["id"]: row for row in json.loads(cached.stdout)}
    assert all(after[row_id]["departments_from"] != "plan" for row_id in by_plan_rule)


def test_a_damaged_or_foreign_indicators_entry_is_not_believed(data_copy, private_cache):
    right = owned(data_copy)
    (entry,) = private_cache.glob("*.indicators")
    blob = bytearray(entry.read_bytes())
    blob[-5] ^= 0x01
    entry.write_bytes(bytes(blob))
    assert owned(data_copy) == right
    # An entry that verifies but was written under another rule version is rebuilt, not used.
    import marshal

    payload = cache.read(entry.name)
    stored = marshal.loads(payload)
    stored["plans"] = {key: (documents, tuple(([], None) for _ in owners))
                       for key, (documents, owners) in stored["plans"].items()}
    stored["version"] = "an older rule"
    assert cache.write(entry.name, marshal.dumps(stored))
    assert owned(data_copy) == right


def test_a_warm_departments_counts_indicators_from_the_cached_owners(data_copy, private_cache, runner, monkeypatch):
    """`departments` counts each body's indicators as `gaps --dept` lists them, from the owners the
    folder index keeps: a warm run works out no owner again, and says what a run without the cache says."""
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
