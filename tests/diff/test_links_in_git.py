"""Symbolic links under data/ as git holds them: a link's blob is the path it names, not a file's
contents. `validate --staged` (the pre-commit hook) and `diff` between revisions read the file or
folder a link leads to in the commit, as a checkout would; a link to what the commit does not hold
(an absolute path, a file outside the repository) is named as such, never read from this machine.
On disk a linked folder is followed as a linked file is.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import git, invoke, with_one_ledger_report
from bizenv_cli.files.datadir import walk_data_folder

GAS = "data/plans/06-getting-gas.yaml"


@pytest.fixture
def repo(committed_data) -> Path:
    return committed_data


def linked_from_elsewhere(repo: Path) -> Path:
    """The gas plan moved to elsewhere/ in the repository, a relative link in its place."""
    (repo / "elsewhere").mkdir()
    moved = repo / "elsewhere" / "gas.yaml"
    (repo / GAS).rename(moved)
    (repo / GAS).symlink_to(Path("..", "..", "elsewhere", "gas.yaml"))
    git(repo, "add", "-A")
    return moved


def test_a_link_to_a_file_the_commit_holds_is_read_as_that_file(runner, repo):
    # Written into the hook's mirror as the link, it led nowhere: "cannot read file: No such file".
    moved = linked_from_elsewhere(repo)
    result = invoke(runner, "validate", "--staged")
    assert result.exit_code == 0, result.output
    git(repo, "commit", "-q", "-m", "the gas plan, linked")

    # Between revisions the link had been read as a plan holding the text "../../elsewhere/gas.yaml".
    result = invoke(runner, "diff", "HEAD~1", "HEAD")
    assert result.exit_code == 0, result.output
    moved.write_text(moved.read_text(encoding="utf-8").replace("raw: 2022年12月", "raw: 2022年6月", 1),
                     encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "a deadline, through the link")
    result = invoke(runner, "diff", "HEAD~1", "HEAD", "--format", "json")
    assert result.exit_code == 1, result.output
    assert [(r["kind"], r["id"], r["new"]) for r in json.loads(result.stdout)] == [
        ("deadline-changed", "06.01", "2022年6月")]


def test_a_link_out_of_the_repository_is_named_never_read_from_this_machine(runner, repo, tmp_path):
    # The hook had checked the file on this machine and passed a commit that, cloned, has no plan 6.
    outside = tmp_path / "outside.yaml"
    (repo / GAS).rename(outside)
    (repo / GAS).symlink_to(outside)
    git(repo, "add", "-A")
    assert invoke(runner, "validate").exit_code == 0  # the folder on this machine is whole
    result = invoke(runner, "validate", "--staged")
    assert result.exit_code == 2
    assert result.stderr == (f"bizenv: error: --staged: {GAS} is a symbolic link to {outside}, outside the "
                             "repository: git's index holds the link, not the file it names (commit the file "
                             "itself)\n")
    git(repo, "commit", "-q", "-m", "the gas plan, out of the repository")
    result = invoke(runner, "diff", "HEAD~1", "HEAD")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"bizenv: error: HEAD: {GAS} is a symbolic link to {outside}, outside the "
                                    "repository: that revision holds the link"), result.stderr


def test_a_link_to_nothing_the_commit_holds_and_a_loop_are_named(runner, repo):
    (repo / GAS).unlink()
    (repo / GAS).symlink_to("gone.yaml")
    git(repo, "add", "-A")
    result = invoke(runner, "validate", "--staged")
    assert (result.exit_code, result.stderr) == (
        2, f"bizenv: error: --staged: {GAS} is a symbolic link to gone.yaml, a file git's index does not hold\n")
    os.symlink("06-getting-gas.yaml", repo / "data" / "plans" / "gone.yaml")
    git(repo, "add", "-A")
    result = invoke(runner, "validate", "--staged")
    assert result.exit_code == 2 and result.stderr.endswith("is a loop of symbolic links\n"), result.stderr


# --- a data folder that is itself a link -----------------------------------------------------------
# A revision's folders are where git's tree puts them: a link there is a link blob, followed in that
# revision as a linked file is; never the folder the link leads to on this machine now.

def with_a_report(repo: Path) -> None:
    with_one_ledger_report(repo / "data")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a report")


def linked_folder(repo: Path, folder: str, to: str) -> None:
    """data/`folder` moved to `to` (a path in the repository), a relative link in its place, committed."""
    (repo / to).parent.mkdir(parents=True, exist_ok=True)
    (repo / "data" / folder).rename(repo / to)
    (repo / "data" / folder).symlink_to(os.path.relpath(repo / to, repo / "data"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"data/{folder}, linked")


def test_linked_plans_and_ledger_folders_are_followed_in_each_revision(runner, repo):
    # The link was followed on this machine for both revisions: HEAD~1 was read at plans/, which it
    # does not hold ("HEAD~1 holds no plans in plans/", exit 2), and at ledger/.
    with_a_report(repo)
    linked_folder(repo, "plans", "plans")
    linked_folder(repo, "progress", "ledger")
    result = invoke(runner, "diff", "HEAD~2", "HEAD")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "no change in meaning (HEAD~2 → HEAD)\n")

    # Each revision reads its own link: HEAD~1's ledger is data/progress, HEAD's ledger/, whatever
    # the working tree's link now names.
    report = repo / "ledger" / "2022-06" / "tax.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("2022-06-20", "2022-06-21"), encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "a day")
    (repo / "data" / "progress").unlink()
    (repo / "data" / "progress").symlink_to(Path("..", "elsewhere"))
    result = invoke(runner, "diff", "HEAD~1", "HEAD", "--format", "json")
    assert result.exit_code == 1, result.output
    assert [(r["kind"], r["id"], r["old"], r["new"]) for r in json.loads(result.stdout)] == [
        ("progress-changed", "09.02", "done on 2022-06-20", "done on 2022-06-21")]


def test_a_linked_data_folder_is_followed_in_the_revision(runner, repo):
    with_a_report(repo)
    (repo / "kept").mkdir()
    (repo / "data").rename(repo / "kept" / "data")
    (repo / "data").symlink_to(Path("kept", "data"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "data/, linked")
    result = invoke(runner, "diff", "HEAD~1", "HEAD")
    assert (result.exit_code, result.stderr) == (0, "no change in meaning (HEAD~1 → HEAD)\n"), result.output
    # Named by --data, the folder had been resolved to kept/data/, which HEAD~1 does not hold.
    result = invoke(runner, "--data", "data", "diff", "HEAD~1", "HEAD")
    assert (result.exit_code, result.stderr) == (0, "no change in meaning (HEAD~1 → HEAD)\n"), result.output


@pytest.mark.parametrize("target, why", [
    ("/elsewhere/ledger", "a symbolic link to /elsewhere/ledger, outside the repository: that revision holds the link, "
                          "not the folder it names (commit the folder itself)"),
    ("../gone", "a symbolic link to ../gone, a folder that revision does not hold"),
    ("progress", "a loop of symbolic links"),
    ("departments.yaml", "a symbolic link to departments.yaml, a file, not a folder"),
])
def test_a_linked_folder_that_leads_nowhere_in_the_revision_is_named(runner, repo, target, why):
    # Read through the link on this machine, the folder it names here (or none) stood for the revision's.
    shutil.rmtree(repo / "data" / "progress")
    (repo / "data" / "progress").symlink_to(target)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "data/progress, linked")
    result = invoke(runner, "diff", "HEAD~1", "HEAD")
    assert (result.exit_code, result.stderr) == (2, f"bizenv: error: HEAD: data/progress is {why}\n")


# --- the hook reads the index as diff reads a revision ---------------------------------------------
# It had refused any linked folder ("…which bizenv does not follow in git") while diff followed one
# at a revision: a user with data/progress -> ../ledger could diff the ledger but not commit it.

def test_the_hook_follows_a_linked_ledger_folder_in_the_index(runner, repo):
    with_a_report(repo)
    linked_folder(repo, "progress", "ledger")
    result = invoke(runner, "validate", "--staged")
    assert (result.exit_code, result.stderr) == (0, "ok: 31 files valid (data, as staged)\n"), result.output

    # The index's report, read through the index's link: a broken one is named where the link puts it.
    report = repo / "ledger" / "2022-06" / "tax.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("status: done", "status: finished"),
                      encoding="utf-8")
    assert invoke(runner, "validate", "--staged").exit_code == 0  # not staged: not the commit's
    git(repo, "add", "-A")
    result = invoke(runner, "validate", "--staged")
    assert result.exit_code == 1 and "data/progress/2022-06/tax.yaml:" in result.stdout, result.output


def test_the_hook_follows_the_links_the_index_holds_not_the_working_trees(runner, repo):
    with_a_report(repo)
    linked_folder(repo, "plans", "plans")
    linked_folder(repo, "progress", "elsewhere/ledger")
    assert invoke(runner, "validate", "--staged").exit_code == 0
    # The working tree's link now leads to nothing; the index still holds the committed one.
    (repo / "data" / "progress").unlink()
    (repo / "data" / "progress").symlink_to("gone")
    result = invoke(runner, "validate", "--staged")
    assert (result.exit_code, result.stderr) == (0, "ok: 31 files valid (data, as staged)\n"), result.output


def test_the_hook_follows_a_linked_data_folder_found_from_above_it(runner, repo):
    with_a_report(repo)
    (repo / "kept").mkdir()
    (repo / "data").rename(repo / "kept" / "data")
    (repo / "data").symlink_to(Path("kept", "data"))
    git(repo, "add", "-A")
    result = invoke(runner, "validate", "--staged")
    assert (result.exit_code, result.stderr) == (0, "ok: 31 files valid (data, as staged)\n"), result.output


@pytest.mark.parametrize("target, why", [
    ("/elsewhere/ledger", "a symbolic link to /elsewhere/ledger, outside the repository: git's index holds the link, "
                          "not the folder it names (commit the folder itself)"),
    ("../gone", "a symbolic link to ../gone, a folder git's index does not hold"),
    ("progress", "a loop of symbolic links"),
    ("departments.yaml/2022", "a symbolic link to departments.yaml/2022, a file, not a folder"),
])
def test_a_linked_folder_that_leads_nowhere_in_the_index_is_named_as_diff_names_it(runner, repo, target, why):
    shutil.rmtree(repo / "data" / "progress")
    (repo / "data" / "progress").symlink_to(target)
    git(repo, "add", "-A")
    result = invoke(runner, "validate", "--staged")
    assert (result.exit_code, result.stderr) == (2, f"bizenv: error: --staged: data/progress is {why}\n")


# --- a linked folder inside the ledger -----------------------------------------------------------
# A month kept elsewhere (data/progress/2022-06 -> ../../archive/2022-06) had been skipped without a
# word, on disk (os.walk does not follow a linked folder) and at a revision (its link is no *.yaml):
# it is followed, as a linked file is, on disk, in git's index and in each revision.

def month_kept_elsewhere(repo: Path) -> None:
    with_a_report(repo)
    (repo / "archive").mkdir()
    (repo / "data" / "progress" / "2022-06").rename(repo / "archive" / "2022-06")
    (repo / "data" / "progress" / "2022-06").symlink_to(Path("..", "..", "archive", "2022-06"))
    git(repo, "add", "-A")


def test_a_linked_month_of_the_ledger_is_read_on_disk_in_the_index_and_at_a_revision(runner, repo):
    month_kept_elsewhere(repo)
    for command in (["validate"], ["validate", "--staged"]):
        result = invoke(runner, *command)
        assert result.exit_code == 0 and result.stderr.startswith("ok: 31 files valid"), (command, result.output)
    git(repo, "commit", "-q", "-m", "June, kept in archive/")
    for revisions in (["HEAD~1", "HEAD"], ["HEAD~1"]):  # two revisions, and one against the working tree
        result = invoke(runner, "diff", *revisions)
        assert (result.exit_code, result.stdout) == (0, ""), (revisions, result.output)

    # Its reports are the ledger's: a day changed there is a change of the ledger.
    report = repo / "archive" / "2022-06" / "tax.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("2022-06-20", "2022-06-21"), encoding="utf-8")
    result = invoke(runner, "diff", "HEAD", "--format", "json")
    assert [(r["kind"], r["id"], r["new"]) for r in json.loads(result.stdout)] == [
        ("progress-changed", "09.02", "done on 2022-06-21")], result.output
    git(repo, "commit", "-q", "-a", "-m", "a day")
    result = invoke(runner, "diff", "HEAD~1", "HEAD", "--format", "json")
    assert [(r["kind"], r["id"], r["new"]) for r in json.loads(result.stdout)] == [
        ("progress-changed", "09.02", "done on 2022-06-21")], result.output


def test_a_link_back_to_a_folder_of_the_ledger_reads_its_reports_once(runner, repo):
    with_a_report(repo)
    (repo / "data" / "progress" / "2022-06" / "again").symlink_to("..")
    (repo / "data" / "progress" / "here").symlink_to(".")
    git(repo, "add", "-A")
    # The walk itself first, and only so far: without its guard it goes round the links for as long
    # as the system resolves them, so the commands below would never return and the test never fail.
    ledger = repo / "data" / "progress"
    walked = [Path(parent) for parent, _, _ in itertools.islice(walk_data_folder(ledger), 20)]
    assert walked == [ledger, ledger / "2022-06"]
    for command in (["validate"], ["validate", "--staged"]):
        result = invoke(runner, *command)
        assert result.exit_code == 0 and result.stderr.startswith("ok: 31 files valid"), (command, result.output)
    git(repo, "commit", "-q", "-m", "links back")
    result = invoke(runner, "diff", "HEAD~1", "HEAD")
    assert (result.exit_code, result.stdout) == (0, ""), result.output


def two_links_to_one_month(repo: Path) -> None:
    (repo / "archive").mkdir()
    (repo / "data" / "progress" / "2022-06").rename(repo / "archive" / "2022-06")
    for month in ("2022-06", "2022-07"):
        (repo / "data" / "progress" / month).symlink_to(Path("..", "..", "archive", "2022-06"))


def a_link_beside_the_month_it_names(repo: Path) -> None:
    (repo / "data" / "progress" / "latest").symlink_to("2022-06")


@pytest.mark.parametrize("arrange", [two_links_to_one_month, a_link_beside_the_month_it_names])
def test_a_month_reached_two_ways_is_read_once_on_disk_in_the_index_and_at_a_revision(runner, repo, arrange):
    # Each way had read its reports: the hook refused "also tax's report as of 2022-06-30", diff
    # counted each change twice, validate on disk named the report at one link or the other. The
    # real folder is read where it is, else where the first link in path order leads.
    with_a_report(repo)
    arrange(repo)
    git(repo, "add", "-A")
    for command in (["validate"], ["validate", "--staged"]):
        result = invoke(runner, *command)
        assert (result.exit_code, result.stdout) == (0, ""), (command, result.output)
        assert result.stderr.startswith("ok: 31 files valid"), (command, result.output)
    git(repo, "commit", "-q", "-m", "one month, two ways")
    for revisions in (["HEAD~1", "HEAD"], ["HEAD~1"]):  # two revisions, and one against the working tree
        result = invoke(runner, "diff", *revisions)
        assert (result.exit_code, result.stdout) == (0, ""), (revisions, result.output)
    report = repo / "data" / "progress" / "2022-06" / "tax.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("2022-06-20", "2022-06-21"), encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "a day")
    for revisions in (["HEAD~1", "HEAD"], ["HEAD~1"]):
        result = invoke(runner, "diff", *revisions, "--format", "json")
        assert [(r["kind"], r["id"], r["new"]) for r in json.loads(result.stdout)] == [
            ("progress-changed", "09.02", "done on 2022-06-21")], (revisions, result.output)


def test_a_linked_month_out_of_the_repository_is_read_on_disk_and_named_at_a_revision(runner, repo, tmp_path):
    with_a_report(repo)
    outside = tmp_path / "june"
    (repo / "data" / "progress" / "2022-06").rename(outside)
    (repo / "data" / "progress" / "2022-06").symlink_to(outside)
    git(repo, "add", "-A")
    result = invoke(runner, "validate")
    assert result.exit_code == 0 and result.stderr.startswith("ok: 31 files valid"), result.output
    why = (f"data/progress/2022-06 is a symbolic link to {outside}, outside the repository: {{}} holds the link, "
           "not the folder it names (commit the folder itself)\n")
    result = invoke(runner, "validate", "--staged")
    assert (result.exit_code, result.stderr) == (2, "bizenv: error: --staged: " + why.format("git's index"))
    git(repo, "commit", "-q", "-m", "June, out of the repository")
    result = invoke(runner, "diff", "HEAD~1", "HEAD")
    assert (result.exit_code, result.stderr) == (2, "bizenv: error: HEAD: " + why.format("that revision"))


# --- run from inside a linked data folder -----------------------------------------------------------

def test_diff_from_inside_a_linked_data_folder_places_it_where_the_shell_stands(runner, repo, monkeypatch):
    # The system gives the link's target (kept/data) as the working folder: the data folder found from
    # there had been looked for at kept/data in HEAD~2, which holds it at data/ ("holds no plans", exit 2).
    with_a_report(repo)
    (repo / "kept").mkdir()
    (repo / "data").rename(repo / "kept" / "data")
    (repo / "data").symlink_to(Path("kept", "data"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "data/, linked")
    report = repo / "data" / "progress" / "2022-06" / "tax.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("2022-06-20", "2022-06-21"), encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "a day")
    for inside in (repo / "data", repo / "data" / "plans"):
        monkeypatch.chdir(inside)
        monkeypatch.setenv("PWD", str(inside))  # as a shell that cd'd there keeps it
        result = invoke(runner, "diff", "HEAD~2", "HEAD", "--format", "json")
        assert result.exit_code == 1, (inside, result.output)
        assert [(r["kind"], r["new"]) for r in json.loads(result.stdout)] == [("progress-changed", "done on 2022-06-21")]

    # $PWD naming another folder than the working one (a program moved without saying so) is not
    # trusted: the folder is placed where the system says it is.
    monkeypatch.setenv("PWD", str(repo))
    result = invoke(runner, "diff", "HEAD~2", "HEAD")
    assert (result.exit_code, result.stderr) == (
        2, "bizenv: error: HEAD~2 holds no plans in kept/data/plans/, where the data folder in use keeps them; "
           "name the folder or file to compare it with\n"), result.output


def test_an_editors_lock_file_committed_by_mistake_is_no_data_at_a_revision_either(runner, repo):
    # Emacs's .#NAME is a link to nowhere while NAME is open; on disk it is hidden, never data. In the
    # index and a revision it had been followed, and named as a link to a file the commit lacks.
    (repo / "data" / "plans" / ".#06-getting-gas.yaml").symlink_to("user@host.1234:1700000000")
    # Nor is a link in a hidden folder (a tool's), which the folder on disk never reaches.
    (repo / "data" / "progress" / ".old").mkdir()
    (repo / "data" / "progress" / ".old" / "2022-05").symlink_to("/elsewhere/2022-05")
    git(repo, "add", "-A")
    assert invoke(runner, "validate", "--staged").exit_code == 0
    git(repo, "commit", "-q", "-m", "a lock file, by mistake")
    result = invoke(runner, "diff", "HEAD~1", "HEAD")
    assert (result.exit_code, result.stdout) == (0, ""), result.output


def test_the_hook_from_inside_a_linked_data_folder_checks_the_link_the_index_holds(runner, repo, monkeypatch):
    # The index links data/ to other/data, whose gas plan is broken; the working tree's link, not
    # staged, leads to kept/data. Run from inside data/, the hook had checked kept/data in the index.
    (repo / "kept").mkdir()
    (repo / "data").rename(repo / "kept" / "data")
    shutil.copytree(repo / "kept" / "data", repo / "other" / "data")
    gas = repo / "other" / "data" / "plans" / "06-getting-gas.yaml"
    gas.write_text(gas.read_text(encoding="utf-8").replace("document: 6", "document: six", 1), encoding="utf-8")
    (repo / "data").symlink_to(Path("other", "data"))
    git(repo, "add", "-A")
    (repo / "data").unlink()
    (repo / "data").symlink_to(Path("kept", "data"))
    assert invoke(runner, "validate").exit_code == 0  # the working tree's data
    monkeypatch.chdir(repo / "data")
    monkeypatch.setenv("PWD", str(repo / "data"))
    result = invoke(runner, "validate", "--staged")
    assert result.exit_code == 1 and result.stdout.startswith("plans/06-getting-gas.yaml:"), result.output
