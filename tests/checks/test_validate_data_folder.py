"""`bizenv validate` checks the user's data or fails saying how to name it; it never checks the copy
shipped with bizenv, which answers queries only (issue 21 point 2). The hook run by pre-commit
itself: tests/diff/test_pre_commit.py."""

from __future__ import annotations

import pytest

from conftest import as_json, invoke
from bizenv_cli.files.datadir import CHECKOUT_DATA, PACKAGED_DATA, DataDir, DataDirNotFound, find_data_dir, folder_to_check

HOW_TO = "pass --data DIR (a folder with plans/ and departments.yaml) or set BIZENV_DATA"


@pytest.fixture
def no_data_here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BIZENV_DATA", raising=False)
    return tmp_path


def test_validate_where_no_data_folder_is_found_is_a_usage_error_that_says_how_to_name_one(runner, no_data_here):
    result = invoke(runner, "validate")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == (
        f"bizenv: error: no data folder found in {no_data_here.resolve()} or above it (a data/ folder with plans/): "
        f"{HOW_TO}; the copy shipped with bizenv answers queries only")


@pytest.mark.parametrize("how", ["--format github", "--coverage", "--format json"])
def test_no_format_or_option_makes_the_shipped_copy_checkable(runner, no_data_here, how):
    result = invoke(runner, "validate", *how.split())
    assert result.exit_code == 2 and "no data folder found" in result.stderr


def test_the_shipped_copy_still_answers_queries(runner, no_data_here):
    assert find_data_dir().how_found == "package"
    plans = as_json(invoke(runner, "plans", "--format", "json"))
    assert [plan["number"] for plan in plans] == list(range(1, 30))


def test_a_data_folder_named_is_checked(runner, data_copy, no_data_here, monkeypatch):
    # The shipped data's 30 files, in data/ as seen from here (data_copy is tmp_path/data).
    assert data_copy.parent == no_data_here
    named = invoke(runner, "--data", str(data_copy), "validate")
    assert (named.exit_code, named.stderr) == (0, "ok: 30 files valid (data)\n"), named.output
    monkeypatch.setenv("BIZENV_DATA", str(data_copy))
    from_environment = invoke(runner, "validate")
    assert (from_environment.exit_code, from_environment.stderr) == (0, "ok: 30 files valid (data)\n")
    plan = data_copy / "plans" / "05-getting-water.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("\nslug: getting-water\n", "\nslug: Getting Water\n", 1),
                    encoding="utf-8")
    damaged = invoke(runner, "validate")
    assert damaged.exit_code == 1 and "05-getting-water.yaml" in damaged.stdout, damaged.output


@pytest.mark.parametrize("shipped", [PACKAGED_DATA, CHECKOUT_DATA], ids=["installed", "editable"])
def test_a_check_is_never_given_the_shipped_copy(shipped):
    with pytest.raises(DataDirNotFound, match="the copy shipped with bizenv answers queries only"):
        folder_to_check(DataDir(shipped, "package"))
    for how in ("option", "environment", "checkout"):
        assert folder_to_check(DataDir(shipped, how)).root == shipped


def test_no_folder_and_no_shipped_copy_says_how_to_name_one_in_each_callers_words(runner, no_data_here,
                                                                                monkeypatch):
    # An install without its copy of the data (or one removed): every search ends in the message.
    from bizenv_cli.files import datadir

    monkeypatch.setattr(datadir, "PACKAGED_DATA", no_data_here / "no-package")
    monkeypatch.setattr(datadir, "CHECKOUT_DATA", no_data_here / "no-checkout")
    result = invoke(runner, "due", "--before", "2022-06")
    assert (result.exit_code, result.stderr) == (2, f"bizenv: error: no data folder found: {HOW_TO}\n")
    with pytest.raises(DataDirNotFound) as library:
        find_data_dir()
    assert str(library.value) == "no data folder found: give its path (a folder with plans/ and departments.yaml) " \
                                 "or set BIZENV_DATA"
    with pytest.raises(DataDirNotFound) as without_environment:
        find_data_dir(environment=False)
    assert str(without_environment.value) == "no data folder found: give its path (a folder with plans/ and " \
                                             "departments.yaml)"
