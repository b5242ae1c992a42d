"""`bizenv validate FOLDER`: every *.yaml in the folder and its subfolders is checked, as naming the
files does (the work ledger keeps its reports in progress/YYYY-MM/)."""

from __future__ import annotations

import os

import pytest

from bizenv_cli.files.datadir import DataDir
from conftest import DATA, invoke, with_one_ledger_report

REPORT = os.path.join("progress", "2022-06", "tax.yaml")


@pytest.fixture
def ledger_copy(data_copy, monkeypatch):
    with_one_ledger_report(data_copy)
    monkeypatch.setenv("BIZENV_DATA", str(data_copy))
    return data_copy


def test_the_ledger_folder_is_checked_like_its_reports_named(runner, ledger_copy):
    folder = invoke(runner, "validate", str(ledger_copy / "progress"))
    named = invoke(runner, "validate", str(ledger_copy / REPORT))
    assert folder.exit_code == 0, folder.output
    assert (folder.stdout, folder.stderr) == (named.stdout, named.stderr)
    assert folder.stderr.startswith("ok: 2 files valid")  # the registry and the one report


def test_a_damaged_report_in_the_folder_is_found_as_when_named(runner, ledger_copy):
    report = ledger_copy / REPORT
    report.write_text(report.read_text(encoding="utf-8").replace("'09.02'", "'09.99'"), encoding="utf-8")
    folder = invoke(runner, "validate", str(ledger_copy / "progress"))
    named = invoke(runner, "validate", str(report))
    assert folder.exit_code == named.exit_code == 1
    assert "no measure '09.99' in the plans" in folder.stdout
    assert (folder.stdout, folder.stderr) == (named.stdout, named.stderr)


def test_the_plans_folder_is_every_plan(runner, ledger_copy):
    result = invoke(runner, "validate", str(ledger_copy / "plans"))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("ok: 30 files valid")


def test_the_data_folder_is_every_plan_and_report_and_the_registry_as_the_registry(runner, ledger_copy):
    # The registry was read as a plan (14 schema errors that said nothing about it).
    result = invoke(runner, "validate", str(ledger_copy))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("ok: 31 files valid")  # registry, 29 plans, one report


def test_hidden_folders_are_not_read(runner, ledger_copy):
    hidden = ledger_copy / "progress" / ".drafts"
    hidden.mkdir()
    (hidden / "draft.yaml").write_text("not: [a report\n", encoding="utf-8")
    result = invoke(runner, "validate", str(ledger_copy / "progress"))
    assert result.exit_code == 0, result.output


def test_a_folder_with_yaml_only_below_it_is_not_empty(runner, tmp_path, ledger_copy):
    nested = tmp_path / "reports" / "2022-06"
    nested.mkdir(parents=True)
    (nested / "tax.yaml").write_bytes((ledger_copy / REPORT).read_bytes())
    result = invoke(runner, "validate", str(tmp_path / "reports"))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("ok: 2 files valid")


@pytest.mark.parametrize("schema", ["plan.schema.json", "departments.schema.json"])
@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_a_schema_that_is_not_json_is_one_finding_at_its_line_not_a_traceback(runner, data_copy, schema, cache):
    path = data_copy.parent / "schemas" / schema
    path.write_text('{\n  "type": "object",\n  oops\n}\n', encoding="utf-8")
    result = invoke(runner, "--data", str(data_copy), *cache, "validate")
    assert result.exit_code == 1, result.output
    assert result.stdout == f"{path}:3:3 the schema is not valid JSON: Expecting property name enclosed in double quotes\n"
    query = invoke(runner, "--data", str(data_copy), *cache, "due", "--before", "2022-06")
    assert query.exit_code == 1 and query.stdout == "", query.output
    assert query.stderr.startswith(f"{path}:3:3 the schema is not valid JSON")


def test_a_ledger_schema_that_is_not_json_is_named_by_validate_and_diff(runner, ledger_copy):
    path = ledger_copy.parent / "schemas" / "progress.schema.json"
    path.write_text("{ oops", encoding="utf-8")
    result = invoke(runner, "validate")
    assert result.exit_code == 1, result.output
    assert result.stdout == f"{path}:1:3 the schema is not valid JSON: Expecting property name enclosed in double quotes\n"
    compared = invoke(runner, "diff", str(ledger_copy), str(ledger_copy))
    assert compared.exit_code == 1 and compared.stderr.startswith(f"{path}:1:3 the schema is not valid JSON"), \
        compared.output


@pytest.mark.parametrize("schema", ["plan.schema.json", "departments.schema.json"])
def test_a_schema_that_is_not_json_is_named_relative_to_the_working_folder_as_a_plan_is(
        runner, data_copy, schema, monkeypatch):
    # From the folder that holds data/ and schemas/, validate names every file below it relative to
    # it (plans/…), and so the schema too: schemas/plan.schema.json:3:3, for validate and a query alike.
    (data_copy.parent / "schemas" / schema).write_text('{\n  "type": "object",\n  oops\n}\n', encoding="utf-8")
    monkeypatch.chdir(data_copy.parent)
    result = invoke(runner, "--data", data_copy.name, "validate")
    assert result.exit_code == 1, result.output
    assert result.stdout == f"schemas/{schema}:3:3 the schema is not valid JSON: Expecting property name enclosed in double quotes\n"
    query = invoke(runner, "--data", data_copy.name, "--no-cache", "due", "--before", "2022-06")
    assert query.exit_code == 1 and query.stderr.startswith(f"schemas/{schema}:3:3 the schema is not valid JSON"), \
        query.output


def test_a_ledger_schema_that_is_not_json_is_named_relative_to_the_working_folder(runner, ledger_copy, monkeypatch):
    (ledger_copy.parent / "schemas" / "progress.schema.json").write_text("{ oops", encoding="utf-8")
    monkeypatch.chdir(ledger_copy.parent)
    result = invoke(runner, "validate")
    assert result.exit_code == 1, result.output
    assert result.stdout == ("schemas/progress.schema.json:1:3 the schema is not valid JSON: "
                             "Expecting property name enclosed in double quotes\n")


def test_an_editors_hidden_files_in_the_data_folder_are_not_data(runner, data_copy):
    # While a plan is open in Emacs, plans/ holds .#09-paying-taxes.yaml, a link to nowhere: every
    # query stopped at it (cannot read … No such file) and validate failed; a hidden copy of a plan
    # was a second plan of document 9, and a hidden report in progress/ a report of its own.
    plans = data_copy / "plans"
    before = {args: invoke(runner, "--data", str(data_copy), *args).stdout for args in (
        ("due", "--before", "2022-07", "--as-of", "2022-05-15", "--format", "json"), ("plans", "--format", "json"))}
    (plans / ".#09-paying-taxes.yaml").symlink_to("user@host.1234:1700000000")
    (plans / ".09-paying-taxes.yaml").write_bytes((plans / "09-paying-taxes.yaml").read_bytes())
    hidden_report = data_copy / "progress" / "2022-06" / ".tax-2022-06-30.yaml"
    hidden_report.parent.mkdir(parents=True)
    hidden_report.write_text("not: [a report\n", encoding="utf-8")
    for args, stdout in before.items():
        result = invoke(runner, "--data", str(data_copy), *args)
        assert (result.exit_code, result.stdout) == (0, stdout), result.output
    result = invoke(runner, "--data", str(data_copy), "validate")
    assert result.exit_code == 0 and result.stderr.startswith("ok: 30 files valid"), result.output
    assert not DataDir(data_copy, "option").ledger_files()
    assert invoke(runner, "diff", str(data_copy), str(DATA)).exit_code == 0
