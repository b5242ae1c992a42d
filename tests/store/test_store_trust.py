"""The cache never decides what runs or what is true (issue 22, points 5 to 8): nothing read from it is
executed or unmarshalled; what it holds for a file proves it was built from that file's content;
--no-cache touches nothing in it, for every command; and what is in its folder is read only when
it is a regular file of a bounded size, and removed when it is not."""

from __future__ import annotations

import json
import marshal
import os
import sqlite3
import stat
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from bizenv_cli.store import location
from conftest import SCHEMAS, invoke, place_store

DUE = ("due", "--before", "2022-06", "--as-of", "2022-05-15", "--format", "json")
COMMANDS = [
    DUE,
    ("due", "--by", "2022-12", "--dept", "tax", "--include-ongoing", "--format", "json"),
    ("show", "02.01", "--format", "json"),
    ("measures", "--plan", "2", "--format", "json"),
    ("search", "企业开办", "--format", "json"),
    ("gaps", "--format", "json"),
    ("plans", "--format", "json"),
    ("departments", "--format", "json"),
    ("validate",),
]


def _title(data_dir: Path, title: str) -> None:
    path = data_dir / "plans" / "02-starting-a-business.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: 平顶山市企业开办优化提升专项行动方案", f"title: {title}", 1), encoding="utf-8")


# --- 5: nothing from the cache is ever run ---------------------------------------------------------

def _former_entry(payload: bytes) -> bytes:
    """An entry as the former cache wrote them: magic, length, CRC-32, payload."""
    return b"bizenv-cache-3\n" + len(payload).to_bytes(8, "little") + zlib.crc32(payload).to_bytes(4, "little") + payload


def _plant_compiled_checks(cache: Path, marker: Path) -> list[Path]:
    """A marshalled code object under the name the former cache kept each schema's compiled check
    by (*.schemacheck), with a valid checksum: running it leaves `marker`."""
    from hashlib import blake2b

    code = compile(f"open({str(marker)!r}, 'a').write('ran\\n')\ndef validate_planted(data):\n    return data\n",
                   "<planted>", "exec")
    version = f"3-{sys.version_info[0]}.{sys.version_info[1]}-{marshal.version}"
    cache.mkdir(parents=True, exist_ok=True)
    planted = []
    for name in ("plan.schema.json", "departments.schema.json"):
        schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
        text = json.dumps(schema, sort_keys=True, ensure_ascii=False)
        key = blake2b((version + "\0" + text).encode(), digest_size=20).hexdigest()
        path = cache / f"{key}.schemacheck"
        path.write_bytes(_former_entry(marshal.dumps(("validate_planted", code))))
        planted.append(path)
    return planted


def test_a_compiled_check_planted_in_the_cache_never_runs(data_copy, private_cache, runner, tmp_path):
    marker = tmp_path / "ran"
    planted = _plant_compiled_checks(private_cache, marker)
    for args in (DUE, ("show", "02.01"), ("gaps",), ("validate",)):
        for cache_option in ((), ("--no-cache",)):
            result = invoke(runner, "--data", str(data_copy), *cache_option, *args)
            assert result.exit_code == 0, (args, result.stderr)
    assert not marker.exists(), "code from the cache ran"
    assert not any(path.exists() for path in planted), "a run that wrote to the cache removed them"


def test_no_code_is_unmarshalled_or_unpickled_on_any_run(data_copy, private_cache, runner, monkeypatch, tmp_path):
    import pickle

    from typer.testing import CliRunner

    from conftest import CLI_ENV

    def refused(*args, **kwargs):
        raise AssertionError("something was unmarshalled or unpickled")

    # Python's own imports unmarshal the modules' bytecode: every module the commands need is
    # imported first, by the same runs (a store filled, then read) in a cache of their own, so that
    # only what the store holds is watched.
    rehearsal = CliRunner(env={**CLI_ENV, "XDG_CACHE_HOME": str(tmp_path / "rehearsal"), "BIZENV_NO_CACHE": None})
    for args in COMMANDS:
        assert invoke(rehearsal, "--data", str(data_copy), *args).exit_code == 0
    assert not private_cache.exists()
    for module, name in ((marshal, "loads"), (marshal, "load"), (pickle, "loads"), (pickle, "load")):
        monkeypatch.setattr(module, name, refused)
    for _ in range(2):  # filling the store, then reading it
        for args in COMMANDS:
            result = invoke(runner, "--data", str(data_copy), *args)
            assert result.exit_code == 0, (args, result.stderr)


def test_the_store_holds_data_only(data_copy, private_cache, runner):
    assert invoke(runner, "--data", str(data_copy), *DUE).exit_code == 0
    (database,) = private_cache.glob("*.sqlite")
    db = sqlite3.connect(database)
    tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    types = {row[2] for table in tables for row in db.execute(f"PRAGMA table_info({table})")}
    assert types <= {"TEXT", "INTEGER", "REAL"}, "no BLOB: nothing that could hold code"
    assert not db.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'view')").fetchall()
    db.close()


# --- 6: what the store holds for a file belongs to that file's content -------------------------------

def _swap_in(clean_db: Path, edited_db: Path, path: str) -> None:
    """Copy every row the store built from the edited file into the clean store, under the clean
    file's name and id: valid checksums, another content."""
    from bizenv_cli.store.tables import COLUMNS

    db = sqlite3.connect(clean_db)
    db.execute("ATTACH DATABASE ? AS edited", (str(edited_db),))
    (clean_id,) = db.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
    (edited_id,) = db.execute("SELECT id FROM edited.files WHERE path = ?", (path,)).fetchone()
    with db:
        db.execute("UPDATE files SET (kind, content_hash, document, checksum) = "
                   "(SELECT kind, content_hash, document, checksum FROM edited.files WHERE id = ?) WHERE id = ?",
                   (edited_id, clean_id))
        for table, columns in COLUMNS.items():
            listed = ", ".join(f'"{column}"' for column in columns)
            db.execute(f"DELETE FROM main.{table} WHERE file = ?", (clean_id,))
            db.execute(f"INSERT INTO main.{table} ({listed}, file, checksum) "
                       f"SELECT {listed}, ?, checksum FROM edited.{table} WHERE file = ?", (clean_id, edited_id))
    db.close()


def _edited_rows_swapped_in(shipped_data, first_run, store_of_the_shipped_data, tmp_path, runner, monkeypatch,
                            plant_dates: bool) -> None:
    """Plan 02 retitled 篡改后的标题 (and, with `plant_dates`, its dates moved to 2023) in a copy whose
    own store a query fills; then that plan's rows swapped into the store of `shipped_data`, which
    `due` built in the cache this leaves XDG_CACHE_HOME at."""
    import shutil

    edited = tmp_path / "edited" / "data"
    shutil.copytree(shipped_data, edited)
    shutil.copytree(SCHEMAS, edited.parent / "schemas")
    _title(edited, "篡改后的标题")
    if plant_dates:
        plan = edited / "plans" / "02-starting-a-business.yaml"
        plan.write_text(plan.read_text(encoding="utf-8").replace("date: '2022-", "date: '2023-"), encoding="utf-8")
    monkeypatch.delenv("BIZENV_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "edited-cache"))
    # The edited copy's store: the shipped data's, where a query replaces the edited plan's rows.
    place_store(store_of_the_shipped_data, tmp_path / "edited-cache" / "bizenv", edited)
    assert invoke(runner, "--data", str(edited), *DUE).exit_code == 0
    (edited_db,) = (tmp_path / "edited-cache" / "bizenv").glob("*.sqlite")

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    shutil.copytree(first_run[1], tmp_path / "cache" / "bizenv")  # the store `due` built
    assert invoke(runner, "--data", str(shipped_data), *DUE).exit_code == 0
    (clean_db,) = (tmp_path / "cache" / "bizenv").glob("*.sqlite")
    _swap_in(clean_db, edited_db, "plans/02-starting-a-business.yaml")


def test_rows_built_from_another_content_are_never_served(shipped_data, first_run_of_the_shipped_data, tmp_path, runner,
                                                          monkeypatch, _store_of_the_shipped_data):
    data_copy = shipped_data  # only its store is changed
    truths = {args: invoke(runner, "--data", str(data_copy), "--no-cache", *args).stdout for args in COMMANDS}
    _edited_rows_swapped_in(data_copy, first_run_of_the_shipped_data, _store_of_the_shipped_data, tmp_path, runner,
                            monkeypatch, plant_dates=True)
    assert "平顶山市企业开办优化提升专项行动方案" in truths[("plans", "--format", "json")]
    for args in COMMANDS:
        result = invoke(runner, "--data", str(data_copy), *args)
        assert (result.exit_code, result.stdout) == (0, truths[args]), args
        assert "篡改后的标题" not in result.stdout + result.stderr


def test_the_export_never_carries_rows_of_another_content(shipped_data, first_run_of_the_shipped_data, tmp_path, runner,
                                                          monkeypatch, _store_of_the_shipped_data):
    data_copy = shipped_data  # only its store is changed
    _edited_rows_swapped_in(data_copy, first_run_of_the_shipped_data, _store_of_the_shipped_data, tmp_path, runner,
                            monkeypatch, plant_dates=False)
    target = tmp_path / "export.sqlite"
    assert invoke(runner, "--data", str(data_copy), "export", "-o", str(target)).exit_code == 0
    db = sqlite3.connect(target)
    assert db.execute("SELECT title FROM plans WHERE number = 2").fetchone() == ("平顶山市企业开办优化提升专项行动方案",)
    db.close()


# --- 7: --no-cache reads and writes nothing in the cache ---------------------------------------------

@pytest.fixture(scope="module")
def filled_store_of_a_report(tmp_path_factory) -> tuple[Path, Path]:
    """(a data folder with one ledger report, the cache folder its store is in, filled by every
    command): the tests that read it share it, each with its own copy of the cache folder."""
    import shutil

    from typer.testing import CliRunner

    from conftest import CLI_ENV, DATA, with_one_ledger_report

    workdir = tmp_path_factory.mktemp("one-report")
    data = workdir / "data"
    shutil.copytree(DATA, data)
    shutil.copytree(SCHEMAS, workdir / "schemas")
    with_one_ledger_report(data)
    runner = CliRunner(env={**CLI_ENV, "XDG_CACHE_HOME": str(workdir / "cache"), "BIZENV_NO_CACHE": None})
    for args in COMMANDS:
        assert invoke(runner, "--data", str(data), *args).exit_code == 0
    return data, workdir / "cache" / "bizenv"


@pytest.mark.parametrize("how", ["option", "option after the command", "environment"])
def test_no_cache_touches_nothing_in_the_cache_folder(filled_store_of_a_report, private_cache, runner, monkeypatch,
                                                      how, tmp_path):
    # Nothing under the cache home is opened, listed, created (the cache folder itself included:
    # os.mkdir and os.makedirs are watched), changed or removed.
    import shutil

    data_copy, filled = filled_store_of_a_report
    shutil.copytree(filled, private_cache)  # the store filled, so that there is something to read
    assert list(private_cache.iterdir())
    commands = [DUE, ("show", "02.01", "--format", "json"), ("validate",)]
    if how == "option":
        commands = _every_command(data_copy, tmp_path, monkeypatch)
    for args in commands:
        if how == "option":
            full = ("--no-cache", "--data", str(data_copy), *args)
        elif how == "option after the command":
            full = ("--data", str(data_copy), *args, "--no-cache")
        else:
            monkeypatch.setenv("BIZENV_NO_CACHE", "1")
            full = ("--data", str(data_copy), *args)
        touched = _touches_of(runner, full, private_cache, monkeypatch)
        assert touched == [], (args, touched[:5])


def _every_command(data_copy: Path, tmp_path: Path, monkeypatch) -> list[tuple[str, ...]]:
    """One run of every command the CLI has, each of the ledger's too, in an order in which each
    succeeds (the writers last); checked to be every command, so that a new one is run here too."""
    from conftest import SOURCE, cli_commands, git

    repository = tmp_path / "clone"
    repository.mkdir()
    git(repository, "init", "-q")
    monkeypatch.chdir(repository)  # git-setup writes into the clone of the current folder
    plan = str(data_copy / "plans" / "04-getting-electricity.yaml")
    template = str(tmp_path / "tax.xlsx")
    commands = COMMANDS + [
        ("validate", plan), ("progress", "--format", "json"), ("report", "-o", str(tmp_path / "r.html")),
        ("export", "-o", str(tmp_path / "p.sqlite")), ("diff", str(data_copy), str(data_copy)), ("textconv", plan),
        ("git-setup",), ("import", str(SOURCE), "-o", str(tmp_path / "draft")),
        ("ledger", "template", "--dept", "tax", "--as-of", "2022-07-01", "-o", template),
        ("ledger", "import", template, "--dry-run"),
        ("record", "09.02#1", "--as-of", "2022-07-01", "--by", "tax", "--status", "in-progress"),
        ("ledger", "remove", "--by", "tax", "--as-of", "2022-07-01"),
    ]
    run = {" ".join(args[:2]) if args[0] == "ledger" else args[0] for args in commands}
    assert run == set(cli_commands()), f"add a run of {sorted(set(cli_commands()) - run)} to _every_command " \
                                       f"(or remove {sorted(run - set(cli_commands()))})"
    return commands


def _touches_of(runner, args, private_cache, monkeypatch) -> list[str]:
    """Every path inside the cache folder that a function of the os, io, sqlite3 or shutil modules
    was asked to open, read, list, create, change or remove while the command ran."""
    import builtins
    import io
    import shutil

    folder = str(private_cache.parent)
    touched: list[str] = []

    def watching(function):
        def wrapper(*args, **kwargs):
            for value in list(args[:2]) + list(kwargs.values()):
                if isinstance(value, (str, bytes, os.PathLike)) and os.fsdecode(value).startswith(folder):
                    touched.append(f"{function.__name__} {os.fsdecode(value)}")
            return function(*args, **kwargs)
        return wrapper

    with monkeypatch.context() as patch:
        for module, names in ((os, ("open", "stat", "lstat", "scandir", "listdir", "mkdir", "makedirs", "unlink",
                                    "remove", "rmdir", "utime", "replace", "rename")),
                              (builtins, ("open",)), (io, ("open",)), (sqlite3, ("connect",)),
                              (shutil, ("rmtree",))):
            for name in names:
                patch.setattr(module, name, watching(getattr(module, name)))
        result = invoke(runner, *args)
    assert result.exit_code == 0, (args, result.stderr)
    return touched


# --- 8: what is in the cache folder is read only when it is a regular file ---------------------------

def _run(data_copy, cache_home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "BIZENV_DATA": str(data_copy)}
    env.pop("BIZENV_NO_CACHE", None)
    return subprocess.run([sys.executable, "-m", "bizenv_cli", *DUE], env=env, capture_output=True, text=True,
                          timeout=120)  # a run that blocks on a pipe fails here instead of hanging the suite


@pytest.fixture(scope="module")
def first_run_of_the_shipped_data(shipped_data, tmp_path_factory) -> tuple[str, Path]:
    """(the answer, the cache folder) of a first run on `shipped_data`: the store it built is there."""
    home = tmp_path_factory.mktemp("first-run") / "cache"
    result = _run(shipped_data, home)
    assert result.returncode == 0, result.stderr
    return result.stdout, home / "bizenv"


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero", "folder", "oversized"])
def test_what_is_not_a_regular_file_never_hangs_and_is_removed(shipped_data, first_run_of_the_shipped_data, tmp_path,
                                                               kind, suffix):
    if kind == "link to /dev/zero" and not os.path.exists("/dev/zero"):
        pytest.fail("this test needs /dev/zero")
    import shutil

    home = tmp_path / "cache"
    truth, store = first_run_of_the_shipped_data
    shutil.copytree(store, home / "bizenv")  # as the first run left it, this test's own
    from bizenv_cli.files.datadir import DataDir

    database = location.database_path(DataDir(shipped_data.resolve(), "option").root).name
    target = home / "bizenv" / f"{database}{suffix}"
    if target.exists():
        target.unlink()
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "link to /dev/zero":
        target.symlink_to("/dev/zero")
    elif kind == "folder":
        target.mkdir()
    else:
        with open(target, "wb") as handle:
            handle.truncate(location.MAX_DATABASE_BYTES + 1)
    for _ in range(2):
        result = _run(shipped_data, home)
        assert (result.returncode, result.stdout) == (0, truth), result.stderr
    for path in (home / "bizenv").iterdir():
        status = path.lstat()
        assert stat.S_ISREG(status.st_mode) and status.st_size <= location.MAX_DATABASE_BYTES, path


def test_a_pipe_a_link_or_a_folder_elsewhere_in_the_cache_folder_is_removed(data_copy, tmp_path):
    """The store's prune, after a run that wrote, removes every entry of the cache folder that is not
    a store of its own (a pipe, a link, a folder), without reading it."""
    home = tmp_path / "cache"
    truth = _run(data_copy, home).stdout
    folder = home / "bizenv"
    os.mkfifo(folder / "0123abcd.doc")
    (folder / "4567cdef.index").symlink_to("/dev/zero")
    (folder / "89ab.schemacheck").mkdir()
    (folder / "other.sqlite").symlink_to("/dev/zero")
    path = data_copy / "plans" / "02-starting-a-business.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# an edit: this run writes\n", encoding="utf-8")
    result = _run(data_copy, home)
    assert (result.returncode, result.stdout) == (0, truth), result.stderr
    assert sorted(os.listdir(folder)) == sorted(name for name in os.listdir(folder) if name.startswith("folder-"))
    assert all(stat.S_ISREG((folder / name).lstat().st_mode) for name in os.listdir(folder))
