"""Loading the package: from the store or the files, the same plans, measures and rows; a changed file is never stale."""

from __future__ import annotations

from datetime import date

from bizenv_cli.files.datadir import DataDir
from bizenv_cli.store.package import load_package


def test_a_changed_file_is_read_again_not_served_from_the_store(data_copy, private_cache):
    data_dir = DataDir(data_copy, "option")
    first = load_package(data_dir)
    assert first.plan(2).title == "平顶山市企业开办优化提升专项行动方案"
    assert list(private_cache.glob("*.sqlite")), "the first load fills the store"

    path = data_copy / "plans" / "02-starting-a-business.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: 平顶山市企业开办优化提升专项行动方案", "title: 企业开办", 1), encoding="utf-8")
    assert load_package(data_dir).plan(2).title == "企业开办"


def test_the_store_gives_what_the_files_give(data_copy, private_store):
    data_dir = DataDir(data_copy, "option")
    uncached = load_package(data_dir, use_cache=False)
    load_package(data_dir)  # checks the files against the store
    cached = load_package(data_dir)
    assert [p.measures for p in cached.plans] == [p.measures for p in uncached.plans]
    assert [p.indicators for p in cached.plans] == [p.indicators for p in uncached.plans]
    assert [p.document for p in cached.plans] == [p.document for p in uncached.plans]
    assert [d.id for d in cached.registry] == [d.id for d in uncached.registry]
    assert len(cached.plans) == 29 and len(cached.measures()) == 408
    assert cached.measure("04.01").deadline.milestones[0].date == date(2022, 3, 31)


def test_the_store_gives_the_files_the_export_writes(data_copy, private_store):
    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)
    assert load_package(data_dir).sources() == load_package(data_dir, use_cache=False).sources()


DUE_QUERIES = [
    ("--before", "2022-06"),
    ("--in", "2022-09", "--dept", "tax"),
    ("--by", "2022-12", "--dept", "county-governments", "--dept", "finance", "--role", "lead"),
    ("--after", "2022-03", "--plan", "4", "--plan", "9", "--include-ongoing"),
    ("--by", "2022-12", "--status", "ongoing", "--grep", "台账"),
    ("--by", "2022-12", "--status", "done", "--status", "overdue"),
    ("--in", "2030",),  # empty: the note about where the milestones are comes from every measure
]


def test_due_answers_the_same_from_the_store_and_from_every_file(data_copy, private_store, runner, monkeypatch):
    from conftest import invoke

    monkeypatch.setenv("BIZENV_DATA", str(data_copy))
    invoke(runner, "due", "--before", "2022-06")  # checks the files against the store
    for query in DUE_QUERIES:
        args = ("due", *query, "--as-of", "2022-05-15", "--format", "json")
        indexed, full = invoke(runner, *args), invoke(runner, "--no-cache", *args)
        assert (indexed.exit_code, indexed.stdout, indexed.stderr) == (full.exit_code, full.stdout, full.stderr), query


def test_plan_references_come_from_the_store_without_decoding_a_plan(data_copy, private_store):
    data_dir = DataDir(data_copy, "option")
    full = load_package(data_dir, use_cache=False)
    load_package(data_dir)
    indexed = load_package(data_dir)
    refs = indexed.plan_refs()
    assert indexed._plans is None
    assert refs == [(plan.number, plan.id, plan.slug) for plan in full.plans] == full.plan_refs()
    assert refs[3] == (4, "04", "getting-electricity")
