"""A warm `due` without filters builds its rows from the fields the cache keeps beside each measure
(duerow.py): the rows are the ones the measures themselves give, for every window, status and
ongoing choice; no measure is decoded into a record; an edit, a damaged entry or a change to the
code that builds the fields is never answered from stale fields."""

from __future__ import annotations

import os
from datetime import date

import pytest

from bizenv_cli.query import due_rows as duerow

from bizenv_cli.store import folderindex

from bizenv_cli.model import records as model
from bizenv_cli.files.datadir import DataDir
from bizenv_cli.store.package import load_package
from bizenv_cli.model.periods import parse_period, window
from bizenv_cli.query.queries import due_rows, due_rows_of
from conftest import invoke

WINDOWS = [dict(before=parse_period("2022-06")), dict(by=parse_period("2022-12")), dict(within=parse_period("2022-Q3")),
           dict(after=parse_period("2022-10")), dict(), dict(within=parse_period("2023"))]
AS_OF = [date(2022, 5, 15), date(2022, 12, 31)]
STATUSES = [None, ["overdue"], ["due", "upcoming"], ["ongoing"]]


@pytest.fixture
def decoded_measures(monkeypatch):
    """The ids of the measures built into records (model.measure_from_document) during a test."""
    built: list[str] = []
    real = model.measure_from_document

    def counting(plan, doc):
        built.append(doc["id"])
        return real(plan, doc)

    for module in ("bizenv_cli.model.records", "bizenv_cli.store.package", "bizenv_cli.store.datafile"):
        monkeypatch.setattr(f"{module}.measure_from_document", counting, raising=False)
    return built


def test_the_cached_fields_give_the_rows_the_measures_give(data_copy, private_cache):
    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)  # fills the cache
    cached = load_package(data_dir)
    plain = load_package(data_dir, use_cache=False)
    checked = 0
    for options in WINDOWS:
        dates = window(**options)
        for with_ongoing in (False, True):
            selected = plain.due_candidates(dates, with_ongoing=with_ongoing)
            for as_of in AS_OF:
                for statuses in STATUSES:
                    expected = due_rows(selected, dates, as_of, statuses, with_ongoing)
                    got = due_rows_of(cached.due_sources(dates, with_ongoing=with_ongoing), dates, as_of, statuses,
                                      with_ongoing)
                    assert got == expected, (options, with_ongoing, as_of, statuses)
                    assert [list(row) for row in got] == [list(row) for row in expected]  # the keys' order too
                    checked += len(got)
    assert checked > 3000


def test_rows_of_one_measure_own_their_lists(data_copy, private_cache):
    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)
    dates = window()
    rows = due_rows_of(load_package(data_dir).due_sources(dates), dates, date(2022, 5, 15))
    by_measure: dict[str, list[dict]] = {}
    for row in rows:
        by_measure.setdefault(row["measure"], []).append(row)
    first, second = next(group for group in by_measure.values() if len(group) > 1)[:2]
    assert first["departments"] == second["departments"] and first["departments"] is not second["departments"]


def test_a_warm_due_decodes_no_measure(data_copy, private_cache, runner, decoded_measures):
    args = ["--data", str(data_copy), "due", "--by", "2022-12", "--as-of", "2022-05-15", "--include-ongoing",
            "--format", "json"]
    cold = invoke(runner, *args)
    assert cold.exit_code == 0 and cold.stdout == invoke(runner, "--no-cache", *args).stdout
    decoded_measures.clear()
    warm = invoke(runner, *args)
    assert warm.stdout == cold.stdout
    assert decoded_measures == []
    # A filter needs the measures themselves: they are decoded, and the answer is the same as without the cache.
    filtered = invoke(runner, *args, "--dept", "市税务局")
    assert decoded_measures and filtered.stdout == invoke(runner, "--no-cache", *args, "--dept", "市税务局").stdout


def test_an_edited_deadline_reaches_the_rows(data_copy, private_cache, runner):
    args = ["--data", str(data_copy), "due", "--before", "2022-06", "--as-of", "2022-05-15", "--format", "json"]
    invoke(runner, *args)
    path = data_copy / "plans" / "04-getting-electricity.yaml"
    text = path.read_text(encoding="utf-8")
    assert "date: '2022-03-31'" in text
    path.write_text(text.replace("date: '2022-03-31'", "date: '2022-03-30'", 1), encoding="utf-8")
    edited = invoke(runner, *args)
    assert edited.stdout == invoke(runner, "--no-cache", *args).stdout
    assert '"date": "2022-03-30"' in edited.stdout


def test_a_damaged_measure_is_not_believed(data_copy, private_cache, runner):
    args = ["--data", str(data_copy), "due", "--before", "2022-06", "--as-of", "2022-05-15", "--format", "json"]
    right = invoke(runner, *args).stdout
    for entry in private_cache.glob("*.doc"):
        blob = bytearray(entry.read_bytes())
        blob[-3] ^= 0x01  # inside the last measure's bytes, which due reads on its own
        entry.write_bytes(bytes(blob))
    again = invoke(runner, *args)
    assert again.exit_code == 0 and again.stdout == right


def test_the_cache_version_names_the_code_that_builds_the_fields():
    """An edit to duerow.py or model.py (here, a new mtime) gives another version: the cached
    fields are rebuilt, not served in the old shape."""
    before = folderindex._code_identity()
    for module in (duerow, model):
        stat = os.stat(module.__file__)
        try:
            os.utime(module.__file__, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
            assert folderindex._code_identity() != before, module.__name__
        finally:
            os.utime(module.__file__, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert folderindex._code_identity() == before
    assert before in folderindex.CACHE_VERSION
