"""Load a whole plan package (every plan and the department registry) for the query commands.

Queries trust data that `bizenv validate` checks; they read it through the same strict loader,
so a broken file still gives file:line:col, never a traceback. Parsing 29 files costs more than
a query should, so the parsed documents are cached in one file keyed by the exact bytes of every
data file: a changed file changes the key, and is never served stale.
"""

from __future__ import annotations

import marshal
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from bizenv_cli.datadir import DataDir, read_regular_file
from bizenv_cli.departments import Registry
from bizenv_cli.model import Measure, Plan

# marshal (the cache's format, twice as quick to read as JSON) changes between Python versions:
# the version is part of the key.
CACHE_VERSION = f"2-{sys.version_info[0]}.{sys.version_info[1]}-{marshal.version}"

try:
    # The C module behind hashlib.blake2b, without hashlib's OpenSSL start-up (~2.5 ms a run).
    from _blake2 import blake2b as _content_hash
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b as _content_hash


@dataclass
class Package:
    plans: list[Plan]
    registry: Registry

    def plan(self, number: int) -> Plan | None:
        return next((plan for plan in self.plans if plan.number == number), None)

    def measures(self) -> list[Measure]:
        return [measure for plan in self.plans for measure in plan.measures]

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures() if m.id == measure_id), None)


def load_package(data_dir: DataDir, use_cache: bool = True) -> Package:
    files = [data_dir.departments_file, *data_dir.plan_files()]
    contents = [(path, read_regular_file(path)) for path in files]
    key = _cache_key(contents)
    documents = _read_cache(key) if use_cache else None
    if documents is None:
        # yaml is loaded only on a cache miss: a query over cached data never pays for it.
        from bizenv_cli.yamlload import load_yaml_bytes

        documents = [load_yaml_bytes(raw, path, data_dir.display(path)).data for path, raw in contents]
        if use_cache:
            _write_cache(key, documents)
    registry_doc, *plan_docs = documents
    return Package(
        plans=sorted((Plan.from_document(doc) for doc in plan_docs), key=lambda plan: plan.number),
        registry=Registry.from_document(registry_doc),
    )


def _cache_key(contents: list[tuple[Path, bytes]]) -> str:
    digest = _content_hash(CACHE_VERSION.encode())
    for path, raw in contents:
        digest.update(path.name.encode() + b"\0" + _content_hash(raw).digest())
    return digest.hexdigest()


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bizenv"


def _read_cache(key: str) -> list | None:
    try:
        return marshal.loads((_cache_dir() / f"{key}.marshal").read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def _write_cache(key: str, documents: list) -> None:
    import tempfile

    folder = _cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a concurrent reader never sees half a cache file.
        with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False, suffix=".tmp") as handle:
            handle.write(marshal.dumps(documents))
        os.replace(handle.name, folder / f"{key}.marshal")
    except OSError:
        pass  # a read-only home only costs speed
