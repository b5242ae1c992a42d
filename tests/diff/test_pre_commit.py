"""pre-commit itself runs this repository's hook (.pre-commit-config.yaml) over a clone of the data:
clean data passes, a hand edit the source contradicts is stopped before it is committed. Issue 13.

pre-commit is in the `test` extra: a missing pre-commit fails these tests, it never skips them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, REPO, SCHEMAS, git

PLAN = "02-starting-a-business.yaml"


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository holding what the hook watches: the data, the schemas and the hook's config.
    The hook checks the files git's index holds (`validate --staged`), without the store."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(DATA, root / "data", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(SCHEMAS, root / "schemas")
    shutil.copy(REPO / ".pre-commit-config.yaml", root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    return root


def pre_commit(root: Path, tmp_path: Path, *, all_files: bool = True) -> subprocess.CompletedProcess:
    # The local hook runs `bizenv` from PATH: the one installed beside this Python.
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("BIZENV_DATA", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", *(["--all-files"] if all_files else []),
                           "--color", "never"],
                          cwd=root, env=env, capture_output=True, text=True, check=False, timeout=600)


def test_pre_commit_passes_the_shipped_data(repo, tmp_path):
    result = pre_commit(repo, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "bizenv validate" in result.stdout and "Passed" in result.stdout


def test_pre_commit_stops_a_deadline_the_source_does_not_print(repo, tmp_path):
    plan = repo / "data" / "plans" / PLAN
    text = plan.read_text(encoding="utf-8")
    assert "raw: 2022年12月" in text
    plan.write_text(text.replace("raw: 2022年12月", "raw: 2022年10月", 1), encoding="utf-8")
    git(repo, "add", "-A")
    result = pre_commit(repo, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout and PLAN in result.stdout


def test_a_commit_that_only_deletes_a_plan_is_stopped(repo, tmp_path):
    # What else the commit does not hold (git rm --cached, untracked files, BIZENV_DATA) plays no
    # part either: tests/checks/test_validate_staged.py, on the hook's `validate --staged`.
    git(repo, "commit", "-q", "-m", "the data")
    git(repo, "rm", "-q", f"data/plans/{PLAN}")
    result = pre_commit(repo, tmp_path, all_files=False)  # the staged change alone, as `git commit` runs it
    assert "bizenv validate" in result.stdout and "Skipped" not in result.stdout, result.stdout
    assert result.returncode == 1 and "(附件2) has no plan file in data/plans/" in result.stdout, result.stdout


MESSAGE = "--staged: no data folder found in {root} or above it (a data/ folder with plans/): pass --data DIR"


@pytest.fixture
def fork_with_mydata(repo) -> Path:
    """A repository keeping its data in mydata/, its hook declared without args: no data/ to find."""
    (repo / "data").rename(repo / "mydata")
    git(repo, "add", "-A")
    return repo


def test_the_hook_fails_where_it_finds_no_data_folder_and_says_how_to_name_one(fork_with_mydata, tmp_path):
    # It validated the copy shipped with bizenv and printed Passed, whatever mydata/ held.
    plan = fork_with_mydata / "mydata" / "plans" / PLAN
    plan.write_text(plan.read_text(encoding="utf-8").replace("raw: 2022年12月", "raw: 2022年10月", 1), encoding="utf-8")
    result = pre_commit(fork_with_mydata, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout and "Passed" not in result.stdout
    assert MESSAGE.format(root=fork_with_mydata.resolve()) in result.stdout, result.stdout


def test_the_hook_given_the_folder_checks_it(fork_with_mydata, tmp_path):
    config = fork_with_mydata / ".pre-commit-config.yaml"
    text = config.read_text(encoding="utf-8")
    assert "    entry: bizenv validate --staged\n" in text
    config.write_text(text.replace("    entry: bizenv validate --staged\n",
                                   "    entry: bizenv validate --staged\n    args: [--data, mydata]\n"),
                      encoding="utf-8")
    git(fork_with_mydata, "add", "-A")
    assert pre_commit(fork_with_mydata, tmp_path).returncode == 0
    plan = fork_with_mydata / "mydata" / "plans" / PLAN
    plan.write_text(plan.read_text(encoding="utf-8").replace("raw: 2022年12月", "raw: 2022年10月", 1), encoding="utf-8")
    git(fork_with_mydata, "add", "-A")
    result = pre_commit(fork_with_mydata, tmp_path)
    assert result.returncode == 1 and f"mydata/plans/{PLAN}" in result.stdout, result.stdout
