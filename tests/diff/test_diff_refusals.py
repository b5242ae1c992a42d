"""What `bizenv diff` refuses: a version that does not pass `bizenv validate` is invalid data, named
as validate names it (exit 1, no diff); a programming error of the diff is never taken for bad data.
(What the loader refuses for every command: tests/files/test_refused_inputs.py.)"""

from __future__ import annotations

import shutil

import pytest

from conftest import DATA, invoke

PLAN = "05-getting-water.yaml"


def test_diff_of_a_plan_that_breaks_the_schema_is_invalid_data_named_as_validate_names_it(runner, data_copy, tmp_path):
    # Found by the fuzz loop: a deadline's milestones turned into a number crashed the semantic diff.
    # Each side is checked against the schema first: validate's lines on stderr, exit 1, no diff.
    path = data_copy / "plans" / PLAN
    old = tmp_path / PLAN
    old.write_bytes(path.read_bytes())
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    milestones:\n", "    milestones: -1\n    milestones_:\n", 1), encoding="utf-8")
    result = invoke(runner, "--data", str(data_copy), "diff", str(old), str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{path}:87:5 measures[0].deadline.milestones: -1 is not of type 'array'\n"
        f"{path}:88:5 measures[0].deadline.milestones_: unknown key 'milestones_' (not allowed here)\n"
        "bizenv: nothing compared: the diff reads only data that passes `bizenv validate`\n")
    validated = invoke(runner, "--data", str(data_copy), "validate", str(path))
    assert result.stderr.splitlines()[:2] == validated.stdout.splitlines()


def test_diff_of_a_folder_whose_registry_breaks_the_schema_names_the_spot(runner, data_copy, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(data_copy, old / "data")
    registry = data_copy / "departments.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("  aliases:", "  aliases: 7\n  aliases_:", 1), encoding="utf-8")
    validated = invoke(runner, "--data", str(data_copy), "validate")
    schema_lines = [line for line in validated.stdout.splitlines() if "departments.yaml" in line]
    assert schema_lines
    result = invoke(runner, "--data", str(data_copy), "diff", str(old / "data"), str(data_copy))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[:-1] == schema_lines


def test_diff_lets_a_programming_error_through_instead_of_calling_it_bad_data(runner, tmp_path, monkeypatch):
    # A broad `except (KeyError, TypeError, ...)` once turned every bug of the diff into "a plan breaks the schema".
    import bizenv_cli.diff.plan as diff_plan

    def broken(*args, **kwargs):
        raise KeyError("planted")

    monkeypatch.setattr(diff_plan, "diff_plans", broken)
    path = DATA / "plans" / PLAN
    old = tmp_path / PLAN
    old.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # other bytes, the same meaning
    with pytest.raises(KeyError, match="planted"):
        invoke(runner, "diff", str(old), str(path))


def test_a_plan_too_big_to_be_data_is_invalid_data_on_disk_as_in_a_revision(runner, data_copy, tmp_path):
    # validate calls it invalid data (exit 1, file:1:1), and so did diff for the same file committed;
    # on disk it was a usage error, "bizenv: error: cannot read …" (exit 2).
    from bizenv_cli.files.datadir import MAX_DATA_FILE_BYTES

    old = tmp_path / "old"
    shutil.copytree(data_copy, old / "data")
    path = data_copy / "plans" / PLAN
    path.write_text(path.read_text(encoding="utf-8") + "# " + "x" * MAX_DATA_FILE_BYTES + "\n", encoding="utf-8")
    validated = invoke(runner, "--data", str(data_copy), "validate", str(path))
    assert validated.exit_code == 1 and "a data file may be at most" in validated.stdout
    for args in ((str(old / "data"), str(data_copy)), (str(old / "data" / "plans" / PLAN), str(path))):
        result = invoke(runner, "--data", str(data_copy), "diff", *args)
        assert result.exit_code == 1, result.output
        assert result.stdout == ""
        assert result.stderr == (f"{path}:1:1 the file is {path.stat().st_size:,} bytes; a data file may be at "
                                 f"most {MAX_DATA_FILE_BYTES:,} bytes\n"
                                 "bizenv: nothing compared: the diff reads only data that passes `bizenv validate`\n")


def test_a_plan_copied_under_a_second_name_is_two_files_of_one_document_not_a_plan_added(runner, data_copy,
                                                                                       tmp_path):
    # The unchanged original is skipped unread (same bytes on both sides), so the copy read as
    # document 5 added (plan-added, exit 1) where validate says the document is in two files.
    old = tmp_path / "old"
    shutil.copytree(data_copy / "plans", old)
    shutil.copy(data_copy / "plans" / PLAN, data_copy / "plans" / "05-getting-water-v2.yaml")
    for args in ((str(old), str(data_copy / "plans")), (str(data_copy / "plans"), str(old))):
        result = invoke(runner, "--data", str(data_copy), "diff", *args)
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert "05-getting-water-v2.yaml and " in result.stderr and "both hold document 5" in result.stderr
