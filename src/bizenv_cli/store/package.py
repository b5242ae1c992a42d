"""Load a plan package (every plan and the department registry) for the query commands.

A query never answers from data it cannot read: each file is loaded strictly, checked against its
schema and built into the model (datafile.py), and the files are checked against each other
(checks/references.py); a file that fails stops the query with the message `bizenv validate`
gives for it.

Parsing costs more than a query should, so the checked files are kept in the store (database.py):
a warm query reads no YAML. `Package.plans` decodes the plans' documents on first use; `bizenv
due` asks `Package.due_candidates`, which reads from the store's tables only the measures with a
milestone in its window (an indexed range query) and the ongoing ones, and for its note on the
measures with no 时间节点 `no_deadline_count` (a total) or `no_deadline_measures` (their index);
`bizenv gaps` asks `Package.owned_indicators`, which reads each indicator with its owners and no measure. When the
store cannot be trusted it is built again from the files; when it cannot be used at all (a
read-only cache folder, another run writing to it for longer than the busy timeout), or with
--no-cache, the files are read instead.
"""

from __future__ import annotations

import errno

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from bizenv_cli.files.datadir import DataDir, read_regular_file, shown_path
from bizenv_cli.model.departments import Registry
from bizenv_cli.model.records import Indicator, Measure, Plan, indicator_from_document
from bizenv_cli.store.database import FolderStore, StoreDamaged, busy
from bizenv_cli.store.tables import PLAN, REGISTRY, NotStorable, content_hash_of

if TYPE_CHECKING:
    from bizenv_cli.model.owners import Owners


class PlanRef(NamedTuple):
    """What `due` needs to know of a plan it does not decode."""

    number: int
    id: str
    slug: str


class SourceFile(NamedTuple):
    """A data file as the store and the export hold it: its path in the data folder
    (departments.yaml, plans/NAME.yaml), its kind, the hash of its bytes and its checked document."""

    path: str
    kind: str
    content_hash: str
    document: dict


class Package:
    """The plans and the registry; from the store, whose answers are read when first asked for,
    or from the files (`plans` and `sources` given)."""

    def __init__(self, plans: list[Plan] | None = None, registry: Registry | None = None, *,
                 store: FolderStore | None = None, data_dir: DataDir | None = None,
                 sources: list[SourceFile] | None = None) -> None:
        self._plans = plans
        self._registry = registry
        self._store = store
        self._data_dir = data_dir
        self._sources = sources

    def _ask(self, question: Callable[[FolderStore], object]):
        """The store's answer, or None when there is no store, or it failed again after being built
        anew from the files (the caller then answers from the plans, read from the files)."""
        for _ in range(2):
            if self._store is None:
                return None
            try:
                return question(self._store)
            except (StoreDamaged, sqlite3.Error) as error:
                self._store = None if busy(error) else _rebuilt(self._store)
        return None

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            document = self._ask(lambda store: store.registry_document())
            self._registry = Registry.from_document(document) if document is not None else \
                package_from_files(self._data_dir).registry
        return self._registry

    @property
    def plans(self) -> list[Plan]:
        if self._plans is None:
            self._plans = [Plan.from_document(source.document) for source in self.sources()[1:]]
        return self._plans

    def sources(self) -> list[SourceFile]:
        """The registry's file, then every plan's, in package order (what `bizenv export` writes)."""
        if self._sources is None:
            found = self._ask(lambda store: [SourceFile(*source) for source in store.source_files()])
            self._sources = found if found is not None else package_from_files(self._data_dir).sources()
        return self._sources

    def plan_refs(self) -> list[PlanRef]:
        """(number, id, slug) of every plan, in package order, without decoding any plan."""
        rows = self._ask(lambda store: store.plan_rows()) if self._plans is None else None
        if rows is not None:
            return [PlanRef(*row[:3]) for row in rows]
        return [PlanRef(plan.number, plan.id, plan.slug) for plan in self.plans]

    def owned_indicators(self) -> list[tuple[Indicator, Owners]]:
        """Every indicator with its owners (owners.indicator_owners), in package order."""
        found = self._ask(lambda store: store.indicators()) if self._plans is None else None
        if found is not None:
            return [(indicator_from_document(number, document), owners) for number, document, owners in found]
        from bizenv_cli.model.owners import owned_indicators

        return owned_indicators(self.plans)

    def no_deadline_measures(self) -> list[tuple[Plan | PlanRef, Measure]]:
        """The measures with no 时间节点 (Deadline.printed false), in package order; from the
        store's index, without decoding any plan."""
        found = self._ask(lambda store: store.no_deadline_measures()) if self._plans is None else None
        if found is not None:
            return [(PlanRef(*row[:3]), measure) for row, measure in found]
        return [(plan, measure) for plan in self.plans for measure in plan.measures if not measure.deadline.printed]

    def no_deadline_count(self) -> int:
        """How many measures have no 时间节点: the store's total, read with no measure."""
        found = self._ask(lambda store: store.no_deadline_count()) if self._plans is None else None
        if found is not None:
            return found
        return sum(1 for measure in self.measures() if not measure.deadline.printed)

    def plan(self, number: int) -> Plan | None:
        return next((plan for plan in self.plans if plan.number == number), None)

    def measures(self) -> list[Measure]:
        return [measure for plan in self.plans for measure in plan.measures]

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures() if m.id == measure_id), None)

    def due_candidates(self, window, with_ongoing: bool = False) -> list[tuple[Plan | PlanRef, Measure]]:
        """The measures with a milestone `window` admits, and the ongoing ones when `with_ongoing`;
        in package order. A superset of what `queries.due_rows` keeps from all measures, and in the
        same order, so its rows are the same; from the store, without decoding any plan."""
        earliest = window.earliest.isoformat() if window.earliest else None
        latest = window.latest.isoformat() if window.latest else None
        found = self._ask(lambda store: store.due_measures(earliest, latest, with_ongoing)) \
            if self._plans is None else None
        if found is not None:
            return [(PlanRef(*row[:3]), measure) for row, measure in found]
        return [(plan, measure) for plan in self.plans for measure in plan.measures
                if (with_ongoing and measure.deadline.ongoing)
                or any(window.admits(milestone.date) for milestone in measure.deadline.milestones)]


def _rebuilt(store: FolderStore) -> FolderStore | None:
    """The store built again from the files, or None when it cannot be (DataError, for a file that
    no longer reads, is the user's to see)."""
    try:
        store.reset()
        store.update()
        return store
    except (StoreDamaged, sqlite3.Error, NotStorable):
        return None


def load_package(data_dir: DataDir, use_cache: bool = True) -> Package:
    """The package of `data_dir`; raises DataError (validate's message) for a file it cannot read.

    use_cache=False, or BIZENV_NO_CACHE=1, reads and checks every file and touches no cache.
    """
    from bizenv_cli.store.location import bypassed

    if use_cache and not bypassed():
        store = FolderStore.open(data_dir, read_file)
        for _ in range(2):
            if store is None:
                break
            try:
                store.update()
                return Package(store=store, data_dir=data_dir)
            except (StoreDamaged, sqlite3.Error) as error:
                store = None if busy(error) else _rebuilt(store)
            except NotStorable:
                break
    return package_from_files(data_dir)


def read_file(path: Path) -> bytes:
    """The bytes of a data file: every read of the package goes through here (datadir's
    read_regular_file: a FIFO, a device or a file past the size bound is refused with OSError).
    A file past the bound is a fault of the data, not of reading: DataError with validate's
    message at the file (file:1:1), as validate says it."""
    try:
        return read_regular_file(path)
    except OSError as error:
        if error.errno != errno.EFBIG:
            raise
        from bizenv_cli.files.problems import DataError, Problem

        raise DataError(Problem(shown_path(path), 1, 1, "", error.strerror, "yaml")) from None


def package_from_files(data_dir: DataDir) -> Package:
    """The package read from its files, every one loaded and checked."""
    from bizenv_cli.checks.references import check_references
    from bizenv_cli.store.datafile import Schemas, read_checked, references_of

    schemas = Schemas(data_dir)

    def read(path: Path, kind: str) -> tuple[str, dict]:
        raw = read_file(path)
        return content_hash_of(raw), read_checked(raw, path, data_dir.display(path), kind, schemas)

    registry_hash, registry_document = read(data_dir.departments_file, REGISTRY)
    registry = Registry.from_document(registry_document)
    documents = [(path, *read(path, PLAN)) for path in data_dir.plan_files()]
    documents.sort(key=lambda item: (item[2]["document"], item[0].name))  # package order, as the store's
    check_references(((path, *references_of(document)) for path, _, document in documents),
                     {department.id for department in registry}, data_dir)
    sources = [SourceFile("departments.yaml", REGISTRY, registry_hash, registry_document)]
    sources += [SourceFile(f"plans/{path.name}", PLAN, digest, document) for path, digest, document in documents]
    return Package(plans=[Plan.from_document(document) for _, _, document in documents], registry=registry,
                   sources=sources)


def checked_documents(data_dir: DataDir) -> Callable[[Path, bytes], dict | None] | None:
    """What validate takes as `checked`: for a data file of this folder and its bytes as they are
    now, the document the store holds for them (these very bytes passed every check a query makes,
    the schema's among them), else None. The store is brought up to date first when the data
    allows it; None when there is no store to ask."""
    from bizenv_cli.files.problems import DataError
    from bizenv_cli.store.location import bypassed

    if bypassed():
        return None
    store = FolderStore.open(data_dir, read_file)
    try:
        if store is not None:
            store.update()
    except (DataError, OSError, NotStorable):
        # Invalid data, or rows the tables cannot hold (two measures with one seq): the update was
        # rolled back, and what the store held before still answers for the files unchanged since,
        # as long as it was checked under the schemas and by the code in use.
        if not store.checked_by_the_rules_in_use():
            store = None
    except (StoreDamaged, sqlite3.Error) as error:
        store = None if busy(error) else _rebuilt_for_validate(store)
    if store is None:
        return None
    root = Path(data_dir.root).resolve()
    rebuilt = False

    def checked(path: Path, raw: bytes) -> dict | None:
        nonlocal store, rebuilt
        try:
            name = Path(path).resolve().relative_to(root).as_posix()
        except (ValueError, OSError):
            return None  # not a file of this data folder
        try:
            return store.document_for(name, raw) if store is not None else None
        except (StoreDamaged, sqlite3.Error) as error:
            # Rebuilt once, then asked again; a store another run is writing is left to it.
            store, rebuilt = (None if rebuilt or busy(error) else _rebuilt_for_validate(store)), True
            return checked(path, raw)

    return checked


def _rebuilt_for_validate(store: FolderStore) -> FolderStore | None:
    """_rebuilt, for validate: a file that fails a check is validate's to report."""
    from bizenv_cli.files.problems import DataError

    try:
        return _rebuilt(store)
    except (DataError, OSError):
        return None
