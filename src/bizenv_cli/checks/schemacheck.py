"""A compiled yes/no schema check: is a document valid against a JSON Schema?

jsonschema walks the schema anew for every value, which is most of what checking thousands of
files costs. fastjsonschema turns the schema into straight-line Python once per process; it
answers only "valid or not" here, and jsonschema still produces every message for the documents
this rejects, so messages stay exactly jsonschema's. Whatever this accepts, jsonschema accepts too
for our schemas (the tests compare both on mutated data); where the two differ, jsonschema's
verdict is the one that counts. Both read a pattern's `$` as JSON Schema does (ECMA 262: the very
end of the text, never before a final line break), jsonschema by validate's `pattern` rule.

The check is built from the schema in this process and kept only in memory: nothing compiled is
ever written to disk or read back (docs/store.md). It is built without fastjsonschema's detailed
exceptions: they print each rule's whole subschema into the generated code, which is most of the
cost of building it, and a yes/no check never reads them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

_compiled: dict[str, Callable[[Any], Any]] = {}
_by_identity: dict[int, tuple[dict, Callable[[Any], Any]]] = {}


def passes(schema: dict, document: Any) -> bool:
    """True when `document` is valid against `schema`; False when it is not, or may not be."""
    check = compiled(schema)
    try:
        check(document)
    except Exception:  # noqa: BLE001 - any failure means "let jsonschema decide"
        return False
    return True


def compiled(schema: dict) -> Callable[[Any], Any]:
    known = _by_identity.get(id(schema))
    if known is not None and known[0] is schema:  # the same schema object: not serialised again
        return known[1]
    key = json.dumps(schema, sort_keys=True, ensure_ascii=False)
    check = _compiled.get(key)
    if check is None:
        import fastjsonschema

        # A copy: fastjsonschema rewrites the $refs of the schema it is given, in place.
        check = _compiled[key] = fastjsonschema.compile(_const_as_enum(json.loads(key)), detailed_exceptions=False)
    _by_identity[id(schema)] = (schema, check)
    return check


def parse_schema(raw: bytes, name: str) -> dict:
    """A schema file's bytes as JSON; DataError naming `name`, line and column when they are not
    (a schema edited by hand), so that no command ends in a traceback on it."""
    try:
        return json.loads(raw.decode("utf-8"))
    except ValueError as error:  # json.JSONDecodeError and UnicodeDecodeError alike
        from bizenv_cli.files.problems import DataError, Problem

        line, column = getattr(error, "lineno", 1), getattr(error, "colno", 1)
        reason = getattr(error, "msg", None) or "not UTF-8"
        raise DataError(Problem(name, line, column, "", f"the schema is not valid JSON: {reason}", "schema")) from None


# Keywords whose value maps names (of properties, of definitions) to schemas, not keywords to values.
_NAME_MAPS = frozenset({"properties", "patternProperties", "definitions", "$defs", "dependentSchemas"})
# Keywords whose value is data, never a schema to walk into.
_DATA_VALUES = frozenset({"const", "enum", "default", "examples"})


def _const_as_enum(schema: Any, names: bool = False) -> Any:
    """`schema` with every `"const": v` written `"enum": [v]`, which means the same (fastjsonschema
    generates the same test for both). fastjsonschema 2.22 cannot build a `const` rule without its
    detailed exceptions (its message asks for a value it then does not pass)."""
    if isinstance(schema, list):
        return [_const_as_enum(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if names:
        return {name: _const_as_enum(value) for name, value in schema.items()}
    rewritten = {key: value if key in _DATA_VALUES else _const_as_enum(value, key in _NAME_MAPS)
                 for key, value in schema.items() if key != "const"}
    if "const" in schema:
        if "enum" in schema:  # both must hold
            rewritten["allOf"] = [*rewritten.get("allOf", []), {"enum": [schema["const"]]}]
        else:
            rewritten["enum"] = [schema["const"]]
    return rewritten
