"""A query validates what it reads: data that breaks the schema (or that the model cannot read) stops
it with exit 1 and the very message `bizenv validate` prints, never a traceback, never an answer;
and such data never enters the store."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from bizenv_cli.files.datadir import DataDir
from bizenv_cli.checks.validate import validate_data
from conftest import invoke, place_store

DUE = ("due", "--before", "2022-06", "--as-of", "2022-05-15", "--format", "json")
PLAN_02 = "plans/02-starting-a-business.yaml"


@pytest.fixture
def data(data_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("BIZENV_NO_CACHE", raising=False)
    monkeypatch.setenv("BIZENV_DATA", str(data_copy))
    monkeypatch.chdir(tmp_path)  # messages name files relative to here, in validate and the query alike
    return data_copy


@pytest.fixture
def valid_store(data, tmp_path, _store_of_the_shipped_data) -> None:
    """This test's cache holds the store a query built for the valid data (for another copy of the
    same files): the tests that damage a folder whose store holds its valid data start from it
    instead of building it."""
    place_store(_store_of_the_shipped_data, tmp_path / "cache" / "bizenv", data)


def _replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _validate_lines(runner, path) -> list[str]:
    return invoke(runner, "validate", str(path)).stdout.splitlines()


@pytest.mark.parametrize("cached_first", [False, True], ids=["cold", "warm"])
def test_a_type_swap_stops_the_query_with_validates_message(data, runner, cached_first):
    if cached_first:
        assert invoke(runner, *DUE).exit_code == 0
    path = data / PLAN_02
    _replace(path, "  seq: 1\n", "  seq: [1]\n")
    result = invoke(runner, *DUE)
    assert result.exit_code == 1
    assert result.stdout == ""
    message = result.stderr.splitlines()[0]
    assert re.match(r"^data/plans/02-starting-a-business\.yaml:\d+:\d+ measures\[0\]\.seq: ", message)
    assert message == _validate_lines(runner, path)[0]


def test_a_date_the_calendar_lacks_stops_the_query_with_validates_message(data, runner):
    # 2022-02-30 fits the schema's pattern; the model cannot read it.
    path = data / "plans/04-getting-electricity.yaml"
    _replace(path, "date: '2022-03-31'", "date: '2022-02-30'")
    result = invoke(runner, *DUE)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] in _validate_lines(runner, path)
    assert "Traceback" not in result.stderr


def test_a_registry_the_model_refuses_stops_the_query_with_validates_message(data, runner):
    path = data / "departments.yaml"
    text = path.read_text(encoding="utf-8")
    second_id = re.findall(r"(?m)^- id: (\S+)$", text)[1]
    first_id = re.findall(r"(?m)^- id: (\S+)$", text)[0]
    path.write_text(text.replace(f"- id: {second_id}\n", f"- id: {first_id}\n", 1), encoding="utf-8")
    result = invoke(runner, *DUE)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] in invoke(runner, "validate").stdout.splitlines()


def _stored_files(tmp_path) -> list[tuple]:
    import sqlite3

    (path,) = (tmp_path / "cache" / "bizenv").glob("*.sqlite")
    db = sqlite3.connect(path)
    rows = db.execute("SELECT path, content_hash, checksum FROM files ORDER BY path").fetchall()
    rows += db.execute("SELECT path, content_hash, size, mtime_ns FROM file_stats ORDER BY path").fetchall()
    db.close()
    return rows


def test_invalid_data_never_enters_the_store(data, valid_store, runner, tmp_path):
    # The plan that fails is left out, its earlier rows too; every other file's rows stay as they
    # were, and the next run reads that plan again (only it), failing as long as it fails.
    assert invoke(runner, *DUE).exit_code == 0
    stored = _stored_files(tmp_path)
    good = (data / PLAN_02).read_text(encoding="utf-8")
    _replace(data / PLAN_02, "  seq: 1\n", "  seq: one\n")
    assert invoke(runner, *DUE).exit_code == 1
    assert invoke(runner, *DUE).exit_code == 1, "the second query checks the file again"
    assert _stored_files(tmp_path) == [row for row in stored if row[0] != PLAN_02]
    (data / PLAN_02).write_text(good, encoding="utf-8")
    assert invoke(runner, *DUE).exit_code == 0
    assert sorted(row[:2] for row in _stored_files(tmp_path)) == sorted(row[:2] for row in stored)


SWAPS = ["[1]", "{a: 1}", "7", "-2.5", "true", "null", "''", "'x'"]
_SCALAR_LINE = re.compile(r"^(\s*(?:- )?[a-z_]+: )(\S.*)$")


def test_type_swaps_never_crash_a_query_and_fail_as_validate_does(data, runner):
    """A seeded loop over the swaps the fuzzing found (79 of 1,000 crashed the queries before)."""
    rng = random.Random(14)
    plans = sorted((data / "plans").glob("*.yaml"))
    originals = {path: path.read_text(encoding="utf-8") for path in plans}
    failures = 0
    for _ in range(16):
        path = rng.choice(plans)
        lines = originals[path].splitlines(keepends=True)
        candidates = [i for i, line in enumerate(lines) if _SCALAR_LINE.match(line.rstrip("\n"))]
        index = rng.choice(candidates)
        prefix = _SCALAR_LINE.match(lines[index].rstrip("\n")).group(1)
        lines[index] = prefix + rng.choice(SWAPS) + "\n"
        path.write_text("".join(lines), encoding="utf-8")
        findings = None  # validate's, on this damage: the same for each command that fails
        for command in (DUE, ("measures", "--format", "json"), ("gaps", "--format", "json")):
            result = invoke(runner, *command)
            assert result.exit_code in (0, 1), (command, result.stderr)
            if result.exit_code == 1:
                failures += 1
                first = result.stderr.splitlines()[0]
                if findings is None:
                    findings = [str(problem) for problem in validate_data(DataDir(data, "option"), [path]).problems]
                assert first in findings, (lines[index], first)
        path.write_text(originals[path], encoding="utf-8")
    assert failures, "some of the swaps break the schema"


# --- what the files must agree on across files (references.py) --------------------------------------

PLAN_24 = "plans/24-ecological-environment.yaml"
NATURAL_RESOURCES = "      id: natural-resources-planning\n      role: lead\n"


@pytest.mark.parametrize("use_cache", [True, False], ids=["store", "no-cache"])
@pytest.mark.parametrize("args", [DUE, ("export", "-o", "package.sqlite"), ("measures", "--plan", "24")])
def test_a_body_the_registry_lacks_stops_every_query_with_validates_message(data, valid_store, runner, tmp_path,
                                                                         args, use_cache):
    """Found by tools/fuzz_data.py: export -o F.sqlite died on SQLite's foreign key (a traceback)."""
    assert invoke(runner, *DUE).exit_code == 0  # the store holds the valid data first
    _replace(data / PLAN_24, NATURAL_RESOURCES, "      id: '2022-06-30'\n      role: lead\n")
    result = invoke(runner, *(() if use_cache else ("--no-cache",)), *args)
    assert result.exit_code == 1
    assert result.stdout == "" and not (tmp_path / "package.sqlite").exists()
    message = result.stderr.splitlines()[0]
    assert message.endswith("unknown department id '2022-06-30' (not in departments.yaml)")
    assert message in _validate_lines(runner, data / PLAN_24)


def test_a_registry_that_drops_a_body_the_plans_name_stops_the_warm_query(data, valid_store, runner):
    assert invoke(runner, *DUE).exit_code == 0
    registry = data / "departments.yaml"
    text = registry.read_text(encoding="utf-8")
    start = text.index("- id: forestry\n")
    end = text.index("\n- id: ", start + 1) + 1
    registry.write_text(text[:start] + text[end:], encoding="utf-8")
    result = invoke(runner, *DUE)
    assert result.exit_code == 1
    assert "unknown department id 'forestry'" in result.stderr.splitlines()[0]


def test_two_plans_with_one_document_number_stop_the_query(data, valid_store, runner):
    assert invoke(runner, *DUE).exit_code == 0
    _replace(data / "plans/23-public-services.yaml", "\ndocument: 23\n", "\ndocument: 24\n")
    result = invoke(runner, *DUE)
    assert result.exit_code == 1
    assert re.match(r"^data/plans/24-ecological-environment\.yaml:\d+:\d+ document: document 24 is also in ",
                    result.stderr)


def test_a_second_plan_with_the_id_of_another_stops_the_query(data, valid_store, runner):
    # A copy of plan 02 filed as document 30 keeps id '02' and every 02.NN id: `show 02.01` would
    # name two measures. checks/references.py refuses the second plan id as it does a document number.
    assert invoke(runner, *DUE).exit_code == 0
    copied = (data / PLAN_02).read_text(encoding="utf-8").replace("\ndocument: 2\n", "\ndocument: 30\n", 1)
    assert "\ndocument: 30\n" in copied
    (data / "plans/30-starting-a-business.yaml").write_text(copied, encoding="utf-8")
    result = invoke(runner, *DUE)
    assert result.exit_code == 1 and result.stdout == ""
    assert re.match(r"^data/plans/30-starting-a-business\.yaml:\d+:\d+ id: file name, id '02' and document 30 "
                    r"must agree", result.stderr), result.stderr


def test_a_measure_id_given_twice_in_a_plan_stops_the_query(data, runner):
    _replace(data / PLAN_24, "- id: '24.02'\n", "- id: '24.01'\n")
    result = invoke(runner, *DUE)
    assert result.exit_code == 1
    assert "duplicate id '24.01'" in result.stderr.splitlines()[0]
    assert result.stderr.splitlines()[0] in _validate_lines(runner, data / PLAN_24)


def test_a_plan_that_fails_is_the_only_file_read_again(data, runner, monkeypatch):
    # Someone fixing a plan runs validate or a query again and again: the store keeps every file
    # that passed, from its very first build, and reads again only the one that fails.
    from bizenv_cli.files import yamlload

    _replace(data / PLAN_02, "  seq: 1\n", "  seq: one\n")  # before the store exists
    assert invoke(runner, *DUE).exit_code == 1
    parsed: list[str] = []
    build = yamlload._Builder.build
    monkeypatch.setattr(yamlload._Builder, "build", lambda self, loader: parsed.append(self.name) or build(self, loader))
    for command in (DUE, ("validate",), DUE):
        parsed.clear()
        result = invoke(runner, *command)
        assert result.exit_code == 1 and "02-starting-a-business.yaml:" in result.stdout + result.stderr
        assert parsed and {Path(name).name for name in parsed} == {"02-starting-a-business.yaml"}, (command, parsed)


@pytest.mark.parametrize("cached_first", [False, True], ids=["cold", "warm"])
def test_a_query_names_the_first_unknown_body_of_the_file_as_validate_does(data, runner, cached_first):
    # Two ids the registry lacks: the query had named the first in alphabetical order ('aa-…', the
    # file's last body), while validate's first finding is the file's first ('zz-…', 02.01's).
    if cached_first:
        assert invoke(runner, *DUE).exit_code == 0
    path = data / PLAN_02
    text = path.read_text(encoding="utf-8")
    first, last = text.index("      id: market-regulation\n"), text.rindex("      id: counties\n")
    text = (text[:first] + "      id: zz-unknown\n" + text[first + len("      id: market-regulation\n"):last]
            + "      id: aa-unknown\n" + text[last + len("      id: counties\n"):])
    path.write_text(text, encoding="utf-8")
    result = invoke(runner, *DUE)
    assert result.exit_code == 1
    message = result.stderr.splitlines()[0]
    assert message.endswith("unknown department id 'zz-unknown' (not in departments.yaml)")
    assert message == _validate_lines(runner, path)[0]


@pytest.mark.parametrize(("right", "wrong"), [
    ("  seq: 1\n", "  seq: 99999999999999999999\n"),  # past an INTEGER column's 2**63
    ("    raw: 2022年12月\n    line: 264\n", "    raw: 2022年12月\n    line: 9007199254740993\n"),
])
@pytest.mark.parametrize("command", [DUE, ("export", "-o", "out.sqlite")], ids=["due", "export"])
def test_a_number_no_reader_keeps_exactly_stops_a_query_with_validates_message(data, runner, right, wrong, command):
    # The schema says only "a number": the queries had answered, and `export` ended in a traceback
    # (NotStorable) on the number SQLite would not keep.
    path = data / PLAN_02
    _replace(path, right, wrong)
    result = invoke(runner, *command)
    assert result.exit_code == 1
    message = result.stderr.splitlines()[0]
    assert message.endswith("is beyond the numbers every reader keeps exactly: finite, and at most "
                            "9,007,199,254,740,992 either way")
    assert message == _validate_lines(runner, path)[0]
