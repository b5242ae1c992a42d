"""`bizenv validate --staged`, what the pre-commit hook runs (docs/review.md#pre-commit): the data
folder as git's index holds it for the next commit, not as the folder holds it. An unstaged fix, an
untracked stray file, a plan removed with `git rm --cached` and BIZENV_DATA all once made the
hook check something other than the commit."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from conftest import CLI_ENV, git, invoke

PLAN = "data/plans/09-paying-taxes.yaml"


@pytest.fixture
def repo(committed_data):
    return committed_data


def staged(runner, *args):
    result = invoke(runner, "validate", "--staged", *args)
    return result.exit_code, result.stdout, result.stderr


def test_a_broken_plan_staged_and_mended_in_the_folder_is_stopped(runner, repo):
    plan = repo / PLAN
    good = plan.read_text(encoding="utf-8")
    plan.write_text(good.replace("\nslug: paying-taxes\n", "\nslug: 99\n", 1), encoding="utf-8")
    git(repo, "add", PLAN)
    plan.write_text(good, encoding="utf-8")  # mended, not staged
    assert invoke(runner, "validate").exit_code == 0
    code, stdout, stderr = staged(runner)
    assert code == 1, stderr
    # named by its place in the repository
    assert stdout == f"{PLAN}:8:1 slug: 99 is not of type 'string'; written in quotes, '99', it is a text\n"


def test_what_the_folder_holds_and_the_commit_does_not_plays_no_part(runner, repo):
    stray = repo / "data" / "plans" / "02-copy.yml"
    shutil.copy(repo / "data" / "plans" / "02-starting-a-business.yaml", stray)  # untracked
    assert invoke(runner, "validate").exit_code == 1
    code, _, stderr = staged(runner)
    assert (code, stderr) == (0, "ok: 30 files valid (data, as staged)\n")
    stray.unlink()
    git(repo, "rm", "-q", "--cached", PLAN)  # gone from the commit, still in the folder
    assert invoke(runner, "validate").exit_code == 0
    code, stdout, _ = staged(runner)
    assert code == 1 and "document 9 (附件9) has no plan file in data/plans/" in stdout, stdout


def test_bizenv_data_does_not_choose_the_folder_a_commit_checks(repo, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(repo / "data", elsewhere)
    plan = repo / PLAN
    plan.write_text(plan.read_text(encoding="utf-8").replace("\nslug: paying-taxes\n", "\nslug: 99\n", 1),
                    encoding="utf-8")
    git(repo, "add", PLAN)
    runner = CliRunner(env={**CLI_ENV, "BIZENV_DATA": str(elsewhere)})
    assert invoke(runner, "validate").exit_code == 0  # a query's folder: the valid copy elsewhere
    code, stdout, _ = staged(runner)
    assert code == 1 and stdout.startswith(f"{PLAN}:8:1 slug:"), stdout


def test_staged_checks_a_folder_in_a_repository_and_the_whole_of_it(runner, data_copy, monkeypatch):
    monkeypatch.chdir(data_copy.parent)  # not a repository
    assert staged(runner) == (2, "", "bizenv: error: --staged: data is not in a git repository: there is no index "
                                     "to check\n")
    assert staged(runner, PLAN)[0] == 2


def test_from_a_subfolder_a_finding_names_its_file_as_validate_does(runner, repo, monkeypatch):
    # From data/, validate names the plan plans/09-paying-taxes.yaml (below the working folder);
    # --staged named it by its full path, though its docs say it names files as validate does.
    plan = repo / PLAN
    plan.write_text(plan.read_text(encoding="utf-8").replace("\nslug: paying-taxes\n", "\nslug: 99\n", 1),
                    encoding="utf-8")
    git(repo, "add", PLAN)
    monkeypatch.chdir(repo / "data")
    checked = invoke(runner, "validate")
    assert checked.stdout == ("plans/09-paying-taxes.yaml:8:1 slug: 99 is not of type 'string'; written in quotes, "
                              "'99', it is a text\n"), checked.output
    code, stdout, _ = staged(runner)
    assert (code, stdout) == (1, checked.stdout)
    # From a folder beside data/, neither names it relative to the working folder: both in full.
    (repo / "docs").mkdir()
    monkeypatch.chdir(repo / "docs")
    code, stdout, _ = staged(runner, "--data", str(repo / "data"))
    assert (code, stdout) == (1, f"{repo.resolve() / PLAN}:8:1 slug: 99 is not of type 'string'; written in quotes, "
                                 "'99', it is a text\n")
