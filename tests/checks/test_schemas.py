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
    from pyyaml_reading import shipped_plans

    assert len(shipped_plans()) == 29
    for plan in shipped_plans().values():
        assert (plan["jurisdiction"], plan["year"], plan["package"]) == ("平顶山市", 2022, "pingdingshan-2022")


# --- every validator reads the schemas alike (issue 13) ------------------------------------------

# Draft-07's keywords. ajv's strict mode refuses any other keyword; an annotation the project needs
# goes into $comment (the verbatim mark) or description.
DRAFT_07_KEYWORDS = frozenset({
    "$schema", "$id", "$ref", "$comment", "title", "description", "default", "readOnly", "writeOnly",
    "examples", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength",
    "minLength", "pattern", "additionalItems", "items", "maxItems", "minItems", "uniqueItems", "contains",
    "maxProperties", "minProperties", "required", "additionalProperties", "definitions", "properties",
    "patternProperties", "dependencies", "propertyNames", "const", "enum", "type", "format", "contentMediaType",
    "contentEncoding", "if", "then", "else", "allOf", "anyOf", "oneOf", "not",
})
_NAME_MAPS = ("properties", "definitions", "patternProperties", "dependencies")


def _schema_keywords(schema, path="#"):
    """(path, keyword) for every keyword of every subschema; names under properties are not keywords."""
    if isinstance(schema, list):
        for index, sub in enumerate(schema):
            yield from _schema_keywords(sub, f"{path}/{index}")
        return
    if not isinstance(schema, dict):
        return
    for key, value in schema.items():
        yield path, key
        if key in _NAME_MAPS and isinstance(value, dict):
            for name, sub in value.items():
                yield from _schema_keywords(sub, f"{path}/{key}/{name}")
        elif key in ("items", "additionalItems", "additionalProperties", "contains", "propertyNames", "not",
                     "if", "then", "else", "allOf", "anyOf", "oneOf"):
            yield from _schema_keywords(value, f"{path}/{key}")


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=[p.name for p in SCHEMA_FILES])
def test_schemas_use_only_draft_07_keywords_so_ajv_strict_accepts_them(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    unknown = [(where, key) for where, key in _schema_keywords(schema) if key not in DRAFT_07_KEYWORDS]
    assert unknown == []


def test_the_verbatim_mark_is_a_comment_and_the_audit_reads_it():
    from bizenv_cli.checks.verbatim import verbatim_list
    from bizenv_cli.files.yamlload import load_yaml_file

    schema = json.loads((SCHEMAS / "plan.schema.json").read_text(encoding="utf-8"))
    assert schema["definitions"]["measure"]["properties"]["text"]["$comment"] == "verbatim"
    plan = load_yaml_file(DATA / "plans" / "02-starting-a-business.yaml").data
    paths = {path for path, _ in verbatim_list(plan, schema)}
    assert ("title",) in paths and ("measures", 0, "text") in paths and ("measures", 0, "deadline", "raw") in paths
    assert ("measures", 0, "title_en") not in paths  # a gloss is not audited


def test_dates_carry_format_date_beside_their_pattern():
    import jsonschema

    schema = json.loads((SCHEMAS / "plan.schema.json").read_text(encoding="utf-8"))
    date = schema["definitions"]["date"]
    assert date["format"] == "date" and date["pattern"]
    checker = jsonschema.Draft7Validator(date, format_checker=jsonschema.FormatChecker())
    # The pattern allows 30 February; the format checker does not.
    assert list(checker.iter_errors("2022-03-31")) == []
    assert [error.validator for error in checker.iter_errors("2022-02-30")] == ["format"]


def test_each_kind_of_file_has_the_tag_its_schema_holds():
    # The readers and writers name a kind of data file by files/tags.py; the schemas, which editors
    # and check-jsonschema read, hold the same tag as their `format` constant: the two cannot drift.
    from bizenv_cli.files.tags import PLAN_TAG, REGISTRY_TAG, REPORT_TAG

    tags = {name: json.loads((SCHEMAS / name).read_text(encoding="utf-8"))["properties"]["format"]["const"]
            for name in ("plan.schema.json", "departments.schema.json", "progress.schema.json")}
    assert tags == {"plan.schema.json": PLAN_TAG, "departments.schema.json": REGISTRY_TAG,
                    "progress.schema.json": REPORT_TAG}
