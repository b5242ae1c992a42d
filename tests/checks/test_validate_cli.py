"""`bizenv validate` on the shipped data and on copies damaged in every way issue 2 names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import invoke

DAMAGED = "04-getting-electricity.yaml"
BILLION_LAUGHS = "".join(
    f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9 if prev else ['"lol"'] * 9) + "]\n"
    for prev, name in zip([None, "a", "b", "c", "d", "e", "f", "g"], "abcdefgh")
)


def test_shipped_data_is_valid(runner):
    result = invoke(runner, "validate")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert re.fullmatch(r"ok: \d+ files valid \(.*\)\n", result.stderr)


def _replace_once(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in the file; return the 1-based line where it stood."""
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text[:index] + new + text[index + len(old):], encoding="utf-8")
    return text.count("\n", 0, index) + 1


def damage_duplicate_key(path: Path):
    line = _replace_once(path, "jurisdiction: 平顶山市\n", "jurisdiction: 平顶山市\njurisdiction: 平顶山市\n") + 1
    return line, "duplicate key 'jurisdiction'"


def damage_alias_bomb(path: Path):
    lines = path.read_text(encoding="utf-8").count("\n")
    with path.open("a", encoding="utf-8") as handle:
        handle.write(BILLION_LAUGHS)
    return lines + 1, "YAML anchor 'a' is not allowed"


def damage_gb18030(path: Path):
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    return 3, "looks like GBK/GB18030"  # line 1 is the ascii modeline, line 2 too; 平顶山市 is on 3


def damage_cut_half_way(path: Path):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    return None, ""


def damage_tab(path: Path):
    line = _replace_once(path, "\n  kind: preamble", "\n\tkind: preamble") + 1
    return line, "a tab is used for indentation"


def damage_impossible_month(path: Path):
    line = _replace_once(path, "raw: 2022年3月\n", "raw: 2022年13月\n")
    return line, "impossible month 13"


def damage_unknown_department(path: Path):
    text = path.read_text(encoding="utf-8")
    match = re.search(r"\n( +)id: ([a-z0-9-]+)\n\1role:", text)
    assert match, "the plan's bodies must be filled"
    line = _replace_once(path, match.group(0), match.group(0).replace(match.group(2), "no-such-department"))
    return line + 1, "unknown department id 'no-such-department'"


def damage_wrong_type(path: Path):
    line = _replace_once(path, "title: 平顶山市获得电力优化提升专项行动方案\n", "title: 2022\n")
    return line, "title: 2022 is not of type 'string'"


def damage_empty(path: Path):
    path.write_text("", encoding="utf-8")
    return 1, "the file is empty"


DAMAGES = [damage_duplicate_key, damage_alias_bomb, damage_gb18030, damage_cut_half_way, damage_tab,
           damage_impossible_month, damage_unknown_department, damage_wrong_type, damage_empty]


@pytest.mark.parametrize("damage", DAMAGES, ids=[d.__name__.removeprefix("damage_") for d in DAMAGES])
def test_damaged_copy_names_file_and_line_without_traceback(runner, data_copy, damage):
    path = data_copy / "plans" / DAMAGED
    line, message = damage(path)
    result = invoke(runner, "--data", str(data_copy), "validate")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    located = re.findall(rf"{re.escape(DAMAGED)}:(\d+):(\d+) ", result.stdout)
    assert located, result.stdout
    if line is not None:
        assert any(int(found_line) == line for found_line, _ in located), result.stdout
        assert message in result.stdout


def test_problems_are_reported_as_file_line_column_field(runner, data_copy):
    path = data_copy / "plans" / DAMAGED
    line, _ = damage_impossible_month(path)
    result = invoke(runner, "--data", str(data_copy), "validate")
    assert re.search(rf"^plans/{DAMAGED}:{line}:\d+ measures\[\d+\]\.deadline\.raw: cannot be read as a deadline: "
                     r"impossible month 13", result.stdout, re.M) or \
        re.search(rf"{DAMAGED}:{line}:\d+ measures\[\d+\]\.deadline\.raw: cannot be read", result.stdout), result.stdout


def test_json_format_lists_each_problem(runner, data_copy):
    import json

    damage_wrong_type(data_copy / "plans" / DAMAGED)
    result = invoke(runner, "--data", str(data_copy), "validate", "--format", "json")
    problems = json.loads(result.stdout)
    assert result.exit_code == 1
    assert {p["field"] for p in problems} == {"title"}
    assert problems[0]["check"] == "schema" and problems[0]["line"] == 10


def test_validate_a_single_file(runner):
    from conftest import DATA

    result = invoke(runner, "validate", str(DATA / "plans" / DAMAGED))
    assert result.exit_code == 0, result.output
    assert "ok: 2 files valid" in result.stderr  # the registry is always checked too


def test_missing_path_is_a_usage_error(runner):
    result = invoke(runner, "validate", "no/such/plan.yaml")
    assert result.exit_code == 2
    assert "no such file or folder: no/such/plan.yaml" in result.stderr


@pytest.mark.parametrize("name", ["tax.xlsx", "tax.CSV"])
def test_a_spreadsheet_named_is_a_usage_error_that_says_where_it_goes(runner, tmp_path, name):
    # Read as YAML, a workbook was "not UTF-8 (byte 0x93)" at 1:11 of a file that has no lines.
    sheet = tmp_path / name
    sheet.write_bytes(b"PK\x03\x04")
    result = invoke(runner, "validate", str(sheet))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (f"bizenv: error: {sheet} is a spreadsheet, not a data file (*.yaml); a filled-in ledger "
                             f"template goes in with `bizenv ledger import {sheet}`\n")


def test_unknown_option_is_a_usage_error(runner):
    result = invoke(runner, "validate", "--no-such-option")
    assert result.exit_code == 2
