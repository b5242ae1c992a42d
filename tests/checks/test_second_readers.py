"""Tools other than bizenv read the data alike: check-jsonschema (a second schema validator, with its
own YAML reader) and yamllint with the shipped .yamllint (the canonical style). Issue 13.

Both are in the `test` extra; where one is missing, the test fails, naming it.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from conftest import DATA, REPO, SCHEMAS


def require(module: str) -> None:
    # A second reader missing is a failure, not a skip: the test extra installs it.
    assert importlib.util.find_spec(module) is not None, f"{module} is not installed: pip install -e '.[test]'"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, check=False)


def test_check_jsonschema_accepts_the_schemas_and_every_data_file():
    require("check_jsonschema")
    plans = sorted(str(path) for path in (DATA / "plans").glob("*.yaml"))
    assert len(plans) == 29
    for schema, files in ((SCHEMAS / "plan.schema.json", plans),
                          (SCHEMAS / "departments.schema.json", [str(DATA / "departments.yaml")])):
        result = run("check_jsonschema", "--schemafile", str(schema), *files)
        assert result.returncode == 0, result.stdout + result.stderr
    result = run("check_jsonschema", "--check-metaschema", *map(str, sorted(SCHEMAS.glob("*.schema.json"))))
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_checks_the_date_format(tmp_path):
    # The format keyword is there so that a second validator checks dates too, not just the pattern.
    require("check_jsonschema")
    plan = (DATA / "plans" / "02-starting-a-business.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "02-starting-a-business.yaml"
    broken.write_text(plan.replace("'2022-12-31'", "'2022-02-30'", 1), encoding="utf-8")
    result = run("check_jsonschema", "--schemafile", str(SCHEMAS / "plan.schema.json"), str(broken))
    assert result.returncode == 1
    assert "2022-02-30" in result.stdout


def test_yamllint_finds_the_data_in_the_canonical_style():
    require("yamllint")
    assert (REPO / ".yamllint").is_file()
    result = run("yamllint", "--strict", "data", ".yamllint", ".pre-commit-hooks.yaml", ".pre-commit-config.yaml",
                 ".github")
    assert result.returncode == 0, result.stdout + result.stderr


def test_yamllint_flags_a_hand_edit_that_leaves_the_canonical_style(tmp_path):
    require("yamllint")
    plan = (DATA / "plans" / "02-starting-a-business.yaml").read_text(encoding="utf-8")
    edited = tmp_path / "02.yaml"
    edited.write_text(plan.replace("\nmeasures:\n- id:", "\nmeasures:\n  - id:", 1), encoding="utf-8")
    result = run("yamllint", "-c", str(REPO / ".yamllint"), str(edited))
    assert result.returncode == 1
    assert "(indentation)" in result.stdout


def test_the_canonical_writer_output_passes_yamllint(tmp_path):
    # The writer and the lint agree: whatever tools write, the lint accepts.
    require("yamllint")
    from bizenv_cli.files.yamlload import load_yaml_file
    from bizenv_cli.files.yamlwrite import dump_plan

    plan = load_yaml_file(DATA / "plans" / "01-overall-plan.yaml").data
    plan["measures"][0]["note"] = "on: yes, a note that YAML 1.1 would read oddly"
    written = tmp_path / "01-overall-plan.yaml"
    written.write_text(dump_plan(plan), encoding="utf-8")
    result = run("yamllint", "--strict", "-c", str(REPO / ".yamllint"), str(written))
    assert result.returncode == 0, result.stdout
