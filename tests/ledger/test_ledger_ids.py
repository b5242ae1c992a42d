"""An id the plans lack is named with the ids it may stand for wherever the ledger refuses it: in a
report `bizenv validate` checks, in `bizenv record`, and in a row of a filled-in template; by the
rule `bizenv show` suggests ids by (model/item_ids.near_ids), so that each says the same ids.

Document 9 numbers its measures 09.01 to 09.22 and its indicators 09.i1 to 09.i17 (data/plans/
09-paying-taxes.yaml): 09.2 is none of them, and may be 09.02 or 09.20; 09.i99 is near none. An id
in no form of one, such as 9.1 (09.10 as a spreadsheet shortens it, or 09.01 with its zero
dropped), is named with the ids it may stand for too; 09.02 has two milestones, 09.01, 09.10 and
09.20 one each (2022年9月, 2022年3月, 2022年12月)."""

from __future__ import annotations

from pathlib import Path

import pytest

import bizenv_cli as bizenv
from template_tables import csv_bytes, csv_parts

JUNE = "2022-06-30"
NO_09_2 = "no measure '09.2' in the plans; did you mean 09.02 or 09.20?"
NOT_AN_ID = "is not a measure id (09.02), a milestone (09.02#2) or an indicator id (09.i1)"


def test_show_suggests_the_ids_the_ledger_suggests(run):
    result = run("show", "09.2")
    assert result.exit_code == 2
    assert result.stderr == ("bizenv: error: show: no id '09.2' (ids are written in full, as printed); "
                             "did you mean 09.02 or 09.20?\n")


def validated_report(run, data: Path, entries: str) -> list[str]:
    """What validate finds in tax's June report holding `entries` (its updates and actuals, as
    YAML), each finding from the report's path under progress/ on."""
    path = data / "progress" / "2022-06" / "tax-2022-06-30.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("format: bizenv/progress/1\npackage: pingdingshan-2022\nreported_by: tax\nas_of: '2022-06-30'\n"
                    + entries, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    return [line.split("progress/", 1)[-1] for line in result.stdout.splitlines() if "progress/" in line]


def test_validate_names_the_ids_an_unknown_one_may_stand_for(run, data_copy):
    found = validated_report(run, data_copy, "updates:\n- measure: '09.2'\n  status: in-progress\nactuals:\n"
                             "- indicator: 09.i010\n  raw: 3个工作日\n  value: 3\n- indicator: 09.i99\n  raw: '5'\n"
                             "  value: 5\n")
    assert found == [
        f"2022-06/tax-2022-06-30.yaml:6:3 updates[0].measure: {NO_09_2}",
        # 09.i010 is 09.i10 written with a zero more; 09.i99 is near no indicator, and the message
        # ends where it did.
        "2022-06/tax-2022-06-30.yaml:9:3 actuals[0].indicator: no indicator '09.i010' in the plans; "
        "did you mean 09.i10?",
        "2022-06/tax-2022-06-30.yaml:12:3 actuals[1].indicator: no indicator '09.i99' in the plans",
    ]


def test_the_import_names_the_ids_an_unknown_one_may_stand_for(run, data_copy, tmp_path):
    template = bizenv.ledger_template(data_copy, "tax", as_of=JUNE, suffix=".csv")
    heading, header, rows = csv_parts(template.encode("utf-8-sig"))
    row = next(row for row in rows if row[0] == "09.02#1")
    row[0], row[header.index("状态")] = "09.2#1", "推进中"  # 09.02#1 with its zero dropped by hand
    sheet = tmp_path / "tax-2022-06-30.csv"
    sheet.write_bytes(csv_bytes(heading, [header], rows))
    number = next(number for number, line in enumerate(sheet.read_text(encoding="utf-8-sig").splitlines(), 1)
                  if line.startswith("09.2#1,"))
    result = run("ledger", "import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{sheet}:{number} 编号: {NO_09_2}"
    assert not (data_copy / "progress" / "2022-06").exists()


def test_record_names_the_ids_an_unknown_one_may_stand_for(run, data_copy):
    result = run("record", "09.2", "--as-of", JUNE, "--by", "tax", "--status", "in-progress")
    assert result.exit_code == 2  # the id given is the user's to correct, not the report's
    assert result.stderr == f"bizenv: error: ID: {NO_09_2}\n"
    assert not (data_copy / "progress").exists() or not any((data_copy / "progress").rglob("*.yaml"))


@pytest.mark.parametrize("item, meant", [
    ("9.1", "09.01 or 09.10"),
    ("9.2#2", "09.02#2"),  # 09.20 has no second milestone
])
def test_record_names_the_ids_a_malformed_one_may_stand_for(run, data_copy, item, meant):
    # It had been refused as no id before the plans were read, with nothing more.
    result = run("record", item, "--as-of", JUNE, "--by", "tax", "--status", "done", "--on", "2022-06-20")
    assert result.exit_code == 2
    assert result.stderr == f"bizenv: error: ID: '{item}' {NOT_AN_ID}; did you mean {meant}?\n"
    with pytest.raises(ValueError) as refused:
        bizenv.record(data_copy, item, as_of=JUNE, department="tax", status="done", on="2022-06-20")
    assert str(refused.value) == f"item: '{item}' {NOT_AN_ID}; did you mean {meant}?"
    assert not (data_copy / "progress").exists() or not any((data_copy / "progress").rglob("*.yaml"))


def test_the_import_names_the_ids_a_malformed_or_shortened_one_may_stand_for(run, data_copy, tmp_path):
    template = bizenv.ledger_template(data_copy, "tax", as_of=JUNE, suffix=".csv")
    heading, header, rows = csv_parts(template.encode("utf-8-sig"))
    status = header.index("状态")
    typed = {"09.02#1": "9.2#1",   # both zeros dropped: no id's form
             "09.10#1": "9.1#1",
             "09.20#1": "09.2",    # had been read as 09.20, as if a spreadsheet had shortened it
             "09.03#1": "9.3"}     # read as a spreadsheet's 09.30, which is none: had been named so
    for row in rows:
        if row[0] in typed:
            row[0], row[status] = typed[row[0]], "推进中"
    sheet = tmp_path / "tax-2022-06-30.csv"
    sheet.write_bytes(csv_bytes(heading, [header], rows))
    lines = sheet.read_text(encoding="utf-8-sig").splitlines()
    row_of = {line.split(",")[0]: number for number, line in enumerate(lines, 1)}
    result = run("ledger", "import", str(sheet))
    assert result.exit_code == 1
    assert sorted(result.stderr.splitlines()[:-1]) == sorted([
        f"{sheet}:{row_of['9.2#1']} 编号: '9.2#1' {NOT_AN_ID}; did you mean 09.02#1 or 09.20#1?",
        f"{sheet}:{row_of['9.1#1']} 编号: '9.1#1' {NOT_AN_ID}; did you mean 09.01#1 or 09.10#1?",
        f"{sheet}:{row_of['09.2']} 编号: {NO_09_2}",
        f"{sheet}:{row_of['9.3']} 编号: no measure '9.3' in the plans; did you mean 09.03?",
    ])
    assert not (data_copy / "progress" / "2022-06").exists()


def test_a_text_id_shortened_in_an_xlsx_is_a_persons_and_named_not_taken_for_a_spreadsheets(data_copy, tmp_path):
    """An .xlsx keeps a cell's kind: Excel turns a typed 09.20 into the number 9.2, read back as 09.20,
    but a text 9.2 is a person's, who may mean 09.02. It had been taken for 09.20 without a word."""
    from openpyxl import load_workbook

    from template_tables import header_row

    sheet = tmp_path / "tax-2022-06-30.xlsx"
    sheet.write_bytes(bizenv.ledger_template(data_copy, "tax", as_of=JUNE))
    book = load_workbook(sheet)
    table = book.active
    at = header_row(table)
    status = [cell.value for cell in table[at]].index("状态") + 1
    last = table.max_row
    for offset, typed in enumerate(["9.2", 9.1, 9.02], 1):  # a text, then numbers as Excel makes them
        table.cell(last + offset, 1).value = typed
        table.cell(last + offset, status).value = "推进中"
    book.save(sheet)
    with pytest.raises(bizenv.RecordError) as refused:
        bizenv.import_sheet(data_copy, sheet, dry_run=True)
    assert refused.value.problems == [
        f"{sheet}:{last + 1} 编号: '9.2' {NOT_AN_ID}; did you mean 09.02 or 09.20?"]
    table.cell(last + 1, 1).value = table.cell(last + 1, status).value = None
    book.save(sheet)
    imported = bizenv.import_sheet(data_copy, sheet, dry_run=True).change.after["updates"]
    assert [entry["measure"] for entry in imported] == ["09.02", "09.10"]


def test_validate_names_the_ids_a_malformed_one_may_stand_for(run, data_copy):
    found = validated_report(run, data_copy, "updates:\n- measure: '9.1'\n  status: in-progress\nactuals:\n"
                             "- indicator: 9.i1\n  raw: 3个工作日\n  value: 3\n")
    # The schema's words (what an id looks like), then the ids the value may stand for.
    assert [line.split(": ", 1)[0] for line in found] == ["2022-06/tax-2022-06-30.yaml:6:3 updates[0].measure",
                                                          "2022-06/tax-2022-06-30.yaml:9:3 actuals[0].indicator"]
    assert found[0].endswith("; did you mean 09.01 or 09.10?")
    assert found[1].endswith("; did you mean 09.i1?")


@pytest.mark.parametrize("typed, written, option", [
    ("０９．０２＃０１", "09.02#1", ("--status", "in-progress")),  # a Chinese input method's forms
    (" 09.10 ", "09.10", ("--status", "in-progress")),           # pasted with its spaces
    ("０９.i15", "09.i15", ("--actual", "66.5小时")),
])
def test_record_names_the_item_as_the_report_holds_it(run, data_copy, typed, written, option):
    """`recorded 09.02#1 in …` names what was written, which `show` and the template name it by; it
    had echoed the id as typed (`recorded ０９．０２＃０１`)."""
    result = run("record", typed, "--as-of", JUNE, "--by", "tax", *option)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"recorded {written} in {data_copy / 'progress' / '2022-06' / f'tax-{JUNE}.yaml'}\n"
