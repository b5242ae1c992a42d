"""Shared fixtures: the real data, copies of it to damage, and a CLI runner with a pinned terminal."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

# pytest keeps the test modules it rewrote for assertions (in __pycache__/, which git ignores)
# instead of rewriting every one in each worker on every run, even where PYTHONDONTWRITEBYTECODE
# is set; the programs the tests start keep the environment's setting.
sys.dont_write_bytecode = False

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
SCHEMAS = REPO / "schemas"
SOURCE = DATA / "source" / "pingdingshan-2022-business-environment-plans.txt"

# A skipped or expected-to-fail test fails the run (issue 19: nothing skips because it lacks something).
pytest_plugins = ["no_skips"]

# Rich reads the terminal's width and colour support from the environment; pin both.
CLI_ENV = {"COLUMNS": "100", "NO_COLOR": "1", "GITHUB_ACTIONS": ""}

# Modules whose tests all run on one worker (`-n 2 --dist loadgroup`, as tools/run-tests runs the
# suite), each because of a costly module fixture that would otherwise run on both workers.
ONE_WORKER_MODULES = {
    "tests/outputs/test_workbook_print.py": "LibreOffice prints the export",
    "tests/ledger/test_ledger_round.py": "LibreOffice saves the filled-in sheets",
    "tests/outputs/test_report_browser.py": "Chromium renders and prints the report",
    "tests/cli/test_fuzz_cli.py": "the query rounds on mutated data",
    "tests/outputs/test_outputs_export.py": "the export written as a database and as two workbooks",
    "tests/outputs/test_flat_columns.py": "every listing written as JSON and in both languages' CSV",
    "tests/store/test_store.py": "the queries' answers without the store",
    "tests/store/test_store_trust.py": "a store filled by a report, and a first run as a program",
    "tests/checks/test_validate_speedpaths.py": "a store filled with a ledger report",
}


def pytest_runtest_setup(item):
    """What the worker holds before a test (the collected modules, the session's fixtures, the data
    read once) lives to the end of the run: frozen, the collector never walks it again. bizenv
    freezes what a command loads only in the program (cli/options.py `load`), never in a process
    that runs commands in turn, such as this one; without this, a worker spends about a quarter
    more CPU in the collector."""
    import gc

    gc.freeze()


def pytest_xdist_make_scheduler(config, log):
    """--dist loadgroup, with each of ONE_WORKER_MODULES as one group. pytest 9.2 drops the group
    suffix xdist adds to a marked test's id (pytest-xdist issue 1386), so an `xdist_group` mark
    would silently group nothing; the scheduler groups these modules by their ids instead. This
    is the one place the suite touches xdist's scheduler (a subclass, `_split_scope`)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class ModulesOnOneWorker(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return one_worker_module(nodeid) or super()._split_scope(nodeid)

    return ModulesOnOneWorker(config, log)


def one_worker_module(nodeid: str) -> str | None:
    """The module of test `nodeid` when it is one of ONE_WORKER_MODULES (the scheduler's group)."""
    module = nodeid.split("::", 1)[0]
    return module if module in ONE_WORKER_MODULES else None


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory) -> Path:
    """The stores go to a folder of the test run, never the user's ~/.cache: the run's cache
    folder, where the stores are."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    return Path(os.environ["XDG_CACHE_HOME"]) / "bizenv"


@pytest.fixture(scope="session")
def _store_of_the_shipped_data(shipped_data, tmp_path_factory) -> Path:
    """The database a query built for `shipped_data`, every page in its file."""
    import sqlite3

    cache = tmp_path_factory.mktemp("shipped-store")
    runner = CliRunner(env={**CLI_ENV, "XDG_CACHE_HOME": str(cache), "BIZENV_NO_CACHE": None})
    assert invoke(runner, "--data", str(shipped_data), "plans").exit_code == 0
    (database,) = (cache / "bizenv").glob("*.sqlite")
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return database


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env=CLI_ENV)


@pytest.fixture
def data_copy(tmp_path: Path, _private_cache, _store_of_the_shipped_data) -> Path:
    """A writable copy of the shipped data folder (with schemas/ beside it, as in a checkout), whose
    store in the run's cache is the one built for another copy of the same files, as after a user
    copied a folder they had queried: its first query checks each file's content against it instead
    of parsing every file. (A test's own cache, `private_cache` or another, starts empty.)"""
    shutil.copytree(DATA, tmp_path / "data")
    shutil.copytree(SCHEMAS, tmp_path / "schemas")
    place_store(_store_of_the_shipped_data, _private_cache, tmp_path / "data")
    return tmp_path / "data"


def place_store(database: Path, stores: Path, data: Path) -> None:
    """Put `database` in the folder of stores `stores` as the store of data folder `data`."""
    from bizenv_cli.files.datadir import DataDir
    from bizenv_cli.store import location

    stores.mkdir(parents=True, exist_ok=True)
    shutil.copy(database, stores / location.database_path(DataDir(data, "option").root).name)


@pytest.fixture(scope="session")
def shipped_data(tmp_path_factory) -> Path:
    """A copy of the shipped data folder (schemas/ beside it) that no test writes to: the tests
    that only read it share it (and the store built for its path). A test that wrote to it would
    fail the session, here, at its end."""
    folder = tmp_path_factory.mktemp("shipped") / "data"
    shutil.copytree(DATA, folder)
    shutil.copytree(SCHEMAS, folder.parent / "schemas")
    yield folder
    for root, original in ((folder, DATA), (folder.parent / "schemas", SCHEMAS)):
        copied = {path.relative_to(root): path.read_bytes() for path in root.rglob("*") if path.is_file()}
        assert copied == {path.relative_to(original): path.read_bytes()
                          for path in original.rglob("*") if path.is_file()}, "a test wrote to shipped_data"


@pytest.fixture
def private_cache(tmp_path, monkeypatch) -> Path:
    """A folder of stores of this test's own (where its database goes), used, never bypassed."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("BIZENV_NO_CACHE", raising=False)
    return tmp_path / "cache" / "bizenv"


@pytest.fixture
def private_store(data_copy, private_cache, _store_of_the_shipped_data) -> Path:
    """`private_cache`, holding as `data_copy`'s store the one a query built for another copy of the
    same files: for the tests about what a filled store answers (and how it follows an edit or
    damage), not about filling it, which start where a user's second query does."""
    place_store(_store_of_the_shipped_data, private_cache, data_copy)
    return private_cache


@pytest.fixture
def decoded_plans(monkeypatch) -> list[int]:
    """The numbers of the plans built into model objects (Plan.from_document) during a test."""
    from bizenv_cli.model.records import Plan

    built: list[int] = []
    real = Plan.from_document.__func__

    def counting(cls, doc):
        built.append(doc["document"])
        return real(cls, doc)

    monkeypatch.setattr(Plan, "from_document", classmethod(counting))
    return built


def git(repo: Path, *args: str) -> str:
    """Run git in `repo`; the user's own git configuration (pager, colours, drivers, identity) stays
    out of the test."""
    import os

    env = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    completed = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, check=True)
    return completed.stdout.decode("utf-8")


def cli_commands() -> dict:
    """Every command the command line has, by the words that run it (`due`, `ledger template`): a
    group's commands stand for the group. Tests that must hold for every command find them here,
    so that a new command is held to them too."""
    import typer.main

    from bizenv_cli.cli import app

    found = {}
    for name, command in typer.main.get_command(app).commands.items():
        subcommands = getattr(command, "commands", None)
        found.update({f"{name} {sub}": leaf for sub, leaf in subcommands.items()} if subcommands else {name: command})
    return found


def import_ok(runner: CliRunner, text: Path, folder: Path, *extra: str):
    """`bizenv import TEXT -o FOLDER`, which must succeed with a valid draft."""
    result = invoke(runner, "import", str(text), "-o", str(folder), *extra)
    assert result.exit_code == 0, result.output
    assert "ok: the draft is valid" in result.stderr
    return result


def valid(folder: Path) -> list[str]:
    """What validate finds in the data folder `folder` (empty: valid)."""
    from bizenv_cli.api import validate
    from bizenv_cli.files.datadir import find_data_dir

    return [str(problem) for problem in validate(find_data_dir(folder)).problems]


def bizenv(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """The real program (`python -m bizenv_cli ARGS`) in a subprocess, its text captured, with a
    pinned terminal and no BIZENV_DATA from the user's environment; `kwargs` go to subprocess.run."""
    import os

    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("BIZENV_DATA", None)
    return subprocess.run([sys.executable, "-m", "bizenv_cli", *args], capture_output=True, text=True, env=env,
                          **kwargs)


def as_json(result):
    """The JSON a command printed, after checking that it succeeded."""
    import json

    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def run(data_copy):
    """`bizenv --data <data_copy> ARGS` through the CLI runner; the store is the run's (BIZENV_DATA unset)."""
    env = {**CLI_ENV, "BIZENV_DATA": None}

    def in_data_copy(*args):
        return invoke(CliRunner(env=env), "--data", str(data_copy), *args)
    return in_data_copy


@pytest.fixture
def data_here(data_copy, monkeypatch):
    """The copy, validated from the folder above it, so that findings name data/… as in a checkout;
    no GITHUB_STEP_SUMMARY from the environment (under Actions) gets written to."""
    monkeypatch.chdir(data_copy.parent)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return data_copy


@pytest.fixture
def committed_data(data_copy, monkeypatch) -> Path:
    """A git repository of the shipped data and schemas, committed, the current folder its top, as
    a reviewer's or a pre-commit hook's is; no BIZENV_DATA from the environment."""
    root = data_copy.parent
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "the data")
    monkeypatch.chdir(root)
    monkeypatch.delenv("BIZENV_DATA", raising=False)
    return root


@pytest.fixture(scope="module")
def package():
    """The shipped data (a checkout's data/) loaded as the queries load it, bypassing the store."""
    from bizenv_cli.files.datadir import DataDir
    from bizenv_cli.store.package import load_package

    return load_package(DataDir(DATA, "checkout"), use_cache=False)


@pytest.fixture(scope="module")
def registry_document() -> dict:
    """data/departments.yaml as YAML reads it."""
    import yaml

    return yaml.safe_load((DATA / "departments.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def registry(registry_document: dict):
    """The real department registry (bizenv_cli.model.departments.Registry)."""
    from bizenv_cli.model.departments import Registry

    return Registry.from_document(registry_document)


# typer's CliRunner.invoke builds the click group from `app` anew on every call, as each run of the
# program does once. The tests' invokes share one build per value of BIZENV_TYPER_COMPAT: typer_compat
# sets its quick conversion on the built parameters when they are first parsed, so a build serves
# one setting only.
_GROUPS: dict = {}


def invoke(runner: CliRunner, *args: str):
    """`runner.invoke(app, args, catch_exceptions=False)` (a programming error keeps its traceback)
    on the group built once for the compat setting the run sees."""
    import os
    import sys

    import typer.main
    from typer.testing import Result

    from bizenv_cli.cli import app
    from bizenv_cli.cli.typer_compat import SWITCH

    setting = {**os.environ, **runner.env}.get(SWITCH)
    group = _GROUPS.get(setting)
    if group is None:
        group = _GROUPS[setting] = typer.main.get_command(app)
    exit_code, exception, exc_info = 0, None, None
    with runner.isolation() as (stdout, stderr, output):
        try:
            group.main(args=list(args), prog_name=runner.get_default_prog_name(group))
        except SystemExit as error:
            exc_info = sys.exc_info()
            code = 0 if error.code is None else error.code
            if code != 0:
                exception = error
            if not isinstance(code, int):
                sys.stdout.write(f"{code}\n")
                code = 1
            exit_code = code
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            captured = (stdout.getvalue(), stderr.getvalue(), output.getvalue())
    return Result(runner, *captured, return_value=None, exit_code=exit_code, exception=exception,
                  exc_info=exc_info)


def _hypothesis_profile() -> None:
    # Property tests run the same examples every time, so a CI run is reproducible; the longer,
    # random runs live in tools/fuzz_data.py.
    from hypothesis import settings

    settings.register_profile("bizenv", derandomize=True, database=None, deadline=None)
    settings.load_profile("bizenv")


_hypothesis_profile()


def with_one_ledger_report(data_dir: Path) -> None:
    """Put one body's report in a data copy's ledger: 市税务局 (tax), as of 2022-06-30, reports
    09.02 done on 2022-06-20 (tests/examples/ledger/one-report)."""
    shutil.copytree(REPO / "tests" / "examples" / "ledger" / "one-report", data_dir / "progress", dirs_exist_ok=True)


# --- What is data in a file in Chinese (tests/outputs/test_words.py and the files' own tests) -----

# The JSON keys whose strings are the tool's words, not data: the closed sets a file in Chinese says
# in Chinese (outputs/words.VALUE_IN_CHINESE), a field's name, why a gap has no figure (a
# sentence), what a diff found; and a diff's old and new, which test_words' diff makes a role, a
# direction and a day.
TOOL_WORDS_KEYS = {"field", "to_target_why", "detail", "old", "new"}
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def data_strings(value, key: str | None = None) -> set[str]:
    """Every string a listing's JSON holds as data (a title, a raw value, an id, an English name, a
    note), and each line of one, as a file may break it there."""
    from bizenv_cli.outputs.words import VALUE_IN_CHINESE

    if isinstance(value, dict):
        return set().union(*(data_strings(item, name) for name, item in value.items())) if value else set()
    if isinstance(value, list):
        return set().union(*(data_strings(item, key) for item in value)) if value else set()
    if isinstance(value, str) and key not in TOOL_WORDS_KEYS and key not in VALUE_IN_CHINESE:
        return {value, *value.splitlines()}
    return set()


def raw_strings(value) -> list[str]:
    """The values printed in the source (a baseline's, a target's `raw`), which a table may cut short."""
    if isinstance(value, dict):
        return [text for key, item in value.items()
                for text in ([item] if key == "raw" and isinstance(item, str) else raw_strings(item))]
    return [text for item in value for text in raw_strings(item)] if isinstance(value, list) else []


def english_words(text: str, data: set[str], cut: set[str] = frozenset()) -> set[str]:
    """The English words left in `text` once every data string is taken out (longest first), but
    for the words of `cut`, the words of data a table shows cut short (a target's start…)."""
    for string in sorted(data, key=len, reverse=True):
        if len(string) > 1:
            text = text.replace(string, " ")
    return set(ENGLISH_WORD.findall(text)) - cut
