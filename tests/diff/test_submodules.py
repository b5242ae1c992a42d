"""A git submodule where the data is kept (data/progress/office, data/progress, data/plans): git
holds another repository's commit there, not files. `bizenv diff` reads a revision's data from
that revision, so a submodule's files are read on neither side (a checkout's folder on disk is no
revision's); it names the submodule and its commit on each side in one line instead.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO, git, invoke

REPORT = REPO / "tests" / "examples" / "ledger" / "one-report" / "2022-06" / "tax.yaml"


@pytest.fixture
def repo(committed_data) -> Path:
    return committed_data


def other_repository(folder: Path, files: dict[str, bytes]) -> str:
    """A repository of its own holding `files`, committed; its commit id."""
    folder.mkdir()
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "files")
    return git(folder, "rev-parse", "HEAD").strip()


def add_submodule(repo: Path, source: Path, path: str) -> None:
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(source), path)
    git(repo, "commit", "-q", "-m", f"{path} as a submodule")


def note(path: str, where: str) -> str:
    return (f"bizenv: note: {path} is a git submodule ({where}): another repository's files, which diff does not "
            "read; compare them in that repository\n")


def test_reports_in_a_submodule_are_named_never_read_from_the_checkout(runner, repo, tmp_path):
    commit = other_repository(tmp_path / "office", {"2022-06/tax.yaml": REPORT.read_bytes()})
    add_submodule(repo, tmp_path / "office", "data/progress/office")
    short = commit[:7]

    # Between revisions the submodule's report was left out without a word.
    result = invoke(runner, "diff", "HEAD~1", "HEAD")
    assert (result.exit_code, result.stdout) == (0, ""), result.output
    assert result.stderr == note("data/progress/office", f"commit {short} in HEAD") + \
        "no change in meaning (HEAD~1 → HEAD)\n"

    # Against the working tree the checkout's report had been read as recorded, though HEAD holds
    # the same submodule at the same commit: a change the commit never made.
    result = invoke(runner, "diff", "HEAD")
    assert (result.exit_code, result.stdout) == (0, ""), result.output
    assert result.stderr == note("data/progress/office", f"commit {short} in HEAD; checked out in data") + \
        "no change in meaning (HEAD → data)\n"


def test_a_submodule_that_moved_is_named_with_its_commit_on_each_side(runner, repo, tmp_path):
    first = other_repository(tmp_path / "office", {"2022-06/tax.yaml": REPORT.read_bytes()})
    add_submodule(repo, tmp_path / "office", "data/progress/office")
    checkout = repo / "data" / "progress" / "office" / "2022-06" / "tax.yaml"
    checkout.write_text(checkout.read_text(encoding="utf-8").replace("2022-06-20", "2022-06-21"), encoding="utf-8")
    git(checkout.parents[1], "commit", "-q", "-a", "-m", "a day")
    second = git(checkout.parents[1], "rev-parse", "HEAD").strip()
    git(repo, "commit", "-q", "-a", "-m", "the submodule moved")

    result = invoke(runner, "diff", "HEAD~1", "HEAD", "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, []), result.output
    assert result.stderr.startswith(note("data/progress/office",
                                         f"commit {first[:7]} in HEAD~1; commit {second[:7]} in HEAD"))


def test_a_ledger_folder_that_is_a_submodule_is_named(runner, repo, tmp_path):
    shutil.copytree(repo / "data" / "progress", tmp_path / "ledger")
    (tmp_path / "ledger" / "2022-06").mkdir()
    shutil.copy(REPORT, tmp_path / "ledger" / "2022-06" / "tax.yaml")
    commit = other_repository(tmp_path / "ledger-repository", {
        path.relative_to(tmp_path / "ledger").as_posix(): path.read_bytes()
        for path in (tmp_path / "ledger").rglob("*") if path.is_file()})
    git(repo, "rm", "-q", "-r", "data/progress")
    add_submodule(repo, tmp_path / "ledger-repository", "data/progress")

    result = invoke(runner, "diff", "HEAD")
    assert (result.exit_code, result.stdout) == (0, ""), result.output
    assert result.stderr.startswith(note("data/progress", f"commit {commit[:7]} in HEAD; checked out in data"))


def test_a_plans_folder_that_is_a_submodule_is_a_usage_error_naming_it(runner, repo, tmp_path):
    plans = {path.name: path.read_bytes() for path in (repo / "data" / "plans").iterdir()}
    commit = other_repository(tmp_path / "plans", plans)
    git(repo, "rm", "-q", "-r", "data/plans")
    add_submodule(repo, tmp_path / "plans", "data/plans")

    result = invoke(runner, "diff", "HEAD")
    assert (result.exit_code, result.stderr) == (
        2, f"bizenv: error: HEAD holds data/plans as a git submodule (commit {commit[:7]} of another repository), "
           "not as files of this one: diff reads a revision's plans from git; compare them in that repository\n")


def test_the_pre_commit_hook_names_a_submodule_it_cannot_check(runner, repo, tmp_path):
    # The hook had said "ok" with no word of the reports it never saw: the commit holds the
    # submodule's commit alone, whatever its checkout holds.
    commit = other_repository(tmp_path / "office", {"2022-06/tax.yaml": b"not: [a report"})
    add_submodule(repo, tmp_path / "office", "data/progress/office")
    result = invoke(runner, "validate", "--staged")
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"data/progress/office:1:1 warning: a git submodule (commit {commit[:7]} of another "
                             "repository): the commit holds no file of it, and --staged checks none\n")
