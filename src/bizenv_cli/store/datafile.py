"""One data file as the queries read it: loaded strictly, checked, and its model built.

A query never answers from data it cannot read. A file is loaded strictly, checked against its
schema (the compiled check; on failure, validate's own jsonschema problems, so the message is
the very `file:line:col field: message` that `bizenv validate` prints), and turned into the model
objects once; only a document that passes all three, and whose every number is one every reader
keeps exactly (checks/numbers.py), enters the store (tables.py). Anything else raises DataError.
"""

from __future__ import annotations

from pathlib import Path

from bizenv_cli.files.problems import DataError, Problem
from bizenv_cli.store.tables import PLAN, REGISTRY, content_hash_of

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
    def fingerprint(self) -> str:
        """The hash of the schemas' bytes, which every file's check depends on: the store keeps it
        (store_state.schemas), and another one builds the store anew."""
        texts = self._read()
        return content_hash_of(b"\0".join(texts.get(kind, b"-") for kind in SCHEMA_FILES))

    def schema(self, kind: str) -> dict | None:
        if kind not in self._parsed:
            from bizenv_cli.checks.schemacheck import parse_schema

            text = self._read().get(kind)
            path = self.data_dir.schemas_dir / SCHEMA_FILES[kind]
            self._parsed[kind] = parse_schema(text, self.data_dir.display(path)) if text is not None else None
        return self._parsed[kind]


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
    from bizenv_cli.checks.numbers import unkept_numbers

    unkept = unkept_numbers(loaded, name)  # validate's next check: the export had ended in a traceback
    if unkept:
        raise DataError(unkept[0])
    _check_model(loaded, path, name, kind, schemas)
    return loaded.data


def _check_model(loaded, path: Path, name: str, kind: str, schemas: Schemas) -> None:
    """Build the model objects once, so that a cached document is known to be readable, and check
    what the outputs rely on within the file: ids unique and prefixed by the plan's id."""
    from bizenv_cli.model.departments import Registry, RegistryError
    from bizenv_cli.model.records import Plan

    try:
        if kind == REGISTRY:
            Registry.from_document(loaded.data)
        else:
            Plan.from_document(loaded.data)
            _check_ids(loaded.data)
    except RegistryError as error:
        from bizenv_cli.checks.validate import registry_problems

        # The first in file order; the refusal sends the reader to validate, which names them all.
        raise DataError(registry_problems(loaded, name, error)[0]) from None
    except ValueError as error:
        raise DataError(_validate_says(schemas, path, name, error)) from None
    except (KeyError, TypeError, AttributeError, RecursionError) as error:
        raise DataError(_validate_says(schemas, path, name, error)) from None


def _validate_says(schemas: Schemas, path: Path, name: str, error: Exception) -> Problem:
    # validate (and the source audit it brings) is imported only for a file the model refuses.
    from bizenv_cli.checks.validate import validate_says

    return validate_says(schemas.data_dir, [path], name, _unreadable(error))


def _check_ids(doc: dict) -> None:
    # A SQLite export keys its tables by these ids, and `show` finds items by them: a repeated id or
    # one of another plan is refused, by validate's own rule (validate then says which and where).
    from bizenv_cli.checks.identifiers import unique_ids

    found: list[str] = []
    for collection in ("sections", "tables", "measures", "indicators"):
        unique_ids(doc, collection, doc["id"], lambda path, message: found.append(message))
    if found:
        raise ValueError(found[0])


def _unreadable(error: Exception) -> str:
    return f"the document cannot be read ({type(error).__name__}: {error}); run `bizenv validate`"


def references_of(doc: dict) -> tuple[int, str, list[str]]:
    """What references.check_references needs of a checked plan: its number, its id and the ids of
    every body its measures and indicators name, each once, in file order (a refusal names the
    first, as validate does)."""
    bodies = [body["id"] for measure in doc.get("measures", []) for body in measure["responsible"].get("bodies", [])]
    bodies += [body["id"] for indicator in doc.get("indicators", []) for key in ("lead", "responsible")
               for body in (indicator.get(key) or {}).get("bodies", [])]
    return doc["document"], doc["id"], list(dict.fromkeys(bodies))

