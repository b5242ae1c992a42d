"""A package is whole or `validate` fails (issue 21 point 1): one plan file per document of the
source, no file in plans/ that no check reads, no source line that no plan owns. Each finding names
the file to fix, or the document that has none."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import DATA, REPO, invoke
from bizenv_cli.files.sourcetext import SourceText

SOURCE_NAME = "pingdingshan-2022-business-environment-plans.txt"
TAXES = "09-paying-taxes.yaml"
INNOVATION = "20-innovation-and-entrepreneurship.yaml"


def validate(runner, *args: str):
    return invoke(runner, "--data", "data", "validate", *args)


def first_line_of(number: int) -> int:
    return SourceText(DATA / "source" / SOURCE_NAME).documents[number].first_line


def test_a_deleted_plan_is_its_document_without_a_plan_file(runner, data_here):
    (data_here / "plans" / TAXES).unlink()
    result = validate(runner)
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == [
        f"data/source/{SOURCE_NAME}:{first_line_of(9)}:1 document 9 (附件9) has no plan file in data/plans/"]


def test_every_document_left_without_a_plan_is_named(runner, data_here):
    documents = SourceText(data_here / "source" / SOURCE_NAME).documents
    kept = sorted(documents)[0]
    for path in (data_here / "plans").glob("*.yaml"):
        if not path.name.startswith(f"{kept:02d}-"):
            path.unlink()
    result = validate(runner, "--format", "json")
    assert result.exit_code == 1
    missing = [int(re.match(r"document (\d+) ", problem["message"]).group(1)) for problem in json.loads(result.stdout)]
    assert missing == sorted(set(documents) - {kept})


@pytest.mark.parametrize("move_to", ["09-paying-taxes.yml", "09-paying-taxes.YAML", "archive/09-paying-taxes.yaml",
                                     "paying-taxes.json"])
def test_a_plan_moved_where_no_check_reads_it_is_named_and_so_is_its_document(runner, data_here, move_to):
    moved = data_here / "plans" / move_to
    moved.parent.mkdir(exist_ok=True)
    (data_here / "plans" / TAXES).rename(moved)
    result = validate(runner)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"data/plans/{move_to}:1:1 ") and "NN-slug.yaml" in lines[0]
    assert lines[1].endswith("document 9 (附件9) has no plan file in data/plans/")


def test_a_plan_in_a_linked_subfolder_of_plans_is_named_as_one_in_a_subfolder(runner, data_here):
    # The stray files were looked for with os.walk, which does not follow a linked folder, while the
    # data files are read through one (files.datadir.walk_data_folder): plans/archive -> ../../kept
    # left the plan there unnamed, its document only "without a plan file".
    kept = data_here.parent / "kept"
    kept.mkdir()
    (data_here / "plans" / TAXES).rename(kept / TAXES)
    (data_here / "plans" / "archive").symlink_to(Path("..", "..", "kept"))
    (data_here / "plans" / "again").symlink_to(".")  # back to plans/ itself: its files are named once
    result = validate(runner)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2, lines
    # Named where the file is, as every finding on disk names a file reached through a link.
    assert lines[0].endswith("document 9 (附件9) has no plan file in data/plans/")
    assert lines[1].startswith(f"kept/{TAXES}:1:1 a file in a subfolder of plans/ is not read as a plan"), lines


def test_a_file_name_the_plan_rule_does_not_read_as_a_plan_is_named(runner, data_here):
    (data_here / "plans" / "notes.yaml").write_text("not a plan\n", encoding="utf-8")
    result = validate(runner)
    assert result.exit_code == 1
    assert "data/plans/notes.yaml:1:1 'notes.yaml' is not a plan file name" in result.stdout


def test_hidden_files_in_plans_are_not_the_datas(runner, data_here):
    (data_here / "plans" / ".09-paying-taxes.yaml.swp").write_bytes(b"\x00swap")
    assert validate(runner).exit_code == 0


def test_a_file_name_whose_slug_is_not_the_plans_is_named(runner, data_here):
    (data_here / "plans" / TAXES).rename(data_here / "plans" / "09-taxes.yaml")
    result = validate(runner)
    assert result.exit_code == 1
    (finding,) = result.stdout.splitlines()
    assert re.fullmatch(r"data/plans/09-taxes\.yaml:\d+:1 slug: the file is named for slug 'taxes', "
                        r"the plan's slug is 'paying-taxes' \(NN-slug\.yaml\)", finding), finding


def test_a_file_name_whose_number_is_not_the_documents_is_named(runner, data_here):
    (data_here / "plans" / TAXES).rename(data_here / "plans" / "90-paying-taxes.yaml")
    result = validate(runner)
    assert result.exit_code == 1
    assert re.search(r"^data/plans/90-paying-taxes\.yaml:\d+:\d+ id: file name, id '09' and document 9 must agree",
                     result.stdout, re.M), result.stdout


def cut_the_safeguards_of_document_20(data: Path) -> None:
    """The plan stops before its last section and drops that section: every value it keeps is still
    in its (shorter) part of the source, so no check of the file alone can see what went."""
    plan = data / "plans" / INNOVATION
    text = plan.read_text(encoding="utf-8")
    start, end = text.index("- id: 20.s5\n"), text.index("\nmeasures:\n") + 1
    text = text[:start] + text[end:]
    assert text.count("  last_line: 2792\n") == 1
    plan.write_text(text.replace("  last_line: 2792\n", "  last_line: 2784\n"), encoding="utf-8")


def test_source_lines_a_plan_stops_short_of_are_a_finding(runner, data_here):
    cut_the_safeguards_of_document_20(data_here)
    alone = invoke(runner, "--data", "data", "validate", f"data/plans/{INNOVATION}")
    assert alone.exit_code == 0, alone.output  # what the file says is true of the lines it claims
    result = validate(runner)
    assert result.exit_code == 1
    (finding,) = result.stdout.splitlines()
    assert finding.startswith(
        f"data/source/{SOURCE_NAME}:2785:1 4 source line(s) of document 20 are owned by no plan: 2785, 2787, 2789, 2791; "
        f"data/plans/{INNOVATION} holds lines 2747–2784 (line 2785: '四、保障措施')"), finding


def test_coverage_that_finds_unowned_lines_exits_1(runner, data_here):
    cut_the_safeguards_of_document_20(data_here)
    result = validate(runner, "--coverage")
    assert result.exit_code == 1
    assert "source lines owned by no plan: 4\n" in result.stdout
    assert re.search(r"^    2787: （一）强化组织领导", result.stdout, re.M)


def test_coverage_of_the_whole_package_exits_0_with_no_unowned_line(runner):
    result = invoke(runner, "--data", str(DATA), "validate", "--coverage")
    assert result.exit_code == 0
    assert result.stdout.endswith("source lines owned by no plan: 0\n")


def test_named_files_are_checked_as_themselves_without_the_folders_completeness(runner, data_here):
    (data_here / "plans" / TAXES).unlink()
    (data_here / "plans" / "archive").mkdir()
    (data_here / "plans" / "archive" / "old.yaml").write_text("x: 1\n", encoding="utf-8")
    result = invoke(runner, "--data", "data", "validate", "data/plans/02-starting-a-business.yaml")
    assert result.exit_code == 0, result.output


def test_a_package_of_another_size_is_held_to_its_own_documents(runner, tmp_path):
    """A package `bizenv import` drafts from another text: its documents, not the 2022 package's."""
    text = REPO / "tests" / "examples" / "import" / "role-labels.txt"
    draft = tmp_path / "draft"
    assert invoke(runner, "import", str(text), "-o", str(draft)).exit_code == 0
    documents = SourceText(next((draft / "source").glob("*.txt"))).documents
    plans = sorted((draft / "plans").glob("*.yaml"))
    assert len(plans) == len(documents) != 29
    assert invoke(runner, "--data", str(draft), "validate").exit_code == 0
    last = plans[-1]
    shutil.move(last, tmp_path / last.name)
    result = invoke(runner, "--data", str(draft), "validate")
    assert result.exit_code == 1
    (finding,) = result.stdout.splitlines()
    assert re.search(rf":{documents[max(documents)].first_line}:1 document {max(documents)} \(.+\) has no plan file in ",
                     finding), finding


def test_unowned_lines_are_named_in_runs_of_consecutive_lines():
    # A plan that stops short of a table leaves consecutive lines unowned: one run, 2785–2787, not
    # three numbers; after five runs the finding counts the rest.
    from bizenv_cli.checks.completeness import _runs

    assert _runs([2785, 2786, 2787, 2789, 2791, 2792]) == "2785–2787, 2789, 2791–2792"
    assert _runs([1, 3, 5, 7, 9, 11, 12, 15]) == "1, 3, 5, 7, 9 and 2 more runs"
