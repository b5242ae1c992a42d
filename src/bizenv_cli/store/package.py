"""Load a plan package (every plan and the department registry) for the query commands.

A query never answers from data it cannot read: each file is loaded strictly, checked against
its schema and built into the model before anything is cached (datafile.py); a file that fails
stops the query with the message `bizenv validate` gives for it.

Parsing costs more than a query should, so each checked document is cached by its content, one
entry per file (folderindex.py; cache.py says where, how it is verified and bounded, and how to
bypass it). The plans themselves are decoded only when a command asks for `Package.plans`.
`bizenv due` asks `Package.due_candidates` instead, which reads the folder's milestone index and
decodes only the measures it lists; without a filter it asks `Package.due_sources`, which decodes
no measure and gives the fields of its rows that the index keeps beside each one (duerow.py).
`bizenv gaps` asks `Package.owned_indicators`, which reads each plan's indicators and their owners
and decodes no measure.
"""

from __future__ import annotations

import marshal
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from bizenv_cli.files.datadir import DataDir, read_regular_file  # noqa: F401 - every query read goes through it
from bizenv_cli.model.departments import Registry
from bizenv_cli.query.due_rows import DueSource, measure_due_source
from bizenv_cli.model.records import Indicator, Measure, Plan, indicator_from_document, measure_from_document

if TYPE_CHECKING:
    from bizenv_cli.model.owners import Owners


class PlanRef(NamedTuple):
    """What `due` needs to know of a plan it does not decode."""

    number: int
    id: str
    slug: str


class Package:
    """The plans and the registry; `plans` is decoded from the cache on first use."""

    def __init__(self, plans: list[Plan] | None = None, registry: Registry | None = None, *, index=None) -> None:
        self._plans = plans
        self.registry = registry
        self._index = index

    @property
    def plans(self) -> list[Plan]:
        if self._plans is None:
            self._plans = [Plan.from_document(doc) for doc in self._index.plan_documents()]
        return self._plans

    def plan_refs(self) -> list[PlanRef]:
        """(number, id, slug) of every plan, in package order, without decoding any plan."""
        if self._index is None or self._plans is not None:
            return [PlanRef(plan.number, plan.id, plan.slug) for plan in self.plans]
        return [PlanRef(*self._index.plan_ref(rank)) for rank in range(len(self._index.state["plans"]))]

    def owned_indicators(self) -> list[tuple[Indicator, Owners]]:
        """Every indicator with its owners (owners.indicator_owners), in package order."""
        if self._index is None or self._plans is not None:
            from bizenv_cli.model.owners import owned_indicators

            return owned_indicators(self.plans)
        owned = []
        for rank, documents, owners in self._index.owned_indicators():
            number = self._index.plan_ref(rank)[0]
            owned.extend((indicator_from_document(number, document), owner)
                         for document, owner in zip(documents, owners))
        return owned

    def plan(self, number: int) -> Plan | None:
        return next((plan for plan in self.plans if plan.number == number), None)

    def measures(self) -> list[Measure]:
        return [measure for plan in self.plans for measure in plan.measures]

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures() if m.id == measure_id), None)

    def due_candidates(self, window, plan: int | None = None, department: str | frozenset[str] | None = None,
                       with_ongoing: bool = False) -> list[tuple[Plan | PlanRef, Measure]]:
        """The measures of plan `plan` naming body `department`, or any of a set of bodies (as
        Registry.scope gives), that have a milestone `window` admits, or are ongoing when
        `with_ongoing`; either filter may be None; in package order.

        A superset of what `queries.due_rows` keeps from all measures, and in the same order, so
        its rows are the same; from the milestone index, without decoding the other measures.
        """
        if isinstance(department, str):
            department = frozenset((department,))
        if self._index is None or self._plans is not None:
            return [(p, m) for p in self.plans for m in p.measures
                    if (plan is None or m.plan == plan)
                    and (department is None or any(body.id in department for body in m.responsible.bodies))
                    and ((with_ongoing and m.deadline.ongoing)
                         or any(window.admits(milestone.date) for milestone in m.deadline.milestones))]
        refs = self._index.due_candidates(*_ordinals(window), plan, department, with_ongoing)
        plans = {ref[0]: PlanRef(*self._index.plan_ref(ref[0])) for ref in refs}
        return [(plans[ref[0]], measure_from_document(plans[ref[0]].number, doc))
                for ref, doc in zip(refs, self._index.measure_documents(refs))]

    def due_sources(self, window, with_ongoing: bool = False) -> list[DueSource]:
        """What `due` builds its rows from (queries.due_rows_of), for the measures due_candidates
        gives (no plan or body filter); from the folder index, without decoding any measure."""
        if self._index is None or self._plans is not None:
            return [measure_due_source(measure)
                    for _, measure in self.due_candidates(window, with_ongoing=with_ongoing)]
        refs = self._index.due_candidates(*_ordinals(window), None, None, with_ongoing)
        return [DueSource(tuple((date.fromordinal(ordinal), label) for ordinal, label in milestones), ongoing,
                          partial(marshal.loads, fields))
                for fields, milestones, ongoing in self._index.due_parts(refs)]


def _ordinals(window) -> tuple[int | None, int | None]:
    """The window's first and last days as the milestone index keeps dates (None: an open end)."""
    return (window.earliest.toordinal() if window.earliest else None,
            window.latest.toordinal() if window.latest else None)


def load_package(data_dir: DataDir, use_cache: bool = True) -> Package:
    """The package of `data_dir`; raises DataError (validate's message) for a file it cannot read.

    use_cache=False, or BIZENV_NO_CACHE=1, reads and checks every file and touches no cache.
    """
    from bizenv_cli.store import cache

    if use_cache and not cache.bypassed():
        from bizenv_cli.store.folderindex import scan

        index = scan(data_dir)
        return Package(registry=Registry.from_document(index.registry_document()), index=index)
    from bizenv_cli.store.datafile import PLAN, REGISTRY, Schemas, read_checked, read_regular

    schemas = Schemas(data_dir)

    def read(path, kind):
        name = data_dir.display(path)
        return read_checked(read_regular(path, name), path, name, kind, schemas)

    from bizenv_cli.store.datafile import summarise
    from bizenv_cli.checks.references import check_references

    registry = Registry.from_document(read(data_dir.departments_file, REGISTRY))
    documents = [(path, read(path, PLAN)) for path in data_dir.plan_files()]
    documents.sort(key=lambda item: (item[1]["document"], item[0].name))  # package order, as the index's
    check_references(((path, summarise(document)) for path, document in documents),
                     {department.id for department in registry}, data_dir)
    return Package(plans=[Plan.from_document(document) for _, document in documents], registry=registry)

