"""The source audit catches what a careless edit does to the data (DESIGN §9)."""

from __future__ import annotations

import re

from conftest import DATA, invoke

PLAN = "02-starting-a-business.yaml"


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_character_in_a_text_is_not_verbatim(runner, data_copy):
    path = data_copy / "plans" / PLAN
    _edit(path, "压缩企业开办时间。", "压缩企业开办时问。")  # 间 → 问, one character
    result = invoke(runner, "--data", str(data_copy), "validate")
    assert result.exit_code == 1
    assert re.search(rf"{PLAN}:\d+:\d+ measures\[2\]\.title: not found verbatim in this plan's part of the source",
                     result.stdout), result.stdout


def test_a_dropped_measure_breaks_the_block_count(runner, data_copy):
    import yaml

    from bizenv_cli.yamlwrite import dump_plan

    path = data_copy / "plans" / PLAN
    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    del plan["measures"][4]
    for seq, measure in enumerate(plan["measures"], start=1):
        measure["seq"] = seq
    path.write_text(dump_plan(plan), encoding="utf-8")
    result = invoke(runner, "--data", str(data_copy), "validate")
    assert result.exit_code == 1
    assert "9 measures but the source's document 2 has 10 assignment blocks" in result.stdout
    # The measure after the gap is now compared with the dropped one's block.
    assert "measures[4].deadline.raw: differs from the source's assignment block" in result.stdout or \
        "measures[4].responsible.raw: differs from the source's assignment block" in result.stdout


def test_an_altered_deadline_string_differs_from_its_block(runner, data_copy):
    path = data_copy / "plans" / PLAN
    text = path.read_text(encoding="utf-8")
    first = text.index("raw: 2022年12月\n")
    path.write_text(text[:first] + "raw: 2022年11月\n" + text[first + len("raw: 2022年12月\n"):], encoding="utf-8")
    result = invoke(runner, "--data", str(data_copy), "validate")
    assert result.exit_code == 1
    assert ("measures[0].deadline.raw: differs from the source's assignment block at line 252: "
            "source '2022年12月', data '2022年11月'") in result.stdout
    # The stated milestone no longer matches the raw string either.
    assert "measures[0].deadline.milestones: the raw deadline states [2022-11-30]" in result.stdout


def test_a_changed_source_text_fails_its_digest(runner, data_copy):
    source = next((data_copy / "source").glob("*.txt"))
    source.write_bytes(source.read_bytes() + b"\n")
    result = invoke(runner, "--data", str(data_copy), "validate")
    assert result.exit_code == 1
    assert "sha256 is" in result.stdout


def test_coverage_reports_every_document_whole():
    from bizenv_cli.audit import coverage
    from bizenv_cli.datadir import DataDir
    from bizenv_cli.validate import PLAN_SCHEMA, load_schema, source_text_of
    from bizenv_cli.yamlload import load_yaml_file

    data_dir = DataDir(DATA, "checkout")
    source = source_text_of(data_dir)
    schema = load_schema(data_dir.schemas_dir / PLAN_SCHEMA)
    for path in data_dir.plan_files():
        result = coverage(load_yaml_file(path).data, schema, source)
        assert result.uncovered_lines == (), (path.name, result.uncovered_lines[:3])


def test_coverage_lists_a_line_that_no_value_holds(runner, data_copy):
    path = data_copy / "plans" / PLAN
    import yaml

    from bizenv_cli.yamlwrite import dump_plan

    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    safeguards = next(s for s in plan["sections"] if s["kind"] == "safeguards")
    dropped = safeguards["paragraphs"].pop()
    path.write_text(dump_plan(plan), encoding="utf-8")
    result = invoke(runner, "--data", str(data_copy), "validate", "--coverage", str(path))
    assert f"    {dropped['line']}: {dropped['text'][:20]}" in result.stdout
