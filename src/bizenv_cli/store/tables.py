"""The package as SQLite tables: one schema for the store, `bizenv export -o F.sqlite` and Datasette
(docs/store.md describes it table by table).

Every row names the data file it comes from (`file`, a row of `files`) and carries a checksum: a
CRC-32 of its values, seeded with its table's name and the content hash of its file. A row is
believed only when its checksum is what its values and its file's content give, so a flipped
byte, or a row copied from another file or another version of this one, is never read as data.
A measure's checksum also covers the checksums of its milestones and responsibilities, and an
indicator's those of its owners: reading a measure with its parts proves none is missing.

The rows are made from a checked document (datafile.read_checked) by `rows_of`; the store and the
export call it alike. Values are stored as SQLite returns them (a REAL column gives back 5.0 for
5, an INTEGER column 1 for True), so that a checksum computed here holds for the row read back.
"""

from __future__ import annotations

import json
import zlib
from datetime import date
from functools import cache
from typing import NamedTuple

from bizenv_cli.model.records import Assignment, Deadline, Measure, Milestone, Responsibility

PLAN, REGISTRY = "plan", "registry"

# Every table but files ends with `file` and `checksum`; COLUMNS lists the others.
SCHEMA = """
CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    document TEXT NOT NULL,
    checksum INTEGER NOT NULL
);
CREATE TABLE plans (
    number INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    title_en TEXT,
    indicator_area TEXT,
    package TEXT,
    jurisdiction TEXT,
    year INTEGER,
    source_file TEXT,
    first_line INTEGER,
    last_line INTEGER,
    measures INTEGER NOT NULL,
    indicators INTEGER NOT NULL,
    file INTEGER NOT NULL REFERENCES files(id),
    checksum INTEGER NOT NULL
);
CREATE TABLE departments (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_en TEXT,
    kind TEXT,
    is_group INTEGER NOT NULL,
    parent TEXT REFERENCES departments(id),
    aliases TEXT,
    note TEXT,
    file INTEGER NOT NULL REFERENCES files(id),
    checksum INTEGER NOT NULL
);
CREATE TABLE department_scope (
    department TEXT NOT NULL REFERENCES departments(id),
    member TEXT NOT NULL REFERENCES departments(id),
    file INTEGER NOT NULL REFERENCES files(id),
    checksum INTEGER NOT NULL,
    PRIMARY KEY (department, member)
);
CREATE TABLE measures (
    id TEXT PRIMARY KEY,
    plan INTEGER NOT NULL REFERENCES plans(number),
    seq INTEGER NOT NULL,
    section TEXT,
    section_heading TEXT,
    label TEXT,
    title TEXT,
    title_en TEXT,
    text TEXT NOT NULL,
    line INTEGER,
    deadline_raw TEXT,
    deadline_line INTEGER,
    ongoing INTEGER NOT NULL,
    recurrence TEXT,
    responsible_raw TEXT,
    responsible_line INTEGER,
    note TEXT,
    position INTEGER NOT NULL,
    file INTEGER NOT NULL REFERENCES files(id),
    checksum INTEGER NOT NULL,
    UNIQUE (plan, seq)
);
CREATE TABLE milestones (
    measure TEXT NOT NULL REFERENCES measures(id),
    n INTEGER NOT NULL,
    date TEXT NOT NULL,
    label TEXT,
    file INTEGER NOT NULL REFERENCES files(id),
    checksum INTEGER NOT NULL,
    PRIMARY KEY (measure, n)
);
CREATE TABLE responsibilities (
    measure TEXT NOT NULL REFERENCES measures(id),
    position INTEGER NOT NULL,
    department TEXT NOT NULL REFERENCES departments(id),
    role TEXT NOT NULL,
    name_as_printed TEXT,
    file INTEGER NOT NULL REFERENCES files(id),
    checksum INTEGER NOT NULL,
    PRIMARY KEY (measure, position)
);
CREATE TABLE indicators (
    id TEXT PRIMARY KEY,
    plan INTEGER NOT NULL REFERENCES plans(number),
    seq INTEGER NOT NULL,
    origin TEXT,
    line INTEGER,
    name TEXT NOT NULL,
    name_en TEXT,
    unit TEXT,
    direction TEXT,
    direction_why TEXT,
    baseline_raw TEXT,
    baseline_value REAL,
    frontier_raw TEXT,
    frontier_value REAL,
    frontier_where TEXT,
    completion_raw TEXT,
    completion_by TEXT,
    responsible_raw TEXT,
    lead_raw TEXT,
    note TEXT,
    position INTEGER NOT NULL,
    document TEXT NOT NULL,
    file INTEGER NOT NULL REFERENCES files(id),
    checksum INTEGER NOT NULL
);
CREATE TABLE targets (
    indicator TEXT NOT NULL REFERENCES indicators(id),
    n INTEGER NOT NULL,
    by TEXT NOT NULL,
    raw TEXT,
    value REAL,
    change TEXT,
    change_unit TEXT,
    file INTEGER NOT NULL REFERENCES files(id),
    checksum INTEGER NOT NULL,
    PRIMARY KEY (indicator, n)
);
CREATE TABLE indicator_responsibilities (
    indicator TEXT NOT NULL REFERENCES indicators(id),
    position INTEGER NOT NULL,
    department TEXT NOT NULL REFERENCES departments(id),
    listed_in TEXT NOT NULL,
    role TEXT NOT NULL,
    name_as_printed TEXT,
    file INTEGER NOT NULL REFERENCES files(id),
    checksum INTEGER NOT NULL,
    PRIMARY KEY (indicator, position)
);
CREATE TABLE indicator_owners (
    indicator TEXT NOT NULL REFERENCES indicators(id),
    position INTEGER NOT NULL,
    department TEXT NOT NULL REFERENCES departments(id),
    rule TEXT NOT NULL,
    file INTEGER NOT NULL REFERENCES files(id),
    checksum INTEGER NOT NULL,
    PRIMARY KEY (indicator, position)
);
CREATE INDEX measures_plan ON measures(plan);
CREATE INDEX measures_ongoing ON measures(plan, position) WHERE ongoing = 1;
CREATE INDEX measures_no_deadline ON measures(plan, position) WHERE deadline_raw IS NULL;
CREATE INDEX milestones_date ON milestones(date);
CREATE INDEX responsibilities_department ON responsibilities(department, role);
CREATE INDEX departments_parent ON departments(parent);
CREATE INDEX department_scope_member ON department_scope(member);
CREATE INDEX indicators_plan ON indicators(plan);
CREATE INDEX indicator_responsibilities_department ON indicator_responsibilities(department);
CREATE INDEX indicator_owners_department ON indicator_owners(department);
"""


def _columns() -> dict[str, tuple[str, ...]]:
    """Each table's columns but `file` and `checksum`, as SCHEMA declares them: the order rows_of
    builds rows in and the readers select them in."""
    import re

    return {table: tuple(column for column in re.findall(r"^    (\w+) (?:TEXT|INTEGER|REAL)", body, re.MULTILINE)
                         if column not in ("file", "checksum"))
            for table, body in re.findall(r"CREATE TABLE (\w+) \((.*?)\n\);", SCHEMA, re.DOTALL) if table != "files"}


COLUMNS = _columns()
TABLES = ("files", *COLUMNS)
# Every table but files holds rows of one file, found by this index when the file changes.
FILE_INDEXES = "".join(f"CREATE INDEX {table}_file ON {table}(file);\n" for table in COLUMNS)


class NotStorable(ValueError):
    """A document whose rows would not read back as the document says (a number SQLite would
    turn into another, a key JSON cannot keep): the package is read from its files instead."""


class FileRows(NamedTuple):
    """One data file as the tables hold it: its `files` values and its rows by table, each row
    (values..., checksum) without the `file` column, which is known only when it is inserted."""

    path: str
    kind: str
    content_hash: str
    document: str
    checksum: int
    rows: dict[str, list[tuple]]


def content_hash_of(raw: bytes) -> str:
    """A file's content hash (the `files` and `file_stats` tables): BLAKE2b-160 of its bytes."""
    from hashlib import blake2b

    return blake2b(raw, digest_size=20).hexdigest()


def seed(table: str, content_hash: str) -> int:
    """Where the checksums of a table's rows from one file's content start."""
    return zlib.crc32(f"{table}\0{content_hash}".encode())


def checksum(start: int, values: tuple) -> int:
    return zlib.crc32(repr(values).encode("utf-8", "surrogatepass"), start)


def files_checksum(path: str, kind: str, content_hash: str, document: str) -> int:
    return checksum(seed("files", content_hash), (path, kind, document))


def document_text(document: dict) -> str:
    """The document as JSON, refused (NotStorable) unless it reads back as the very document."""
    # JSON keeps str, int, float, bool, None, lists and dicts as they are; what it would change
    # (a key that is no string, NaN) makes the document read back unequal.
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    if json.loads(text) != document:
        raise NotStorable("the document does not read back from JSON as it is")
    return text


def rows_of(path: str, kind: str, content_hash: str, document: dict) -> FileRows:
    """The rows of one checked data file. A registry file needs nothing else; a plan's rows are made
    from its model (model.records), as every command reads it."""
    text = document_text(document)
    rows = _registry_rows(document) if kind == REGISTRY else _plan_rows(document)
    sealed: dict[str, list[tuple]] = {}
    # Parts first: a measure's (an indicator's) checksum covers the checksums of its parts.
    parts: dict[str, list[int]] = {}
    for table in ("milestones", "responsibilities", "indicator_owners", "targets", "indicator_responsibilities",
                  "department_scope", "departments", "plans"):
        start = seed(table, content_hash)
        sealed[table] = []
        for values in rows.get(table, ()):
            values = _as_stored(table, values)
            total = checksum(start, values)
            sealed[table].append((*values, total))
            if table in ("milestones", "responsibilities", "indicator_owners"):
                parts.setdefault(values[0], []).append(total)
    for table in ("measures", "indicators"):
        start = seed(table, content_hash)
        sealed[table] = [(*values, sealed_checksum(start, values, parts.get(values[0], ())))
                         for values in map(lambda row: _as_stored(table, row), rows.get(table, ()))]
    return FileRows(path, kind, content_hash, text, files_checksum(path, kind, content_hash, text),
                    {table: sealed[table] for table in COLUMNS if sealed.get(table)})


def sealed_checksum(start: int, values: tuple, part_checksums) -> int:
    """A measure's or an indicator's checksum: its values and its parts' checksums, in order."""
    return checksum(start, (*values, tuple(part_checksums)))


def _as_stored(table: str, values: tuple) -> tuple:
    """The values as SQLite gives them back; NotStorable for one it would change (a TEXT column
    turns 5 into '5', a REAL one drops NaN)."""
    stored = []
    for column, value in zip(COLUMNS[table], values):
        kind = _column_types()[table, column]
        if value is None:
            pass
        elif kind == "TEXT":
            if type(value) is not str:
                raise NotStorable(f"{table}.{column}: {value!r} is not text")
        elif kind == "REAL":
            if type(value) not in (int, float) or value != value or abs(value) > 2 ** 53:
                raise NotStorable(f"{table}.{column}: {value!r} is not kept exactly as a REAL")
            value = float(value)
        elif type(value) is bool:
            value = int(value)
        elif type(value) is not int or abs(value) >= 2 ** 63:
            raise NotStorable(f"{table}.{column}: {value!r} is not kept exactly as an INTEGER")
        stored.append(value)
    return tuple(stored)


@cache
def _column_types() -> dict[tuple[str, str], str]:
    import re

    return {(table, column): kind for table, body in re.findall(r"CREATE TABLE (\w+) \((.*?)\n\);", SCHEMA, re.DOTALL)
            for column, kind in re.findall(r"^    (\w+) (TEXT|INTEGER|REAL)", body, re.MULTILINE)}


def _registry_rows(document: dict) -> dict[str, list[tuple]]:
    from bizenv_cli.model.departments import Registry

    registry = Registry.from_document(document)
    return {
        "departments": [(d.id, d.name, d.name_en, d.kind, int(d.group), d.parent,
                         json.dumps(list(d.aliases), ensure_ascii=False), d.note) for d in registry],
        "department_scope": [(d.id, member) for d in registry for member in sorted(registry.scope(d.id))],
    }


def _plan_rows(doc: dict) -> dict[str, list[tuple]]:
    from bizenv_cli.model.owners import plan_owners
    from bizenv_cli.model.records import Plan

    plan = Plan.from_document(doc)
    headings = {section.get("id"): section.get("heading") for section in doc.get("sections", [])}
    rows: dict[str, list[tuple]] = {name: [] for name in COLUMNS}
    rows["plans"].append((plan.number, plan.id, plan.slug, plan.title, plan.title_en, plan.indicator_area,
                          doc.get("package"), doc.get("jurisdiction"), doc.get("year"), plan.source_file,
                          plan.first_line, plan.last_line, len(plan.measures), len(plan.indicators)))
    for position, measure in enumerate(plan.measures):
        deadline, responsible = measure.deadline, measure.responsible  # the schema requires both
        rows["measures"].append((
            measure.id, plan.number, measure.seq, measure.section, headings.get(measure.section), measure.label,
            measure.title, measure.title_en, measure.text, measure.line, deadline.raw, deadline.line,
            int(deadline.ongoing), deadline.recurrence, responsible.raw, responsible.line, measure.note, position))
        rows["milestones"] += [(measure.id, n, m.date.isoformat(), m.label)
                               for n, m in enumerate(deadline.milestones, start=1)]
        rows["responsibilities"] += [(measure.id, n, body.id, body.role, body.name)
                                     for n, body in enumerate(responsible.bodies, start=1)]
        if measure_from_rows(rows["measures"][-1], rows["milestones"][-len(deadline.milestones):]
                             if deadline.milestones else [],
                             rows["responsibilities"][-len(responsible.bodies):] if responsible.bodies else []) != measure:
            raise NotStorable(f"measure {measure.id} does not read back from its rows as it is")
    for position, (indicator, owners, document) in enumerate(zip(plan.indicators, plan_owners(plan),
                                                                 doc.get("indicators", []))):
        rows["indicators"].append((
            indicator.id, plan.number, indicator.seq, indicator.origin, indicator.line, indicator.name,
            indicator.name_en, indicator.unit, indicator.direction, indicator.direction_why,
            indicator.baseline.raw, indicator.baseline.value, indicator.frontier.raw, indicator.frontier.value,
            indicator.frontier.where, indicator.completion_raw, indicator.completion_by,
            indicator.responsible.raw if indicator.responsible else None,
            indicator.lead.raw if indicator.lead else None, indicator.note, position,
            json.dumps(document, ensure_ascii=False, separators=(",", ":"))))
        rows["targets"] += [(indicator.id, n, t.by, t.raw, t.value, t.change, t.change_unit)
                            for n, t in enumerate(indicator.targets, start=1)]
        listed = [(column, body) for column, responsibility in (("lead", indicator.lead),
                                                                ("responsible", indicator.responsible))
                  for body in (responsibility.bodies if responsibility else ())]
        rows["indicator_responsibilities"] += [(indicator.id, n, body.id, column, body.role, body.name)
                                               for n, (column, body) in enumerate(listed, start=1)]
        ids, rule = owners
        rows["indicator_owners"] += [(indicator.id, n, body_id, rule) for n, body_id in enumerate(ids, start=1)]
    return rows


def measure_from_rows(row: tuple, milestones: list[tuple], bodies: list[tuple]):
    """The model's Measure from its `measures` row and the rows of its parts (the columns of
    COLUMNS, in their order): what measure_from_document makes of the document they came from."""
    (measure_id, plan, seq, section, _, label, title, title_en, text, line, deadline_raw, deadline_line, ongoing,
     recurrence, responsible_raw, responsible_line, note) = row[:17]
    return Measure(
        measure_id, plan, seq, section, line, label, title, title_en, text,
        Deadline(deadline_raw, deadline_line,
                 tuple(Milestone(date.fromisoformat(day), milestone_label) for _, _, day, milestone_label, *_ in milestones),
                 bool(ongoing), recurrence),
        Responsibility(responsible_raw, responsible_line,
                       tuple(Assignment(name, body_id, role) for _, _, body_id, role, name, *_ in bodies)),
        note)
