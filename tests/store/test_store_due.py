"""`due` reads from the store only the measures with a milestone in its window (an indexed range query)
and the ongoing ones: the rows are the ones every measure gives, for every window, filter, status
and ongoing choice; a warm `due` decodes no plan and parses no YAML; an edit or a damaged row is
never answered from stale data."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date

import pytest

from bizenv_cli.files import yamlload
from bizenv_cli.files.datadir import DataDir
from bizenv_cli.model.periods import parse_period, window
from bizenv_cli.store import database
from bizenv_cli.query.queries import MeasureFilter, due_rows, select_measures
from bizenv_cli.store.package import load_package
from conftest import invoke

WINDOWS = [dict(before=parse_period("2022-06")), dict(by=parse_period("2022-12")), dict(within=parse_period("2022-Q3")),
           dict(after=parse_period("2022-10")), dict(), dict(within=parse_period("2023"))]
AS_OF = [date(2022, 5, 15), date(2022, 12, 31)]
STATUSES = [None, ["overdue"], ["due", "upcoming"], ["ongoing"]]


def test_the_store_gives_the_rows_the_measures_give(data_copy, private_store):
    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)  # checks the files against the store
    stored = load_package(data_dir)
    plain = load_package(data_dir, use_cache=False)
    checked = 0
    for options in WINDOWS:
        dates = window(**options)
        for with_ongoing in (False, True):
            selected = plain.due_candidates(dates, with_ongoing=with_ongoing)
            candidates = stored.due_candidates(dates, with_ongoing=with_ongoing)
            assert [measure for _, measure in candidates] == [measure for _, measure in selected]
            assert [tuple(plan)[:3] for plan, _ in candidates] == [(p.number, p.id, p.slug) for p, _ in selected]
            for as_of in AS_OF:
                for statuses in STATUSES:
                    expected = due_rows(selected, dates, as_of, statuses, with_ongoing)
                    got = due_rows(candidates, dates, as_of, statuses, with_ongoing)
                    assert got == expected, (options, with_ongoing, as_of, statuses)
                    assert [list(row) for row in got] == [list(row) for row in expected]  # the keys' order too
                    checked += len(got)
    assert checked > 3000
    assert stored._plans is None, "answered from the store's tables, no plan decoded"


FILTERS = [(None, None), (4, None), (None, "tax"), (2, "market-regulation"),
           (None, frozenset({"tax", "market-regulation"}))]  # a set of ids, as Registry.scope gives


def test_filters_over_the_stores_candidates_give_the_rows_of_a_full_scan(data_copy, private_store):
    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)
    full = load_package(data_dir, use_cache=False)
    as_of = date(2022, 5, 15)
    for dates in WINDOWS:
        chosen = window(**dates)
        for plan, department in FILTERS:
            wanted = MeasureFilter(plan=plan, department=department)
            for ongoing in (False, True):
                expected = due_rows(select_measures(full.plans, wanted), chosen, as_of, None, ongoing)
                stored = load_package(data_dir)
                candidates = [(p, m) for p, m in stored.due_candidates(chosen, with_ongoing=ongoing)
                              if wanted.admits(m, p)]
                assert due_rows(candidates, chosen, as_of, None, ongoing) == expected, (dates, plan, department)
                assert stored._plans is None


def test_a_warm_due_decodes_no_plan_and_parses_no_yaml(data_copy, private_cache, runner, decoded_plans, monkeypatch):
    parsed = []
    real = yamlload.load_yaml_bytes
    monkeypatch.setattr(yamlload, "load_yaml_bytes", lambda raw, path, name: parsed.append(name) or real(raw, path, name))
    args = ["--data", str(data_copy), "due", "--by", "2022-12", "--as-of", "2022-05-15", "--include-ongoing",
            "--format", "json"]
    cold = invoke(runner, *args)
    assert cold.exit_code == 0 and cold.stdout == invoke(runner, "--no-cache", *args).stdout
    decoded_plans.clear()
    parsed.clear()
    warm = invoke(runner, *args)
    assert warm.stdout == cold.stdout
    assert decoded_plans == [] and parsed == []
    filtered = invoke(runner, *args, "--dept", "市税务局")
    assert decoded_plans == [] and parsed == []
    assert filtered.stdout == invoke(runner, "--no-cache", *args, "--dept", "市税务局").stdout


def test_an_edited_deadline_reaches_the_rows(data_copy, private_store, runner):
    args = ["--data", str(data_copy), "due", "--before", "2022-06", "--as-of", "2022-05-15", "--format", "json"]
    invoke(runner, *args)
    path = data_copy / "plans" / "04-getting-electricity.yaml"
    text = path.read_text(encoding="utf-8")
    assert "date: '2022-03-31'" in text
    path.write_text(text.replace("date: '2022-03-31'", "date: '2022-03-30'", 1), encoding="utf-8")
    edited = invoke(runner, *args)
    assert edited.stdout == invoke(runner, "--no-cache", *args).stdout
    assert '"date": "2022-03-30"' in edited.stdout


@pytest.mark.parametrize("damage", [
    "UPDATE measures SET title = title || '!' WHERE id = '04.01'",
    "UPDATE responsibilities SET department = 'tax' WHERE measure = '04.01' AND position = 1",
    "UPDATE milestones SET label = 'x' WHERE measure = '04.01'",
    "DELETE FROM responsibilities WHERE measure = '04.01' AND position = 1",
])
def test_a_damaged_measure_is_not_believed(data_copy, private_store, runner, damage):
    args = ["--data", str(data_copy), "due", "--before", "2022-06", "--as-of", "2022-05-15", "--format", "json"]
    right = invoke(runner, *args).stdout
    _damage(private_store, damage)
    again = invoke(runner, *args)
    assert again.exit_code == 0 and again.stdout == right


def _damage(store_folder, statement: str) -> None:
    """One row of the store changed behind its back by `statement`."""
    (path,) = store_folder.glob("*.sqlite")
    db = sqlite3.connect(path)
    with db:
        assert db.execute(statement).rowcount == 1
    db.close()


def test_the_measures_with_no_deadline_come_from_their_index_and_its_count(data_copy, private_store):
    # `due`'s note on the measures with no 时间节点 (plan 1's 51, 02.04) asks the store: by the total
    # the files' rows were written with when nothing is filtered, else by the index; no plan decoded.
    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)
    plain = load_package(data_dir, use_cache=False)
    expected = [(plan.number, measure) for plan, measure in plain.no_deadline_measures()]
    assert len(expected) == plain.no_deadline_count() == 52 and expected[-1][1].id == "02.04"
    stored = load_package(data_dir)
    assert stored.no_deadline_count() == 52
    assert [(plan.number, measure) for plan, measure in stored.no_deadline_measures()] == expected
    assert stored._plans is None


@pytest.mark.parametrize("damage", [
    "UPDATE measures SET deadline_raw = '2022年12月' WHERE id = '02.04'",  # gone from the index
    "UPDATE measures SET deadline_raw = NULL WHERE id = '02.05'",  # one too many in it
    "DELETE FROM measures WHERE id = '02.04'",
])
def test_a_damaged_index_of_the_measures_with_no_deadline_is_not_believed(data_copy, private_store, runner, damage):
    args = ["--data", str(data_copy), "due", "--plan", "2", "--format", "json"]
    right = invoke(runner, *args)
    assert right.stderr == ("bizenv: note: 1 of the measures chosen has no 时间节点 (no date, not ongoing), "
                            "so `due` has no row for it\n")
    _damage(private_store, damage)
    again = invoke(runner, *args)
    assert (again.exit_code, again.stdout, again.stderr) == (0, right.stdout, right.stderr)


def _hide_02_04_from_the_count(db, *, where: str) -> None:
    """Damage a store as one that drops 02.04 from the measures with no 时间节点 would have to: its
    row given a 时间节点 (out of the index), and the count the note is read from lowered to agree,
    `where` "store_state" (the totals, its checksum left as it was) or "file_stats" (its file's row)."""
    assert db.execute("UPDATE measures SET deadline_raw = '2022年12月' WHERE id = '02.04'").rowcount == 1
    if where == "store_state":
        (totals,) = db.execute("SELECT totals FROM store_state").fetchone()
        totals = json.loads(totals)
        totals["no_deadline"] -= 1
        db.execute("UPDATE store_state SET totals = ?", (json.dumps(totals, sort_keys=True),))
    else:
        assert db.execute("UPDATE file_stats SET no_deadline = no_deadline - 1 WHERE path = ?",
                          ("plans/02-starting-a-business.yaml",)).rowcount == 1


@pytest.mark.parametrize("where", ["store_state", "file_stats"])
def test_a_count_of_the_measures_with_no_deadline_lowered_with_its_rows_is_not_believed(
        data_copy, private_store, runner, monkeypatch, where):
    # Without a filter the note is the store's total, read with no measure: the totals and each
    # file's count prove themselves by their checksums, as the milestones' counts by month do. (The
    # scan is made unracy so that a warm run reads the totals as they are; a touched file makes the
    # store write, which sums the totals again from file_stats.)
    monkeypatch.setattr(database, "RACY_NS", 0)
    unfiltered = ["--data", str(data_copy), "due", "--by", "2022-12", "--format", "json"]
    filtered = [*unfiltered, "--plan", "2"]
    right = [invoke(runner, *args) for args in (unfiltered, filtered)]
    assert [result.stderr for result in right] == [
        "bizenv: note: 52 measures have no 时间节点 (no date, not ongoing), so `due` has no row for them\n",
        "bizenv: note: 1 of the measures chosen has no 时间节点 (no date, not ongoing), so `due` has no row for it\n"]
    (path,) = private_store.glob("*.sqlite")
    db = sqlite3.connect(path)
    with db:
        _hide_02_04_from_the_count(db, where=where)
    db.close()
    if where == "file_stats":
        plan = data_copy / "plans" / "02-starting-a-business.yaml"
        stat = plan.stat()
        os.utime(plan, ns=(stat.st_atime_ns, stat.st_mtime_ns - 10_000_000_000))
    for args, truth in zip((unfiltered, filtered), right):
        again = invoke(runner, *args)
        assert (again.exit_code, again.stdout, again.stderr) == (0, truth.stdout, truth.stderr), where
