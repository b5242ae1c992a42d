"""What the loader refuses, seen through the CLI: every refusal is one file:line:col line (or one
usage line), never a traceback, a hang or a wrong "ok" (issue 12)."""

from __future__ import annotations

import os
import re

import pytest

from conftest import DATA, invoke

PLAN = "05-getting-water.yaml"
QUERIES = (["due", "--before", "2022-06"], ["measures"], ["plans"], ["departments"], ["gaps"],
           ["show", "05.01"], ["search", "水"])


def test_an_empty_plans_folder_does_not_validate_as_ok(runner, data_copy):
    for plan in (data_copy / "plans").glob("*.yaml"):
        plan.unlink()
    for command in (["validate"], ["due", "--before", "2022-06"]):
        result = invoke(runner, "--data", str(data_copy), *command)
        assert result.exit_code == 2, command
        assert "holds no plan files (*.yaml)" in result.stderr
        assert "ok:" not in result.output


def test_an_empty_plans_folder_found_from_the_current_folder_fails_too(runner, data_copy, monkeypatch):
    for plan in (data_copy / "plans").glob("*.yaml"):
        plan.unlink()
    monkeypatch.chdir(data_copy.parent)
    result = invoke(runner, "validate")
    assert result.exit_code == 2
    assert result.stderr == "bizenv: error: data/plans holds no plan files (*.yaml): nothing to check or query\n"


@pytest.mark.parametrize("make", ["symlink-loop", "fifo", "folder"])
def test_what_is_not_a_regular_file_in_plans_is_one_message_for_every_command(runner, data_copy, make):
    path = data_copy / "plans" / "30-odd.yaml"
    if make == "symlink-loop":
        path.symlink_to(path.name)
        reason = "Too many levels of symbolic links"
    elif make == "fifo":
        os.mkfifo(path)  # opening it for reading would wait for a writer forever
        reason = "it is a named pipe (FIFO), not a regular file"
    else:
        path.mkdir()
        reason = "it is a folder, not a regular file"
    result = invoke(runner, "--data", str(data_copy), "validate")
    assert result.exit_code == 1
    assert re.search(rf"30-odd\.yaml:1:1 cannot read file: {re.escape(reason)}\n", result.stdout), result.stdout
    for command in QUERIES:
        result = invoke(runner, "--data", str(data_copy), *command)
        assert result.exit_code == 1, command
        assert result.stderr == f"bizenv: error: cannot read {path}: {reason}\n"
        assert "Traceback" not in result.output
    # diff reads the working tree's plans the same checked way (a usage error there: nothing to compare).
    result = invoke(runner, "--data", str(data_copy), "diff", str(DATA))
    assert result.exit_code == 2
    assert f"cannot read {path}: {reason}" in result.stderr


def test_a_50_mb_list_is_refused_by_its_size_for_validate_and_queries(runner, data_copy):
    path = data_copy / "plans" / PLAN
    with open(path, "wb") as stream:
        stream.write(b"- item\n" * (50 * 1024 * 1024 // 7))
    result = invoke(runner, "--data", str(data_copy), "validate")
    assert result.exit_code == 1
    assert re.search(rf"{PLAN}:1:1 the file is [\d,]+ bytes; a data file may be at most 4,194,304 bytes",
                     result.stdout), result.stdout
    finding = result.stdout.splitlines()[0]
    # A query says it as validate does, at the file (it had said `cannot read …`), with and without the store.
    for cache in ([], ["--no-cache"]):
        result = invoke(runner, "--data", str(data_copy), *cache, "measures")
        assert result.exit_code == 1
        assert result.stderr.splitlines()[0] == finding, result.stderr


def test_a_source_text_that_is_a_fifo_is_a_usage_error_not_a_hang(runner, data_copy):
    source = next((data_copy / "source").glob("*.txt"))
    source.unlink()
    os.mkfifo(source)
    result = invoke(runner, "--data", str(data_copy), "validate")
    assert result.exit_code == 2
    assert "the source text cannot be read:" in result.stderr
    assert "it is a named pipe (FIFO), not a regular file" in result.stderr


@pytest.mark.parametrize("depth", [500, 999])
def test_deep_nesting_in_a_plan_is_one_message_for_validate_and_queries(runner, data_copy, depth):
    path = data_copy / "plans" / PLAN
    text = path.read_text(encoding="utf-8")
    line = text.count("\n", 0, text.index("\nnote:")) + 2
    path.write_text(text.replace("\nnote:", "\nnote: " + "[" * depth + "]" * depth + "\nnote_:", 1),
                    encoding="utf-8")
    expected = f"{PLAN}:{line}:"
    result = invoke(runner, "--data", str(data_copy), "validate")
    assert result.exit_code == 1
    assert "nested deeper than 32 levels" in result.stdout and expected in result.stdout
    for command in QUERIES if depth == 999 else QUERIES[:1]:
        result = invoke(runner, "--data", str(data_copy), *command)
        assert result.exit_code == 1, command
        assert "nested deeper than 32 levels" in result.stderr


def test_nesting_just_under_the_limit_reaches_the_schema_without_recursion_trouble(runner, data_copy):
    # The schema and semantic walkers see at most MAX_DEPTH levels: they stay far inside the stack.
    path = data_copy / "plans" / PLAN
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nnote:", "\nnote: " + "[" * 30 + "]" * 30 + "\nnote_:", 1), encoding="utf-8")
    result = invoke(runner, "--data", str(data_copy), "validate")
    assert result.exit_code == 1
    assert "note: [[[[" in result.stdout and "is not of type" in result.stdout
    assert "note_: unknown key 'note_' (not allowed here)" in result.stdout


def test_an_unknown_key_is_reported_at_the_key_itself(runner, data_copy):
    path = data_copy / "plans" / PLAN
    text = path.read_text(encoding="utf-8")
    marker = "- id: '05.01'\n  seq: 1\n"
    line = text.count("\n", 0, text.index(marker)) + 3
    path.write_text(text.replace(marker, marker + "  bogus: 2\n  other: x\n", 1), encoding="utf-8")
    result = invoke(runner, "--data", str(data_copy), "validate", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"::error file={_github_file(data_copy, PLAN)},line={line},col=3,title=bizenv schema::measures[0].bogus: unknown key 'bogus' (not allowed here)",
        f"::error file={_github_file(data_copy, PLAN)},line={line + 1},col=3,title=bizenv schema::measures[0].other: unknown key 'other' (not allowed here)",
    ]


def _github_file(data_copy, plan: str) -> str:
    return str(data_copy / "plans" / plan).replace(":", "%3A").replace(",", "%2C")


def test_a_tag_in_the_real_data_is_refused_by_validate_and_queries(runner, data_copy):
    path = data_copy / "plans" / PLAN
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nyear: 2022\n", "\nyear: !!python/name:os.system 2022\n", 1), encoding="utf-8")
    result = invoke(runner, "--data", str(data_copy), "validate")
    assert result.exit_code == 1
    assert f"{PLAN}:4:7 year: YAML tag '!!python/name:os.system' is not allowed in data files" in result.stdout
    result = invoke(runner, "--data", str(data_copy), "due", "--before", "2022-06")
    assert result.exit_code == 1
    assert "YAML tag '!!python/name:os.system' is not allowed" in result.stderr


def test_an_unquoted_number_like_id_is_refused_with_its_quoted_form(runner, data_copy):
    path = data_copy / "plans" / PLAN
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nid: '05'\n", "\nid: 05\n", 1).replace("- id: '05.01'\n", "- id: 05.01\n", 1),
                    encoding="utf-8")
    result = invoke(runner, "--data", str(data_copy), "validate")
    assert result.exit_code == 1
    assert ("id: 05 (unquoted) is the number 5 to YAML 1.1 and 1.2 readers (yamllint, check-jsonschema, ajv, "
            "editors), but text to bizenv: write it quoted, '05'") in result.stdout


def test_a_long_list_of_wrong_items_gives_a_bounded_number_of_findings(runner, data_copy):
    # Within the size limit, 100,000 wrong items were 100,000 findings (and minutes of work).
    from bizenv_cli.checks.validate import MOST_SCHEMA_PROBLEMS

    path = data_copy / "plans" / PLAN
    text = path.read_text(encoding="utf-8")
    start, end = text.index("\nmeasures:\n"), text.index("\nindicators:")
    path.write_text(text[:start] + "\nmeasures:\n" + "- 1\n" * 100_000 + text[end + 1:], encoding="utf-8")
    result = invoke(runner, "--data", str(data_copy), "validate", str(path))
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if PLAN in line]
    # docs/validation.md: "At most 50 schema findings are printed per file, then one line saying more follow."
    assert MOST_SCHEMA_PROBLEMS == 50
    assert len(lines) == MOST_SCHEMA_PROBLEMS + 1
    assert lines[-1].endswith(f"more schema problems follow; the first {MOST_SCHEMA_PROBLEMS} of this file are "
                              "shown, fix them first")
