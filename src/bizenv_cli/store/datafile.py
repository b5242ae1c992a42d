"""One data file as the queries read it: loaded, checked, and packed for the cache.

A query never answers from data it cannot read. A file is loaded strictly, checked against its
schema (the compiled check; on failure, validate's own jsonschema problems, so the message is
the very `file:line:col field: message` that `bizenv validate` prints), and turned into the model
objects once; only a document that passes all three is cached. Anything else raises DataError.

A cache entry holds, for a plan: a summary (number, id, slug and, per measure, its milestone
dates as ordinals, whether it is ongoing, and the ids of the bodies it names), the whole document
(marshal, read only by commands that need it), and each measure on its own (so that `due` decodes
the measures it lists and no others).
"""

from __future__ import annotations

import marshal
import sys
from datetime import date
from pathlib import Path

from bizenv_cli.files.problems import DataError, Problem

PLAN, REGISTRY = "plan", "registry"
SCHEMA_FILES = {PLAN: "plan.schema.json", REGISTRY: "departments.schema.json"}


class Schemas:
    """The schemas beside the data folder, read only when a file has to be checked."""

    def __init__(self, data_dir) -> None:
        self.data_dir = data_dir
        self._texts: dict[str, bytes] | None = None
        self._parsed: dict[str, dict] = {}

    def _read(self) -> dict[str, bytes]:
        if self._texts is None:
            from bizenv_cli.files.datadir import DataDirNotFound

            try:
                folder = self.data_dir.schemas_dir
                self._texts = {kind: (folder / name).read_bytes() for kind, name in SCHEMA_FILES.items()}
            except (DataDirNotFound, OSError):
                self._texts = {}  # no schemas: the model check below still refuses what it cannot read
        return self._texts

    @property
    def fingerprint(self) -> bytes:
        """What a cached check depends on: a changed schema invalidates every entry."""
        texts = self._read()
        return b"\0".join(texts.get(kind, b"-") for kind in SCHEMA_FILES)

    def schema(self, kind: str) -> dict | None:
        if kind not in self._parsed:
            import json

            text = self._read().get(kind)
            self._parsed[kind] = json.loads(text) if text is not None else None
        return self._parsed[kind]


def read_regular(path: Path, name: str) -> bytes:
    """The bytes of a data file, through package.read_regular_file (datadir's: a FIFO, a device or
    a file past the size bound is refused with OSError), the one place the queries read files."""
    from bizenv_cli.store import package

    return package.read_regular_file(path)


def read_checked(raw: bytes, path: Path, name: str, kind: str, schemas: Schemas) -> dict:
    """The document in `raw`, or DataError with the problem validate reports first for it."""
    from bizenv_cli.files.yamlload import load_yaml_bytes

    loaded = load_yaml_bytes(raw, path, name)
    schema = schemas.schema(kind)
    if schema is not None:
        from bizenv_cli.checks import schemacheck

        if not schemacheck.passes(schema, loaded.data):
            from bizenv_cli.checks.validate import schema_problems

            problems = sorted(schema_problems(loaded, schema, name), key=lambda p: (p.line, p.column))
            if problems:
                raise DataError(problems[0])
    _check_model(loaded, path, name, kind, schemas)
    return loaded.data


def _check_model(loaded, path: Path, name: str, kind: str, schemas: Schemas) -> None:
    """Build the model objects once, so that a cached document is known to be readable, and check
    what the outputs rely on within the file: ids unique and prefixed by the plan's id."""
    from bizenv_cli.checks.validate import validate_says
    from bizenv_cli.model.departments import Registry
    from bizenv_cli.model.records import Plan

    try:
        if kind == REGISTRY:
            Registry.from_document(loaded.data)
        else:
            Plan.from_document(loaded.data)
            summarise(loaded.data)
            _check_ids(loaded.data)
    except ValueError as error:
        if kind == REGISTRY:
            # What validate says of a registry the model refuses (a duplicate id or spelling).
            raise DataError(Problem(name, *loaded.position_of(("departments",)), "departments",
                                    str(error), "semantics")) from None
        raise DataError(validate_says(schemas.data_dir, [path], name, _unreadable(error))) from None
    except (KeyError, TypeError, AttributeError, RecursionError) as error:
        raise DataError(validate_says(schemas.data_dir, [path], name, _unreadable(error))) from None


def _check_ids(doc: dict) -> None:
    # A SQLite export keys its tables by these ids, and `show` finds items by them: a repeated id or
    # one of another plan is refused, by validate's own rule (validate then says which and where).
    from bizenv_cli.checks.validate import unique_ids

    found: list[str] = []
    for collection in ("sections", "tables", "measures", "indicators"):
        unique_ids(doc, collection, doc["id"], lambda path, message: found.append(message))
    if found:
        raise ValueError(found[0])


def _unreadable(error: Exception) -> str:
    return f"the document cannot be read ({type(error).__name__}: {error}); run `bizenv validate`"


# --- cache entries --------------------------------------------------------------------------------
# An entry's payload is a 4-byte length, a head, then each measure's bytes one after another:
#     head = marshal((kind, summary, marshal of the whole document))
# `due` reads the measures it lists with one pread each, at the offsets the summary gives, and
# checks each against its own CRC-32 (kept in the folder's index, which is itself verified).

def summarise(doc: dict) -> tuple:
    """(number, id, slug, rows, indicator bodies): per measure, (milestone ordinals, ongoing, body
    ids); then the ids of every body the indicators name. The folder index checks each body id
    against the registry (folderindex.scan): the query outputs rely on it (SQLite's foreign keys)."""
    intern = sys.intern  # the same ids recur in every plan: stored once in the folder's index
    rows = []
    for measure in doc.get("measures", []):
        deadline = measure["deadline"]
        ordinals = tuple(date.fromisoformat(item["date"]).toordinal() for item in deadline.get("milestones", []))
        bodies = tuple(dict.fromkeys(intern(body["id"]) for body in measure["responsible"].get("bodies", [])))
        rows.append((ordinals, bool(deadline.get("ongoing")), bodies))
    indicator_bodies = tuple(dict.fromkeys(
        intern(body["id"]) for indicator in doc.get("indicators", []) for key in ("lead", "responsible")
        for body in (indicator.get(key) or {}).get("bodies", [])))
    return (doc["document"], intern(doc["id"]), intern(doc["slug"]), tuple(rows), indicator_bodies)


def pack(kind: str, doc: dict) -> bytes:
    import zlib

    measures = [_measure_blob(doc["document"], measure) for measure in doc.get("measures", [])] if kind == PLAN else []
    summary = summarise(doc) if kind == PLAN else None
    # Offsets are counted from the end of the head, whose length the spans do not change.
    spans, offset = [], 0
    for blob in measures:
        spans.append((offset, len(blob), zlib.crc32(blob)))
        offset += len(blob)
    if summary is not None:
        summary = (*summary[:3], tuple(row + (span,) for row, span in zip(summary[3], spans)), summary[4])
    head = marshal.dumps((kind, summary, marshal.dumps(doc)))
    return len(head).to_bytes(4, "little") + head + b"".join(measures)


def _measure_blob(plan_number: int, measure: dict) -> bytes:
    """What the cache keeps of one measure, read on its own (a pread) by `due`: its document, and
    what `due` builds its rows from (duerow.cached_due_parts), each decoded only when asked for
    (measure_document, due_parts)."""
    from bizenv_cli.query.due_rows import cached_due_parts
    from bizenv_cli.model.records import measure_from_document

    fields, milestones, ongoing = cached_due_parts(measure_from_document(plan_number, measure))
    return marshal.dumps((marshal.dumps(_interned(measure)), marshal.dumps(_interned(fields)), milestones, ongoing))


def measure_document(blob: bytes) -> dict:
    """The document of a measure, from what _measure_blob made of it."""
    return marshal.loads(marshal.loads(blob)[0])


def due_parts(blob: bytes) -> tuple[bytes, tuple[tuple[int, str | None], ...], bool]:
    """(the marshalled due_row_fields, milestones as (ordinal, label), ongoing) of a measure, from
    what _measure_blob made of it."""
    _, fields, milestones, ongoing = marshal.loads(blob)
    return fields, milestones, ongoing


def _interned(value):
    """`value` with its keys and its short ASCII strings (roles, ids) interned: marshal writes each
    such string once per measure and the repeats as references, which read back a quarter faster
    than strings built again (a `due` at 100 times the data reads 800 measures)."""
    kind = type(value)
    if kind is dict:
        return {sys.intern(key) if type(key) is str else key: _interned(item) for key, item in value.items()}
    if kind is list:
        return [_interned(item) for item in value]
    if kind is str and len(value) <= 40 and value.isascii():
        return sys.intern(value)
    return value


def unpack(kind: str, payload: bytes | None) -> tuple | None:
    """(summary, document bytes, measure bytes, where the measures start in the payload) from an
    entry, or None when it is not that shape.

    Each summary row is (milestone ordinals, ongoing, body ids, (offset, length, crc32)), the
    offset counted from where the measures start."""
    if payload is None or len(payload) < 4:
        return None
    start = 4 + int.from_bytes(payload[:4], "little")
    try:
        entry = marshal.loads(payload[4:start])
    except (ValueError, EOFError, TypeError):
        return None
    if not (isinstance(entry, tuple) and len(entry) == 3 and entry[0] == kind and isinstance(entry[2], bytes)):
        return None
    summary = entry[1]
    measures: tuple = ()
    if kind == PLAN:
        if not (isinstance(summary, tuple) and len(summary) == 5 and isinstance(summary[3], tuple)):
            return None
        try:
            measures = tuple(payload[start + offset:start + offset + length]
                             for *_, (offset, length, _) in summary[3])
        except (TypeError, ValueError):
            return None
        if start + sum(len(blob) for blob in measures) != len(payload):
            return None
    return summary, entry[2], measures, start
