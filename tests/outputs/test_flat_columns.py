"""The flat formats (csv, tsv, md, a listing's workbook) against the JSON: each header is a key of
the rows, a nested one as its path; every key is a column but those docs/json.md names as left
out, under its command; a number is the JSON's, every digit; and every list cell is joined one way
per language (`, ` in English, `、` in Chinese), in every command (docs/json.md#the-other-formats)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import openpyxl
import pytest
from typer.testing import CliRunner

from bizenv_cli.model.wording import LIST_SEPARATOR
from conftest import CLI_ENV, DATA, REPO, SCHEMAS, cli_commands, invoke, place_store, with_one_ledger_report

# One question of each listing whose flat formats hold its JSON rows (`show` writes its table's
# field/value pairs instead, as docs/json.md says); {copy}: the data copy, whose ledger holds a
# report and whose 05.01 moved six months earlier, so that `diff` has findings.
LISTINGS = {
    "measures": ["measures", "--plan", "4", "--plan", "9"],
    "due": ["due", "--by", "2022-12", "--as-of", "2022-07-01", "--include-ongoing"],
    "gaps": ["gaps"],
    "plans": ["plans"],
    "departments": ["departments", "--as-of", "2022-07-01"],
    "search": ["search", "纳税"],
    "progress": ["progress", "--as-of", "2022-07-01"],
    "diff": ["diff", str(DATA), "{copy}"],
}

# The keys each command's flat formats leave out, as docs/json.md names them (a name stands for
# the keys under it: `roles` for roles.lead …). Any other key of the JSON must be a column.
LEFT_OUT = {
    "measures": {"responsible.bodies", "deadline.line", "responsible.line", "section", "section_heading", "title_en",
                 "note"},
    "due": {"roles", "milestone", "measure_label", "recurrence"},
    "gaps": {"targets", "year_end_target", "completion", "name_en", "origin", "line"},
    "plans": {"title_en", "indicator_area", "leads", "first_line", "last_line"},
    "departments": {"parent", "note", "as_of"},
    "search": {"text", "matches", "snippet_matches"},
    "progress": set(),
    "diff": set(),
}


def key_paths(row: dict, prefix: str = "") -> dict[str, object]:
    """Each value of a JSON row by its path (`deadline.raw`); a list or an empty object is one value."""
    paths = {}
    for key, value in row.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            paths.update(key_paths(value, path + "."))
        else:
            paths[path] = value
    return paths


def json_keys(rows: list[dict]) -> set[str]:
    """Every path any row has; a null object (no ledger update) stands for none of its keys."""
    found = {path for row in rows for path in key_paths(row)}
    return {path for path in found if not any(other.startswith(path + ".") for other in found)}


def csv_rows(text: str) -> tuple[list[str], list[list[str]]]:
    header, *rows = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    return header, rows


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, _private_cache, _store_of_the_shipped_data):
    """Each listing of a copy of the data as JSON rows and as CSV in English and in Chinese, and
    each department id's name."""
    copy = tmp_path_factory.mktemp("flat") / "data"
    shutil.copytree(DATA, copy)
    shutil.copytree(SCHEMAS, copy.parent / "schemas")
    place_store(_store_of_the_shipped_data, _private_cache, copy)
    with_one_ledger_report(copy)
    water = copy / "plans" / "05-getting-water.yaml"
    text = water.read_text(encoding="utf-8")
    first = text.index("- id: '05.01'")
    water.write_text(text[:first] + text[first:].replace("raw: 2022年12月", "raw: 2022年6月", 1)
                     .replace("'2022-12-31'", "'2022-06-30'", 1), encoding="utf-8")
    runner = CliRunner(env=CLI_ENV)
    found = {}
    for name, args in LISTINGS.items():
        args = ["--data", str(copy), *(part.format(copy=copy) for part in args)]
        rows = json.loads(invoke(runner, *args, "--format", "json").stdout)
        english = csv_rows(invoke(runner, *args, "--format", "csv").stdout)
        chinese = csv_rows(invoke(runner, *args, "--format", "csv", "--lang", "zh").stdout)
        assert rows and len(english[1]) == len(chinese[1]) == len(rows), name
        found[name] = rows, english, chinese
    departments = invoke(runner, "--data", str(copy), "departments", "--format", "json").stdout
    return found, {row["id"]: row["name"] for row in json.loads(departments)}


def test_the_listings_are_every_command_with_flat_formats_of_its_rows():
    # `show` prints its table's field/value pairs, the one listing whose flat formats are no rows of its JSON.
    taking = {name for name, command in cli_commands().items()
              if {"--lang", "--format"} <= {option for parameter in command.params for option in parameter.opts}}
    assert set(LISTINGS) == taking - {"show"} and set(LEFT_OUT) == set(LISTINGS)


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_the_flat_formats_hold_every_json_key_but_those_the_docs_leave_out(outputs, name):
    rows, (header, _), _ = outputs[0][name]
    keys = json_keys(rows)
    # An object null in every row (no actual reported) still has its keys' columns: they are its.
    unknown = [column for column in header if column not in keys and not any(column.startswith(key + ".")
                                                                               for key in keys)]
    assert not unknown, f"{name}: headers that are no key of the JSON: {unknown}"
    left_out = {key for key in keys if key not in header and not any(column.startswith(key + ".")
                                                                     for column in header)}
    expected = {key for key in keys if any(key == out or key.startswith(out + ".") for out in LEFT_OUT[name])}
    assert left_out == expected, (f"{name}: left out but not in LEFT_OUT: {sorted(left_out - expected)}; "
                                  f"in LEFT_OUT but a column: {sorted(expected - left_out)}")


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_every_number_cell_holds_the_json_number(outputs, name):
    # gaps' to_target_pct -16.666667 (03.i6) read -16.6667 in the CSV: six figures, not the JSON's.
    rows, (header, cells), _ = outputs[0][name]
    for row, line in zip(rows, cells):
        values = key_paths(row)
        for index, key in enumerate(header):
            value = values.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                assert float(line[index]) == value and line[index] == json.dumps(value).removesuffix(".0"), \
                    (name, key, line[index], value)


def documented_left_out() -> dict[str, str]:
    """docs/json.md's list of what the flat formats leave out: each command's bullet, whole."""
    text = (REPO / "docs" / "json.md").read_text(encoding="utf-8")
    section = text.split("## The other formats", 1)[1].split("\n## ", 1)[0]
    return {match.group(1): match.group(2) for match in re.finditer(r"^- `(\w+)`:(.*?)(?=^- |^$)", section,
                                                                       re.MULTILINE | re.DOTALL)}


def test_the_docs_name_each_key_the_flat_formats_leave_out():
    bullets = documented_left_out()
    assert set(bullets) >= set(LEFT_OUT), sorted(set(LEFT_OUT) - set(bullets))
    for name, keys in LEFT_OUT.items():
        named = set(re.findall(r"`([\w.]+)`", bullets[name]))
        assert keys <= named, f"docs/json.md's {name} bullet does not name {sorted(keys - named)}"
        if not keys:
            assert bullets[name].strip().startswith("nothing"), name


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_every_list_cell_is_joined_one_way_per_language(outputs, name):
    # `, ` in English; in Chinese `、`, the department ids as the bodies' names. 涉及单位 was joined
    # by `, ` in Chinese while 牵头单位 … (the names as printed) used 、.
    (rows, (header, english), (_, chinese)), names = outputs[0][name], outputs[1]
    checked = 0
    for row, english_cells, chinese_cells in zip(rows, english, chinese):
        values = key_paths(row)
        for index, key in enumerate(header):
            items = values.get(key)
            if not isinstance(items, list) or any(isinstance(item, (dict, list)) for item in items):
                continue
            assert english_cells[index] == LIST_SEPARATOR["en"].join(map(str, items)), (name, key)
            assert chinese_cells[index] == "、".join(names.get(item, str(item)) for item in items), (name, key)
            checked += len(items) > 1
    if name in ("measures", "due", "gaps", "departments"):
        assert checked, f"{name}: no list of two items was compared"


def test_a_list_in_a_table_or_a_workbook_is_joined_as_in_the_csv(runner, tmp_path):
    # 04.01's bodies, as the due table names them, and a body's aliases in the export's sheets.
    bodies = ["市发展和改革委员会", "国网平顶山供电公司", "市自然资源和规划局"]
    args = ["due", "--before", "2022-04", "--plan", "4", "--as-of", "2022-03-01", "--width", "400"]
    english = invoke(runner, *args).stdout
    chinese = invoke(runner, *args, "--lang", "zh").stdout
    assert ", ".join(bodies) in english and "、".join(bodies) not in english
    assert "、".join(bodies) in chinese and ", ".join(bodies) not in chinese
    for language, separator in (("en", ", "), ("zh", "、")):
        target = tmp_path / f"export-{language}.xlsx"
        assert invoke(runner, "export", "-o", str(target), "--lang", language).exit_code == 0
        sheet = openpyxl.load_workbook(target)["责任单位" if language == "zh" else "departments"]
        header = [cell.value for cell in sheet[1]]
        aliases = {row[0]: row[header.index("别称" if language == "zh" else "aliases")]
                   for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert aliases["development-reform"] == separator.join(["市发展改革委", "市发改委"]), language
