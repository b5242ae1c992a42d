"""The schemas are the format's documentation: valid draft-07, and every property described."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, SCHEMAS

SCHEMA_FILES = sorted(SCHEMAS.glob("*.schema.json"))


def _properties(schema, path="#"):
    """Every (path, property schema) under `properties`, through definitions and items."""
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            yield f"{path}/properties/{name}", sub
        for key, sub in schema.items():
            if isinstance(sub, (dict, list)):
                yield from _properties(sub, f"{path}/{key}")
    elif isinstance(schema, list):
        for index, sub in enumerate(schema):
            yield from _properties(sub, f"{path}/{index}")


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=[p.name for p in SCHEMA_FILES])
def test_schema_is_valid_draft_07_with_id_and_title(path):
    import jsonschema

    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["$id"].endswith(path.name) and schema["title"] and schema["description"]


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=[p.name for p in SCHEMA_FILES])
def test_every_property_has_a_description(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    definitions = schema.get("definitions", {})
    missing = []
    for where, sub in _properties(schema):
        described = "description" in sub
        if not described and "$ref" in sub:
            described = "description" in definitions[sub["$ref"].split("/")[-1]]
        if not described:
            missing.append(where)
    assert missing == []


def test_every_data_file_names_its_schema_for_editors():
    files = [DATA / "departments.yaml", *sorted((DATA / "plans").glob("*.yaml"))]
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema = "departments" if path.name == "departments.yaml" else "plan"
        assert first.startswith("# yaml-language-server: $schema=") and first.endswith(f"schemas/{schema}.schema.json")
        # The modeline is relative to the file, so that it resolves in any checkout.
        assert (path.parent / first.split("=", 1)[1]).resolve() == (SCHEMAS / f"{schema}.schema.json").resolve()


def test_plan_files_name_jurisdiction_year_and_package():
    import yaml

    for path in sorted((DATA / "plans").glob("*.yaml")):
        plan = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert (plan["jurisdiction"], plan["year"], plan["package"]) == ("平顶山市", 2022, "pingdingshan-2022")
