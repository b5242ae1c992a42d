"""The commands that write the work ledger never write into the copy of the data shipped with bizenv:
where no data folder is found they fail as validate does, saying how to name one, and write
nothing (in an editable install the shipped copy is the checkout's own data/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bizenv_cli.files.datadir import find_data_dir
from conftest import invoke

HOW_TO = "pass --data DIR (a folder with plans/ and departments.yaml) or set BIZENV_DATA"


def _files_under(folder: Path) -> dict[str, int]:
    return {str(path.relative_to(folder)): path.stat().st_mtime_ns for path in folder.rglob("*")}


@pytest.fixture
def sheet(runner, data_copy, tmp_path) -> Path:
    """A filled-in template of the tax bureau, made from a copy of the data."""
    target = tmp_path / "tax.csv"
    result = invoke(runner, "--data", str(data_copy), "ledger", "template", "--dept", "tax", "--as-of", "2022-06-30",
                    "-o", str(target))
    assert result.exit_code == 0, result.output
    return target


@pytest.mark.parametrize("command", [
    "record 09.02 --as-of 2022-06-30 --by tax --status in-progress",
    "ledger import {sheet}",
    "ledger import {sheet} --dry-run",
    "ledger remove --by tax --as-of 2022-06-30",
])
def test_a_ledger_write_is_never_made_into_the_shipped_copy(runner, sheet, tmp_path_factory, monkeypatch, command):
    elsewhere = tmp_path_factory.mktemp("no-data-here")  # no data/ in it or above it
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("BIZENV_DATA", raising=False)
    shipped = find_data_dir()
    assert shipped.how_found == "package"
    before = _files_under(shipped.root)
    result = invoke(runner, *command.format(sheet=sheet).split())
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (
        f"bizenv: error: no data folder found in {elsewhere.resolve()} or above it (a data/ folder with plans/): "
        f"{HOW_TO}; the copy shipped with bizenv answers queries only")
    assert _files_under(shipped.root) == before


def test_a_template_made_where_no_data_folder_is_says_whose_data_it_is(runner, tmp_path_factory, monkeypatch):
    # Made from the wrong folder it holds none of the office's reports, and its import would replace
    # the report with what the office fills in again: the template is written, with a note.
    elsewhere = tmp_path_factory.mktemp("no-data-here")
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("BIZENV_DATA", raising=False)
    result = invoke(runner, "ledger", "template", "--dept", "tax", "--as-of", "2022-06-30", "-o", "tax.csv")
    assert result.exit_code == 0 and (elsewhere / "tax.csv").is_file(), result.output
    assert result.stderr.splitlines()[-1] == (
        "bizenv: note: no data folder here: the template is of the copy shipped with bizenv, and its ledger's "
        "reports (--data DIR names your data folder)")
