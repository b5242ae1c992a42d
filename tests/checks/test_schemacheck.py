"""The compiled schema check says "valid" only where jsonschema does, so validate's messages (always
jsonschema's) are byte for byte what they were without it."""

from __future__ import annotations

import copy
import random

import pytest

from bizenv_cli.checks import schemacheck

from bizenv_cli.checks import validate
from bizenv_cli.checks.validate import load_schema, schema_problems
from bizenv_cli.files.yamlload import load_yaml_file
from conftest import DATA, SCHEMAS, invoke

SWAPS = [[1], {"a": 1}, 7, -2.5, 1.0, True, None, "", "x", "2022-02-30", "99", "01\n"]


def _scalar_paths(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _scalar_paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _scalar_paths(item, path + (index,))
    yield path


def _mutated(document, rng):
    doc = copy.deepcopy(document)
    path = rng.choice([p for p in _scalar_paths(doc) if p])
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    kind = rng.random()
    if kind < 0.7:
        parent[path[-1]] = copy.deepcopy(rng.choice(SWAPS))
    elif kind < 0.85 and isinstance(parent, dict):
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent["unexpected_key"] = 1
    else:
        parent.append(copy.deepcopy(rng.choice(SWAPS)))
    return doc


def _jsonschema_only(monkeypatch):
    monkeypatch.setattr(schemacheck, "passes", lambda schema, document: False)


@pytest.mark.parametrize("schema_file, data_file", [
    ("plan.schema.json", "plans/02-starting-a-business.yaml"),
    ("plan.schema.json", "plans/04-getting-electricity.yaml"),
    ("departments.schema.json", "departments.yaml"),
])
def test_compiled_check_passes_only_what_jsonschema_passes_and_messages_stay_the_same(
        monkeypatch, schema_file, data_file):
    import jsonschema

    schema = load_schema(SCHEMAS / schema_file)
    paths = sorted(DATA.glob(data_file))
    assert paths, data_file
    loaded = load_yaml_file(paths[0], data_file)
    checker = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    assert schemacheck.passes(schema, loaded.data)
    rng = random.Random(schema_file + data_file)
    rejected = 0
    for _ in range(40):
        loaded.data, original = _mutated(loaded.data, rng), loaded.data
        compiled_says = schemacheck.passes(schema, loaded.data)
        if compiled_says:
            assert checker.is_valid(loaded.data), "the compiled check passed what jsonschema rejects"
        else:
            rejected += 1
        with_compiled = schema_problems(loaded, schema, data_file)
        with monkeypatch.context() as patch:
            _jsonschema_only(patch)
            assert schema_problems(loaded, schema, data_file) == with_compiled
        loaded.data = original
    assert rejected > 15


def test_validate_prints_the_same_bytes_with_and_without_the_compiled_check(data_copy, runner, monkeypatch,
                                                                           tmp_path):
    monkeypatch.chdir(tmp_path)
    plans = data_copy / "plans"
    for name, old, new in [("02-starting-a-business.yaml", "  seq: 1\n", "  seq: '1'\n"),
                           ("04-getting-electricity.yaml", "date: '2022-03-31'", "date: 2022"),
                           ("13-enforcing-contracts.yaml", "measures:\n", "measures:\n- {}\n")]:
        text = (plans / name).read_text(encoding="utf-8")
        assert old in text, (name, old)
        (plans / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    args = ("--data", str(data_copy), "validate")
    compiled = invoke(runner, *args)
    assert compiled.exit_code == 1 and compiled.stdout.count("\n") >= 3
    _jsonschema_only(monkeypatch)
    plain = invoke(runner, *args)
    assert (plain.stdout, plain.stderr, plain.exit_code) == (compiled.stdout, compiled.stderr, compiled.exit_code)


def test_the_compiled_check_is_built_in_process_writes_nothing_and_does_not_change_the_schema(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    schema = copy.deepcopy(load_schema(SCHEMAS / "departments.schema.json"))
    before = copy.deepcopy(schema)
    schemacheck._compiled.clear()
    schemacheck._by_identity.clear()
    assert schemacheck.passes(schema, load_yaml_file(DATA / "departments.yaml").data)
    assert schema == before, "fastjsonschema rewrites the $refs of what it compiles"
    assert not (tmp_path / "cache").exists(), "nothing compiled is written to disk"
    assert not schemacheck.passes(schema, {"format": "bizenv/departments/1"})


def test_validate_uses_the_compiled_check(monkeypatch):
    calls = []
    real = schemacheck.passes
    monkeypatch.setattr(schemacheck, "passes", lambda schema, doc: calls.append(1) or real(schema, doc))
    loaded = load_yaml_file(DATA / "departments.yaml")
    assert validate.schema_problems(loaded, load_schema(SCHEMAS / "departments.schema.json"), "d") == []
    assert calls


def test_a_decimal_is_left_to_jsonschema():
    """The loader never makes a Decimal; one that reached the check fails the fast check (an int is
    asked for), so that jsonschema decides, as with any other failure."""
    from decimal import Decimal

    plan = load_yaml_file(DATA / "plans" / "09-paying-taxes.yaml").data
    schema = load_schema(SCHEMAS / "plan.schema.json")
    assert schemacheck.passes(schema, plan)
    odd = copy.deepcopy(plan)
    odd["year"] = Decimal(2022)
    assert not schemacheck.passes(schema, odd)


@pytest.mark.parametrize("document, valid", [
    ({"format": "f/1", "const": 3, "mixed": "a"}, True),
    ({"format": "f/2", "const": 3, "mixed": "a"}, False),   # the const of "format"
    ({"format": "f/1", "const": "3", "mixed": "a"}, True),  # a property named "const" is a name
    ({"format": "f/1", "const": 3, "mixed": "b"}, False),   # const and enum: both must hold
    ({"format": "f/1", "const": 3, "mixed": "c"}, False),
    ({"format": "f/1", "const": 3, "mixed": "a", "flag": 1}, False),  # const true is not 1
])
def test_const_is_checked_as_jsonschema_checks_it(document, valid):
    import jsonschema

    schema = {"type": "object", "additionalProperties": False,
              "properties": {"format": {"const": "f/1"},
                             "const": {"type": ["integer", "string"]},
                             "mixed": {"enum": ["a", "c"], "const": "a"},
                             "flag": {"const": True}},
              "$defs": {"const": {"const": 1}}}
    assert jsonschema.Draft202012Validator(schema).is_valid(document) is valid
    assert schemacheck.passes(schema, document) is valid
