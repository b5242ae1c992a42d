"""The store: one SQLite database per data folder, kept equal to the files; an edit replaces that file's
rows and no other's; every row read is verified, so damage is never served (the store is built
again); it stays within its bounds, and is bypassed on request."""

from __future__ import annotations

import json
import os
import random
import re
import sqlite3
import subprocess
import sys

import pytest

from bizenv_cli.files import yamlload
from bizenv_cli.files.datadir import DataDir
from bizenv_cli.store import database, location
from bizenv_cli.store.package import load_package
from conftest import invoke

DUE = ("due", "--before", "2022-06", "--as-of", "2022-05-15", "--format", "json")


@pytest.fixture
def parses(monkeypatch):
    """The names of the files the YAML loader parsed."""
    parsed: list[str] = []
    real = yamlload.load_yaml_bytes

    def counting(raw, path, name):
        parsed.append(os.path.basename(str(path)))
        return real(raw, path, name)

    monkeypatch.setattr(yamlload, "load_yaml_bytes", counting)
    return parsed


def _edit_title(data_copy, new_title: str = "企业开办") -> None:
    path = data_copy / "plans" / "02-starting-a-business.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^title: .*$", f"title: {new_title}", text, count=1), encoding="utf-8")


def _database(private_cache):
    (path,) = private_cache.glob("*.sqlite")
    return path


def _sql(private_cache, *statements: str) -> None:
    db = sqlite3.connect(_database(private_cache))
    with db:
        for statement in statements:
            db.execute(statement)
    db.close()


# --- one database per folder, one file's rows replaced on an edit ----------------------------------

def test_an_edit_to_one_file_parses_that_file_again_and_no_other(data_copy, private_cache, parses):
    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)
    assert len(parses) == 30, "a cold load parses the registry and the 29 plans"
    parses.clear()
    assert len(load_package(data_dir).plans) == 29
    assert parses == [], "a warm load parses nothing"

    _edit_title(data_copy)
    package = load_package(data_dir)
    assert parses == ["02-starting-a-business.yaml"]
    assert package.plan(2).title == "企业开办"
    assert package.plan(3).title == load_package(data_dir, use_cache=False).plan(3).title
    assert [path.name for path in private_cache.glob("*.sqlite")] == [_database(private_cache).name]


def test_an_edit_replaces_the_rows_of_that_file_only(data_copy, private_store):
    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)
    db = sqlite3.connect(_database(private_store))
    before = dict(db.execute("SELECT path, id FROM files").fetchall())
    _edit_title(data_copy)
    load_package(data_dir)
    after = dict(db.execute("SELECT path, id FROM files").fetchall())
    assert {path for path in after if after[path] != before[path]} == {"plans/02-starting-a-business.yaml"}
    assert db.execute("SELECT title FROM plans WHERE number = 2").fetchone() == ("企业开办",)
    counts = db.execute("SELECT count(*) FROM measures WHERE plan = 2").fetchone()[0]
    assert counts == len(load_package(data_dir, use_cache=False).plan(2).measures)
    db.close()


def test_a_file_touched_without_a_change_is_not_parsed_again(data_copy, private_store, parses):
    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)
    parses.clear()
    os.utime(data_copy / "plans" / "02-starting-a-business.yaml")
    load_package(data_dir)
    assert parses == []


def test_an_edited_schema_checks_every_file_again(data_copy, private_store, parses):
    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)
    parses.clear()
    schema = data_copy.parent / "schemas" / "plan.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert len(load_package(data_dir).plans) == 29
    assert len(parses) == 30, "another schema: every file is checked against it"
    parses.clear()
    os.utime(schema)  # the same schema, touched: nothing is parsed
    load_package(data_dir)
    assert parses == []


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(data_copy, private_store, monkeypatch):
    """The store trusts a file by its stat; ctime, which no user can set back, moves on any write."""
    data_dir = DataDir(data_copy, "option")
    path = data_copy / "plans" / "04-getting-electricity.yaml"
    before = path.stat()
    load_package(data_dir)
    monkeypatch.setattr(database, "RACY_NS", -10**12)  # trust the stat at once, as a later run would
    assert load_package(data_dir).measure("04.01").deadline.milestones[0].date.isoformat() == "2022-03-31"
    text = path.read_bytes()
    path.write_bytes(text.replace(b"date: '2022-03-31'", b"date: '2022-03-30'", 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert load_package(data_dir).measure("04.01").deadline.milestones[0].date.isoformat() == "2022-03-30"


def test_the_store_lists_the_plan_files_the_data_folder_lists(data_copy):
    (data_copy / "plans" / ".hidden.yaml").write_text("x: 1\n", encoding="utf-8")
    (data_copy / "plans" / "notes.txt").write_text("x\n", encoding="utf-8")
    data_dir = DataDir(data_copy, "option")
    listing = database._stat_files(data_dir)
    assert [name for name, _ in listing] == ["departments.yaml", "schemas/departments.schema.json",
                                             "schemas/plan.schema.json",
                                             *(f"plans/{path.name}" for path in data_dir.plan_files())]
    assert "plans/.hidden.yaml" not in dict(listing)  # an editor's file, as data_dir.plan_files leaves it out


@pytest.mark.parametrize("args", [
    ("due", "--before", "2022-12", "--as-of", "2022-05-15", "--format", "json"),
    ("due", "--after", "2022-06", "--dept", "tax", "--include-ongoing", "--as-of", "2022-05-15", "--format", "json"),
    ("due", "--status", "overdue", "--plan", "4", "--as-of", "2022-09-01", "--format", "json"),
])
def test_plans_edited_one_after_another_answer_as_a_run_without_the_store(data_copy, private_store, runner, args):
    data = ("--data", str(data_copy))
    assert invoke(runner, *data, *args).exit_code == 0
    plans = [path for path in sorted((data_copy / "plans").glob("*.yaml")) if "date: '2022-" in path.read_text("utf-8")]
    for step, path in enumerate(plans[:6]):
        text = path.read_text(encoding="utf-8")
        # A milestone moved a year on (2022-06-30 -> 2023-06-30 and the like): a change in meaning.
        path.write_text(re.sub(r"date: '2022-(\d\d)-(\d\d)'", r"date: '2023-\1-\2'", text, count=1), encoding="utf-8")
        stored = invoke(runner, *data, *args)
        fresh = invoke(runner, *data, "--no-cache", *args)
        assert stored.exit_code == fresh.exit_code == 0, stored.stderr
        assert stored.stdout == fresh.stdout, f"after editing {step + 1} plans"


def test_a_removed_and_an_added_plan_are_seen(data_copy, private_store, runner):
    data = ("--data", str(data_copy))
    assert invoke(runner, *data, "plans", "--format", "json").exit_code == 0
    removed = sorted((data_copy / "plans").glob("29-*.yaml"))[0]
    kept = removed.read_bytes()
    removed.unlink()
    listed = json.loads(invoke(runner, *data, "plans", "--format", "json").stdout)
    assert 29 not in [plan["number"] for plan in listed] and len(listed) == 28
    removed.write_bytes(kept)
    assert len(json.loads(invoke(runner, *data, "plans", "--format", "json").stdout)) == 29


# --- verified on every read ------------------------------------------------------------------------

def _flip_bytes(path, seed: int, count: int) -> None:
    rng = random.Random(seed)
    blob = bytearray(path.read_bytes())
    for _ in range(count):
        at = rng.randrange(100, len(blob))  # past the header: a wrong header is SQLite's own error
        blob[at] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(blob))


QUERIES = [DUE, ("due", "--by", "2022-12", "--dept", "tax", "--include-ongoing", "--as-of", "2022-05-15", "--format", "json"),
           ("gaps", "--format", "json"), ("show", "04.01", "--format", "json"), ("plans", "--format", "json")]


ONGOING = ("due", "--by", "2022-12", "--status", "ongoing", "--as-of", "2022-05-15", "--format", "json")


# The tests that damage a store and ask again share one copy of the shipped data that none of them
# writes to, its answers without the store, and the store a query built for it (conftest): each
# test damages its own copy of that database, in its own cache folder.

@pytest.fixture(scope="module")
def answers_without_the_store(shipped_data):
    """{query: its stdout and stderr with --no-cache} for the queries these tests ask of the shipped
    data (stderr holds `due`'s note on the measures with no 时间节点, the store's count of them)."""
    from typer.testing import CliRunner

    from conftest import CLI_ENV

    runner = CliRunner(env={**CLI_ENV, "BIZENV_DATA": str(shipped_data)})
    answers = {}
    for query in [*QUERIES, ONGOING]:
        result = invoke(runner, "--no-cache", *query)
        assert result.exit_code == 0, result.stderr
        answers[query] = (result.stdout, result.stderr)
    return answers


@pytest.fixture
def stored_shipped_data(shipped_data, _store_of_the_shipped_data, private_cache, monkeypatch):
    """BIZENV_DATA is `shipped_data`, whose store, as a query built it, is in this test's own cache."""
    import shutil

    monkeypatch.setenv("BIZENV_DATA", str(shipped_data))
    private_cache.mkdir(parents=True)
    shutil.copy(_store_of_the_shipped_data, private_cache / _store_of_the_shipped_data.name)
    return shipped_data


@pytest.mark.parametrize("seed", range(8))
def test_a_flipped_byte_in_the_database_changes_no_answer(stored_shipped_data, answers_without_the_store,
                                                          private_cache, runner, seed):
    truths = [answers_without_the_store[query] for query in QUERIES]
    assert invoke(runner, *DUE).exit_code == 0
    _sql(private_cache, "PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the database file
    _flip_bytes(_database(private_cache), seed, 1)
    for query, truth in zip(QUERIES, truths):
        result = invoke(runner, *query)
        assert (result.exit_code, (result.stdout, result.stderr)) == (0, truth), (seed, query)


def test_a_deadline_moved_inside_the_store_is_not_believed(data_copy, private_store):
    """2022-03-31 edited to 2022-03-30 in the store's own milestone row of 04.01."""
    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)
    _sql(private_store, "UPDATE milestones SET date = '2022-03-30' WHERE measure = '04.01' AND date = '2022-03-31'")
    from bizenv_cli.model.periods import parse_period, window

    package = load_package(data_dir)
    found = {m.id: [s.date.isoformat() for s in m.deadline.milestones]
             for _, m in package.due_candidates(window(before=parse_period("2022-06")))}
    assert found["04.01"] == ["2022-03-31"]


def _count_one_milestone_less(private_cache, measure: str, day: str, *, where: str) -> None:
    """Damage a store as one that hides `measure`'s milestone of `day` would have to: the row gone,
    and what the store counts its index against lowered to agree, `where` "file_stats" (its file's
    `months`) or "store_state" (the totals, its checksum left as it was)."""
    db = sqlite3.connect(_database(private_cache))
    with db:
        (path,) = db.execute("SELECT f.path FROM measures m JOIN files f ON f.id = m.file WHERE m.id = ?",
                             (measure,)).fetchone()
        assert db.execute("DELETE FROM milestones WHERE measure = ? AND date = ?", (measure, day)).rowcount == 1
        if where == "file_stats":
            (months,) = db.execute("SELECT months FROM file_stats WHERE path = ?", (path,)).fetchone()
            months = json.loads(months)
            months[day[:7]] -= 1
            db.execute("UPDATE file_stats SET months = ? WHERE path = ?", (json.dumps(months, sort_keys=True), path))
        else:
            (totals,) = db.execute("SELECT totals FROM store_state").fetchone()
            totals = json.loads(totals)
            totals["months"][day[:7]] -= 1
            db.execute("UPDATE store_state SET totals = ?", (json.dumps(totals, sort_keys=True),))
    db.close()


def test_totals_lowered_with_the_rows_they_count_are_not_believed(stored_shipped_data, answers_without_the_store,
                                                                  private_cache, runner, monkeypatch):
    # A warm run counts the index against the store state's totals; its checksum covers them, so
    # lowered by hand the state is not believed. (The files were copied moments ago: every run
    # would read them again, the scan being racy, unless the window is shut.)
    monkeypatch.setattr(database, "RACY_NS", 0)
    truth = answers_without_the_store[DUE][0]
    assert invoke(runner, *DUE).stdout == truth
    _count_one_milestone_less(private_cache, "04.01", "2022-03-31", where="store_state")
    assert invoke(runner, *DUE).stdout == truth


def test_a_file_stat_lowered_with_the_rows_it_counts_is_not_believed(data_copy, private_store, runner):
    # The totals are summed again from file_stats whenever the store writes (here: a file touched,
    # its content the same), so each of its rows proves itself as every other row does.
    plan = data_copy / "plans" / "04-getting-electricity.yaml"
    first = invoke(runner, "--data", str(data_copy), *DUE)
    assert first.exit_code == 0 and "04.01" in {row["measure"] for row in json.loads(first.stdout)}
    _count_one_milestone_less(private_store, "04.01", "2022-03-31", where="file_stats")
    stat = plan.stat()
    os.utime(plan, ns=(stat.st_atime_ns, stat.st_mtime_ns - 10_000_000_000))
    after = invoke(runner, "--data", str(data_copy), *DUE)
    assert (after.exit_code, after.stdout) == (0, first.stdout), after.stderr


@pytest.mark.parametrize("damage, query", [
    # A milestone moved out of every window a query asks, in the table and in its index alike.
    ("UPDATE milestones SET date = '2099-01-01' WHERE measure = '04.01'", DUE),
    ("DELETE FROM milestones WHERE measure = '04.01'", DUE),
    ("DELETE FROM measures WHERE id = '04.01'", DUE),
    ("UPDATE measures SET ongoing = 0 WHERE ongoing = 1", ONGOING),
    ("DELETE FROM indicators WHERE id = '09.i1'", ("gaps", "--format", "json")),
    ("DELETE FROM indicator_owners WHERE indicator = '09.i1'", ("gaps", "--format", "json")),
    ("DELETE FROM plans WHERE number = 4", ("plans", "--format", "json")),
    ("UPDATE files SET document = replace(document, '2022-03-31', '2022-03-30')", ("show", "04.01", "--format", "json")),
])
def test_rows_missing_or_moved_are_noticed_and_the_answer_stays_right(stored_shipped_data, answers_without_the_store,
                                                                      private_cache, runner, damage, query):
    truth = answers_without_the_store[query]
    result = invoke(runner, *query)
    assert (result.stdout, result.stderr) == truth
    _sql(private_cache, damage)
    result = invoke(runner, *query)
    assert (result.stdout, result.stderr) == truth


def test_a_plan_broken_while_the_store_is_rebuilt_is_reported_not_a_traceback(data_copy, private_store, runner,
                                                                           monkeypatch):
    """The store fails its checks after the scan, and the file no longer reads when it is built
    again: validate's message, exit 1."""
    assert invoke(runner, "--data", str(data_copy), "measures", "--format", "json").exit_code == 0
    real_update = database.FolderStore.update
    path = data_copy / "plans" / "05-getting-water.yaml"
    calls = []

    def update_then_race(store):
        real_update(store)
        if not calls:
            calls.append(1)
            store._db.execute("UPDATE files SET document = '{}' WHERE path = 'plans/05-getting-water.yaml'")
            path.write_text(path.read_text(encoding="utf-8").replace("document: 5\n", "document: five\n", 1),
                            encoding="utf-8")

    monkeypatch.setattr(database.FolderStore, "update", update_then_race)
    result = invoke(runner, "--data", str(data_copy), "measures", "--format", "json")
    assert result.exit_code == 1
    assert "05-getting-water.yaml:" in result.stderr and "document" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


# --- bounded, robust, bypassed ----------------------------------------------------------------------

def test_a_failed_write_to_the_store_still_answers(data_copy, private_cache, runner, monkeypatch):
    def disk_full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(database.FolderStore, "_insert", disk_full)
    result = invoke(runner, "--data", str(data_copy), *DUE)
    assert result.exit_code == 0
    assert result.stdout == invoke(runner, "--data", str(data_copy), "--no-cache", *DUE).stdout


def test_the_folder_keeps_only_databases_within_its_bounds(data_copy, tmp_path, private_cache, monkeypatch,
                                                           _store_of_the_shipped_data):
    import shutil

    from conftest import place_store

    monkeypatch.setattr(location, "MAX_DATABASES", 3)
    private_cache.mkdir(parents=True)
    (private_cache / "0123abcd.doc").write_bytes(b"bizenv-cache-3\n")  # a former format's entry
    for number in range(5):
        folder = tmp_path / f"copy{number}" / "data"
        shutil.copytree(data_copy, folder)
        shutil.copytree(data_copy.parent / "schemas", folder.parent / "schemas")
        # Each folder's store, as a query on another copy of the same files built it, is put in the
        # folder of stores, and a load uses it: one more database each time.
        place_store(_store_of_the_shipped_data, private_cache, folder)
        load_package(DataDir(folder, "option"))
        os.utime(location.database_path(folder), (1000 + number, 1000 + number))  # used in this order
    databases = sorted(path.name for path in private_cache.glob("*.sqlite"))
    assert len(databases) == 3
    assert location.database_path(tmp_path / "copy4" / "data").name in databases, "the one in use stays"
    assert location.database_path(tmp_path / "copy0" / "data").name not in databases, "the least recently used go"
    assert not (private_cache / "0123abcd.doc").exists()
    assert {path.name.split(".sqlite")[0] + ".sqlite" for path in private_cache.iterdir()} == set(databases)


def test_runs_at_the_same_time_answer_alike(data_copy, tmp_path):
    """Four processes fill one new store at once, then four more read it after an edit: WAL and
    the store's transactions keep every answer whole."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "BIZENV_DATA": str(data_copy), "NO_COLOR": "1"}
    env.pop("BIZENV_NO_CACHE", None)
    command = [sys.executable, "-m", "bizenv_cli", *DUE]
    plain = subprocess.run(command + [], env={**env, "BIZENV_NO_CACHE": "1"}, capture_output=True, text=True)
    # stderr too: its note on the measures with no 时间节点 is the store's count of them.
    truth = (plain.stdout, plain.stderr)
    assert "52 measures have no 时间节点" in plain.stderr
    for round_ in range(2):
        runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(4)]
        outputs = [run.communicate(timeout=120) for run in runs]
        assert [run.returncode for run in runs] == [0] * 4, [err for _, err in outputs]
        assert all(output == truth for output in outputs)
        path = data_copy / "plans" / "02-starting-a-business.yaml"
        path.write_text(path.read_text(encoding="utf-8") + f"# edit {round_}\n", encoding="utf-8")


def test_a_store_another_run_is_writing_is_left_to_it_and_the_files_answer(data_copy, private_store, runner,
                                                                            monkeypatch):
    """A run that waits past the busy timeout for another's write reads the files for its answer: it
    neither removes the database from under the writer nor builds it anew (a lock is no damage)."""
    monkeypatch.setenv("BIZENV_DATA", str(data_copy))
    _edit_title(data_copy)  # the next run has a file's rows to write
    truth = invoke(runner, "--no-cache", *DUE).stdout
    database_file = _database(private_store)
    inode = os.stat(database_file).st_ino
    monkeypatch.setattr(database, "BUSY_TIMEOUT_SECONDS", 0.05)
    monkeypatch.setattr(database.FolderStore, "reset", lambda store: pytest.fail("a busy store was built anew"))
    writer = sqlite3.connect(database_file, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        result = invoke(runner, *DUE)
        assert result.exit_code == 0 and result.stdout == truth, result.output
        assert os.stat(database_file).st_ino == inode
        assert writer.execute("SELECT count(*) FROM files").fetchone()[0] == 30  # the writer's database, whole
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    monkeypatch.undo()
    monkeypatch.setenv("BIZENV_DATA", str(data_copy))
    assert invoke(runner, *DUE).stdout == truth  # the lock gone, the store takes the edit


def test_a_warm_run_counts_as_a_use_of_its_database(data_copy, private_store):
    # The least recently used databases are removed first (location.prune): one that is only read,
    # never written, is still in use.
    load_package(DataDir(data_copy, "option"))
    database_file = _database(private_store)
    os.utime(database_file, (1_000_000, 1_000_000))
    load_package(DataDir(data_copy, "option"))  # warm: nothing to write
    assert os.stat(database_file).st_mtime > 1_000_000


def test_no_cache_option_and_environment_variable_read_and_write_no_cache(data_copy, private_cache, runner,
                                                                          monkeypatch):
    monkeypatch.setenv("BIZENV_DATA", str(data_copy))
    result = invoke(runner, "--no-cache", *DUE)
    assert result.exit_code == 0 and json.loads(result.stdout)
    assert not private_cache.exists()
    monkeypatch.setenv("BIZENV_NO_CACHE", "1")
    assert invoke(runner, *DUE).stdout == result.stdout
    assert not private_cache.exists()
    monkeypatch.setenv("BIZENV_NO_CACHE", "0")
    assert invoke(runner, *DUE).stdout == result.stdout
    assert private_cache.is_dir()


def test_help_names_the_no_cache_option(runner):
    assert "--no-cache" in invoke(runner, "--help").stdout


def test_the_store_version_names_the_code_that_makes_its_rows(monkeypatch):
    """An edit to the code whose work the store keeps gives another version: the store is built
    again, not read in the old shape: tables.py, the model (the folding that finds an indicator's
    owners among them), the reader and the checks a file passes first. (The edit is seen through
    file_identity, not made: the other worker's stores must not change under its tests.)"""
    from pathlib import Path

    from bizenv_cli.checks import identifiers, numbers, schemacheck
    from bizenv_cli.model import records, textfold
    from bizenv_cli.store import tables

    before = database.version()
    identity = location.file_identity
    for module in (tables, records, textfold, yamlload, schemacheck, identifiers, numbers):
        edited = Path(module.__file__).resolve()
        monkeypatch.setattr(location, "file_identity",
                            lambda path, edited=edited: identity(path) + ("-edited" if Path(path) == edited else ""))
        assert database.version() != before, module.__name__
    monkeypatch.setattr(location, "file_identity", identity)
    assert database.version() == before
