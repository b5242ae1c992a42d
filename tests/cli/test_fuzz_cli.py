"""Fuzz: every command over mutated data finds no traceback, no hang, no undocumented exit code.

A seeded mutation loop (tools/fuzz_data.py) damages one data file of a private copy per round (byte
flips, deleted/duplicated/swapped lines, values of another type, deep nesting, hostile strings,
cuts) and runs one command in-process. The suite runs a fixed number of rounds with fixed seeds, so
a failure replays; `python tools/fuzz_data.py --minutes 10` runs longer with fresh seeds.
"""

from __future__ import annotations

import random
import shutil
import sys

import pytest

from conftest import REPO, invoke, place_store

sys.path.insert(0, str(REPO / "tools"))
import fuzz_data  # noqa: E402

QUERY_COMMANDS = ("due", "measures", "gaps", "show", "plans", "departments", "search")
# The ledger's scorecard and template, and the files people open (export, report, the calendar).
FILE_COMMANDS = ("progress", "ledger", "export", "report")


def with_a_store(work, store):
    """`work` as the fuzz loops use it (data/ and schemas/, the cache in cache/), its cache holding
    the store a query built for another copy of the shipped data, as a user's cache does: the first
    round checks the files against it instead of parsing them all."""
    shutil.copytree(REPO / "data", work / "data")
    shutil.copytree(REPO / "schemas", work / "schemas")
    place_store(store, work / "cache" / "bizenv", work / "data")
    return work


@pytest.fixture(scope="module")
def work(tmp_path_factory, _store_of_the_shipped_data):
    return with_a_store(tmp_path_factory.mktemp("fuzz"), _store_of_the_shipped_data)


def _failures(report) -> str:
    return "\n\n".join(fuzz_data.describe(outcome) for outcome in report.failures)


def test_validate_and_diff_survive_mutated_data(work):
    report = fuzz_data.run_rounds(seed=20261201, rounds=36, commands=("validate", "diff"), work=work, invoke=invoke)
    assert report.rounds == 36
    assert not report.failures, _failures(report)


@pytest.fixture(scope="module")
def query_report(work):
    return fuzz_data.run_rounds(seed=12, rounds=30, commands=QUERY_COMMANDS, work=work, invoke=invoke)


def test_queries_never_fail_on_data_that_breaks_the_schema(query_report):
    # Queries check what they read (package.py): a value of the wrong type is validate's message,
    # never an AttributeError, KeyError or TypeError from the model.
    assert query_report.rounds == 30
    assert not query_report.failures, _failures(query_report)


def test_the_ledger_and_file_commands_survive_mutated_data(work):
    report = fuzz_data.run_rounds(seed=2022, rounds=16, commands=FILE_COMMANDS, work=work, invoke=invoke)
    assert report.rounds == 16
    assert not report.failures, _failures(report)


def test_the_mutations_do_damage_and_the_checks_catch_a_crash(work, monkeypatch):
    # The loop must find a crash when there is one: make validate raise, and expect it reported.
    import bizenv_cli.checks.validate as validate

    def broken(*args, **kwargs):
        raise RuntimeError("planted")

    monkeypatch.setattr(validate, "validate_data", broken)
    report = fuzz_data.run_rounds(seed=3, rounds=2, commands=("validate",), work=work, invoke=invoke)
    assert len(report.failures) == 2
    assert "RuntimeError: planted" in report.failures[0].problem


def test_the_writing_side_keeps_every_accepted_write_and_every_answer(tmp_path, _store_of_the_shipped_data):
    # Concurrent records, an import beside records, hostile spreadsheets and a damaged store, twice
    # each, as whole processes (issue 22).
    work = with_a_store(tmp_path, _store_of_the_shipped_data)
    report = fuzz_data.run_writer_rounds(seed=20221206, rounds=2 * len(fuzz_data.WRITER_KINDS), work=work)
    assert report.rounds == 8
    assert not report.failures, _failures(report)


def test_the_writing_side_invariants_can_fail(tmp_path, monkeypatch, _store_of_the_shipped_data):
    # A ledger that lost the writes, and a store whose answer differs, are both reported.
    with_a_store(tmp_path, _store_of_the_shipped_data)
    monkeypatch.setattr(fuzz_data, "_recorded", lambda work: set())
    assert "accepted but lost" in fuzz_data._concurrent(tmp_path, random.Random(1), with_import=False)
    real = fuzz_data._bizenv

    def cached_differs(work, *args, **kwargs):
        result = real(work, *args, **kwargs)
        if "--no-cache" not in args:
            result.stdout += "\n"
        return result

    monkeypatch.setattr(fuzz_data, "_bizenv", cached_differs)
    assert "differs from --no-cache" in fuzz_data._damaged_store(tmp_path, random.Random(1))
