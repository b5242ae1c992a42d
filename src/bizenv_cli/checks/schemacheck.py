"""A compiled yes/no schema check: is a document valid against a JSON Schema?

jsonschema walks the schema anew for every value, which is most of what checking thousands of
files costs. fastjsonschema turns the schema into straight-line Python once per process; it
answers only "valid or not" here, and jsonschema still produces every message for the documents
this rejects, so messages stay exactly jsonschema's. Whatever this accepts, jsonschema accepts too
for our schemas (the tests compare both on mutated data); where the two differ fastjsonschema is
the stricter (it reads a pattern's `$` as the very end, never before a final newline), and then
jsonschema's verdict is the one that counts.

The check is built from the schema in this process and kept only in memory: nothing compiled is
ever written to disk or read back (docs/store.md).
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
        check = _compiled[key] = fastjsonschema.compile(json.loads(key))
    _by_identity[id(schema)] = (schema, check)
    return check
