"""Loading the package: cached or not, the same plans, measures and rows; a changed file is never stale."""

from __future__ import annotations

from datetime import date

from bizenv_cli.files.datadir import DataDir
from bizenv_cli.store.package import load_package
from bizenv_cli.model.periods import parse_period, window
from bizenv_cli.query.queries import MeasureFilter, due_rows, select_measures


def test_a_changed_file_is_read_again_not_served_from_the_cache(data_copy, private_cache):
    data_dir = DataDir(data_copy, "option")
    first = load_package(data_dir)
    assert first.plan(2).title == "平顶山市企业开办优化提升专项行动方案"
    assert list(private_cache.iterdir()), "the first load fills the cache"

    path = data_copy / "plans" / "02-starting-a-business.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: 平顶山市企业开办优化提升专项行动方案", "title: 企业开办", 1), encoding="utf-8")
    assert load_package(data_dir).plan(2).title == "企业开办"


def test_the_cache_gives_what_the_files_give(data_copy, private_cache):
    data_dir = DataDir(data_copy, "option")
    uncached = load_package(data_dir, use_cache=False)
    load_package(data_dir)  # fills the cache
    cached = load_package(data_dir)
    assert [p.measures for p in cached.plans] == [p.measures for p in uncached.plans]
    assert [p.indicators for p in cached.plans] == [p.indicators for p in uncached.plans]
    assert [p.document for p in cached.plans] == [p.document for p in uncached.plans]
    assert [d.id for d in cached.registry] == [d.id for d in uncached.registry]
    assert len(cached.plans) == 29 and len(cached.measures()) == 408
    assert cached.measure("04.01").deadline.milestones[0].date == date(2022, 3, 31)


WINDOWS = [dict(before="2022-06"), dict(by="2022-12"), dict(within="2022-09"), dict(after="2022-10"),
           dict(after="2022-03", before="2022-07"), dict()]
FILTERS = [(None, None), (4, None), (None, "tax"), (2, "market-regulation"),
           (None, frozenset({"tax", "market-regulation"}))]  # a set of ids, as Registry.scope gives


def test_due_from_the_milestone_index_gives_the_rows_of_a_full_scan(data_copy, private_cache):
    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)
    full = load_package(data_dir, use_cache=False)
    as_of = date(2022, 5, 15)
    for dates in WINDOWS:
        chosen = window(**{k: parse_period(v) for k, v in dates.items()})
        for plan, department in FILTERS:
            for ongoing in (False, True):
                expected = due_rows(select_measures(full.plans, MeasureFilter(plan=plan, department=department)),
                                    chosen, as_of, None, ongoing)
                indexed = load_package(data_dir)  # warm: plans not decoded, the index answers
                candidates = indexed.due_candidates(chosen, plan=plan, department=department, with_ongoing=ongoing)
                assert indexed._plans is None, "due read the index, not every plan"
                assert due_rows(candidates, chosen, as_of, None, ongoing) == expected, (dates, plan, department)
                # The same answer from a package whose plans are decoded (the fallback path).
                assert due_rows(full.due_candidates(chosen, plan=plan, department=department, with_ongoing=ongoing),
                                chosen, as_of, None, ongoing) == expected
    assert any(due_rows(indexed.due_candidates(window(before=parse_period("2022-06"))),
                        window(before=parse_period("2022-06")), as_of))


DUE_QUERIES = [
    ("--before", "2022-06"),
    ("--in", "2022-09", "--dept", "tax"),
    ("--by", "2022-12", "--dept", "county-governments", "--dept", "finance", "--role", "lead"),
    ("--after", "2022-03", "--plan", "4", "--plan", "9", "--include-ongoing"),
    ("--by", "2022-12", "--status", "ongoing", "--grep", "台账"),
    ("--by", "2022-12", "--status", "done", "--status", "overdue"),
    ("--in", "2030",),  # empty: the note about where the milestones are comes from every measure
]


def test_due_answers_the_same_from_the_index_and_from_every_file(data_copy, private_cache, runner, monkeypatch):
    from conftest import invoke

    monkeypatch.setenv("BIZENV_DATA", str(data_copy))
    invoke(runner, "due", "--before", "2022-06")  # fills the cache
    for query in DUE_QUERIES:
        args = ("due", *query, "--as-of", "2022-05-15", "--format", "json")
        indexed, full = invoke(runner, *args), invoke(runner, "--no-cache", *args)
        assert (indexed.exit_code, indexed.stdout, indexed.stderr) == (full.exit_code, full.stdout, full.stderr), query


def test_plan_references_come_from_the_index_without_decoding_a_plan(data_copy, private_cache):
    data_dir = DataDir(data_copy, "option")
    full = load_package(data_dir, use_cache=False)
    load_package(data_dir)
    indexed = load_package(data_dir)
    refs = indexed.plan_refs()
    assert indexed._plans is None
    assert refs == [(plan.number, plan.id, plan.slug) for plan in full.plans] == full.plan_refs()
    assert refs[3] == (4, "04", "getting-electricity")
