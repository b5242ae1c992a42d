"""A compiled yes/no schema check: is a document valid against a JSON Schema?

jsonschema walks the schema anew for every value, which is most of what `bizenv validate` costs
on valid data. fastjsonschema turns the schema into straight-line Python once; it answers only
"valid or not" here, and jsonschema still produces every message for the files this rejects, so
messages stay exactly jsonschema's. Whatever this accepts, jsonschema accepts too for our
schemas (the tests compare both on mutated data); where the two differ fastjsonschema is the
stricter (it reads a pattern's `$` as the very end, never before a final newline), and then
jsonschema's verdict is the one that counts.

fastjsonschema compiles through generated source code (~300 KB for the plan schema, some 80 ms to
generate and compile). The compiled code object is kept in the query cache, keyed by the schema's
text, so a later run only loads it; and the generated code's one import of fastjsonschema (for
its exception class, ~18 ms) is replaced by the class below, so that a run needs neither.
"""

from __future__ import annotations

import json
import marshal
import sys
from collections.abc import Callable
from typing import Any

try:
    from _blake2 import blake2b as _hash
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b as _hash

_GENERATED_IMPORT = "from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException"
_VERSION = f"3-{sys.version_info[0]}.{sys.version_info[1]}-{marshal.version}"
_compiled: dict[str, Callable[[Any], Any]] = {}
_entries: set[str] = set()  # the cache entries of the checks this process compiled or loaded
_by_identity: dict[int, tuple[dict, str]] = {}


class SchemaMismatch(ValueError):
    """Raised by the generated code where fastjsonschema's own exceptions would be."""

    def __init__(self, message: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(message)


def schema_key(schema: dict) -> str:
    """A name for the schema's content (the cache key of its compiled check)."""
    known = _by_identity.get(id(schema))
    if known is not None and known[0] is schema:
        return known[1]
    text = json.dumps(schema, sort_keys=True, ensure_ascii=False)
    key = _hash((_VERSION + "\0" + text).encode(), digest_size=20).hexdigest()
    _by_identity[id(schema)] = (schema, key)
    return key


def passes(schema: dict, document: Any) -> bool:
    """True when `document` is valid against `schema`; False when it is not, or may not be."""
    check = compiled(schema)
    try:
        check(document)
    except Exception:  # noqa: BLE001 - any failure means "let jsonschema decide"
        return False
    return True


def compiled(schema: dict) -> Callable[[Any], Any]:
    key = schema_key(schema)
    check = _compiled.get(key)
    if check is None:
        check = _compiled[key] = _load(schema, key)
    return check


def _load(schema: dict, key: str) -> Callable[[Any], Any]:
    from bizenv_cli.store import cache

    entry = f"{key}.schemacheck"
    _entries.add(entry)
    use_cache = not cache.bypassed()
    stored = _stored(cache.read(entry)) if use_cache else None
    if stored is None:
        import re

        import fastjsonschema

        # A copy: fastjsonschema rewrites the $refs of the schema it is given, in place.
        source = fastjsonschema.compile_to_code(json.loads(json.dumps(schema)))
        source = source.replace(_GENERATED_IMPORT, "", 1)
        # Decimal only widens the generated isinstance checks for numbers; the loader never makes
        # one, so it is bound to _NoDecimal below instead of importing decimal (1 ms of every run
        # that checks a file; a Decimal in a document, or multipleOf's arithmetic, would fail the
        # fast check and let jsonschema decide, as any failure here does).
        source = source.replace("from decimal import Decimal\n", "", 1)
        # The entry point is the first function generated (named after the schema's $id).
        function = re.search(r"^def (validate\w*)\(", source, re.MULTILINE).group(1)
        stored = (function, compile(source, f"<compiled schema {key[:12]}>", "exec"))
        if use_cache:
            cache.write(entry, marshal.dumps(stored))
    function, code = stored
    namespace: dict[str, Any] = {"JsonSchemaValueException": SchemaMismatch,
                                 "JsonSchemaValuesException": SchemaMismatch, "Decimal": _NoDecimal}
    exec(code, namespace)  # noqa: S102 - code generated from our own schema, as fastjsonschema does
    return namespace[function]


class _NoDecimal:
    """What the compiled checks call Decimal: a type no loaded value is (see _load)."""


def entries_in_use() -> set[str]:
    """The cache entries of the compiled checks in use: a prune after this run keeps them."""
    return set(_entries)


def _stored(payload: bytes | None) -> tuple[str, Any] | None:
    """(entry point, code object) from a cache entry, or None when it is not that shape."""
    if payload is None:
        return None
    try:
        stored = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    if (isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[0], str)
            and type(stored[1]).__name__ == "code"):
        return stored
    return None
