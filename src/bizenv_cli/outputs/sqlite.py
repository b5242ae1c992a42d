"""The package as a SQLite database (docs/outputs.md): `bizenv export -o F.sqlite`, for SQL and Datasette.

Plain tables of TEXT, INTEGER and REAL (no exotic types, so Datasette opens the file as it is),
with primary keys, foreign keys and an index on every foreign key and every date:

    plans             one row per document (number, id, slug, title ...)
    departments       the registry; aliases as a JSON array (json_each() reads it)
    department_scope  (department, member): each entry and every entry it covers (Registry.scope),
                      itself included; join responsibilities.department to `member` to count a
                      body as `--dept` does (the county governments with 各县（市）人民政府 ...)
    measures          one row per measure, plan -> plans
    milestones        one row per dated milestone, (measure, n) -> measures; n counts from 1 as
                      the calendar's UIDs and the ledger's 09.02#2 do
    responsibilities  one row per body a measure names, with its role and the name as printed
                      (a record of the source: the entry printed, not its collectives)
    indicators        one row per indicator, raw values beside parsed ones
    targets           one row per target of an indicator
    indicator_responsibilities  the bodies an indicator's table names (lead / responsible column)
    progress          the ledger's updates (docs/ledger.md): empty until data/progress/ holds reports
    actuals           the ledger's measured values of indicators

The database is built in memory and written in one step (safefile.write_atomic), so a reader
never opens half a database. sqlite3 is in the standard library.
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING

from bizenv_cli.query.queries import section_trail

if TYPE_CHECKING:
    from bizenv_cli.store.package import Package

SCHEMA = """
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
    last_line INTEGER
);
CREATE TABLE departments (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_en TEXT,
    kind TEXT,
    is_group INTEGER NOT NULL,
    parent TEXT REFERENCES departments(id),
    aliases TEXT,
    note TEXT
);
CREATE TABLE department_scope (
    department TEXT NOT NULL REFERENCES departments(id),
    member TEXT NOT NULL REFERENCES departments(id),
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
    ongoing INTEGER NOT NULL,
    recurrence TEXT,
    responsible_raw TEXT,
    note TEXT,
    UNIQUE (plan, seq)
);
CREATE TABLE milestones (
    measure TEXT NOT NULL REFERENCES measures(id),
    n INTEGER NOT NULL,
    date TEXT NOT NULL,
    label TEXT,
    PRIMARY KEY (measure, n)
);
CREATE TABLE responsibilities (
    measure TEXT NOT NULL REFERENCES measures(id),
    position INTEGER NOT NULL,
    department TEXT NOT NULL REFERENCES departments(id),
    role TEXT NOT NULL,
    name_as_printed TEXT,
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
    note TEXT
);
CREATE TABLE targets (
    indicator TEXT NOT NULL REFERENCES indicators(id),
    n INTEGER NOT NULL,
    by TEXT NOT NULL,
    raw TEXT,
    value REAL,
    PRIMARY KEY (indicator, n)
);
CREATE TABLE indicator_responsibilities (
    indicator TEXT NOT NULL REFERENCES indicators(id),
    position INTEGER NOT NULL,
    department TEXT NOT NULL REFERENCES departments(id),
    listed_in TEXT NOT NULL,
    role TEXT NOT NULL,
    name_as_printed TEXT,
    PRIMARY KEY (indicator, position)
);
CREATE TABLE progress (
    report TEXT NOT NULL,
    position INTEGER NOT NULL,
    reported_by TEXT NOT NULL REFERENCES departments(id),
    as_of TEXT NOT NULL,
    submitted TEXT,
    measure TEXT NOT NULL REFERENCES measures(id),
    milestone INTEGER,
    status TEXT NOT NULL,
    done_on TEXT,
    evidence TEXT,
    note TEXT,
    PRIMARY KEY (report, position)
);
CREATE TABLE actuals (
    report TEXT NOT NULL,
    position INTEGER NOT NULL,
    reported_by TEXT NOT NULL REFERENCES departments(id),
    as_of TEXT NOT NULL,
    indicator TEXT NOT NULL REFERENCES indicators(id),
    raw TEXT,
    value REAL,
    measured_on TEXT,
    evidence TEXT,
    PRIMARY KEY (report, position)
);
CREATE INDEX measures_plan ON measures(plan);
CREATE INDEX milestones_date ON milestones(date);
CREATE INDEX responsibilities_department ON responsibilities(department, role);
CREATE INDEX departments_parent ON departments(parent);
CREATE INDEX department_scope_member ON department_scope(member);
CREATE INDEX indicators_plan ON indicators(plan);
CREATE INDEX indicator_responsibilities_department ON indicator_responsibilities(department);
CREATE INDEX progress_measure ON progress(measure, milestone);
CREATE INDEX progress_reported_by ON progress(reported_by, as_of);
CREATE INDEX actuals_indicator ON actuals(indicator);
CREATE INDEX actuals_reported_by ON actuals(reported_by, as_of);
"""

TABLES = ("plans", "departments", "department_scope", "measures", "milestones", "responsibilities", "indicators",
          "targets", "indicator_responsibilities", "progress", "actuals")


def build_database(package: "Package", progress: list[dict] = (), actuals: list[dict] = ()) -> sqlite3.Connection:
    """An in-memory database holding the package (and the ledger's rows, when given)."""
    db = sqlite3.connect(":memory:")
    db.execute("PRAGMA foreign_keys = ON")
    db.executescript(SCHEMA)
    with db:
        _fill(db, package, progress, actuals)
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:  # a programming error: the data validates, so every reference resolves
        raise ValueError(f"foreign keys do not hold: {problems[:5]}")
    return db


def database_bytes(package: "Package", progress: list[dict] = (), actuals: list[dict] = ()) -> bytes:
    db = build_database(package, progress, actuals)
    try:
        # No ANALYZE: its sqlite_stat1 table would show beside the package's own tables, and at
        # this size the indexes alone decide every plan.
        return db.serialize()
    finally:
        db.close()


def _insert(db: sqlite3.Connection, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    quoted = ", ".join(f'"{column}"' for column in columns)
    marks = ", ".join("?" for _ in columns)
    db.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})",
                   [tuple(row[column] for column in columns) for row in rows])


def _fill(db, package: "Package", progress, actuals) -> None:
    plans, measures, milestones, responsibilities = [], [], [], []
    indicators, targets, indicator_bodies = [], [], []
    for plan in package.plans:
        doc = plan.document
        plans.append({"number": plan.number, "id": plan.id, "slug": plan.slug, "title": plan.title,
                      "title_en": plan.title_en, "indicator_area": plan.indicator_area,
                      "package": doc.get("package"), "jurisdiction": doc.get("jurisdiction"),
                      "year": doc.get("year"), "source_file": plan.source_file,
                      "first_line": plan.first_line, "last_line": plan.last_line})
        for measure in plan.measures:
            trail = section_trail(plan, measure.section)
            measures.append({
                "id": measure.id, "plan": plan.number, "seq": measure.seq, "section": measure.section,
                "section_heading": trail[0].get("heading") if trail else None, "label": measure.label,
                "title": measure.title, "title_en": measure.title_en, "text": measure.text, "line": measure.line,
                "deadline_raw": measure.deadline.raw, "ongoing": int(measure.deadline.ongoing),
                "recurrence": measure.deadline.recurrence, "responsible_raw": measure.responsible.raw,
                "note": measure.note})
            milestones += [{"measure": measure.id, "n": n, "date": m.date.isoformat(), "label": m.label}
                           for n, m in enumerate(measure.deadline.milestones, start=1)]
            responsibilities += [{"measure": measure.id, "position": n, "department": body.id, "role": body.role,
                                  "name_as_printed": body.name}
                                 for n, body in enumerate(measure.responsible.bodies, start=1)]
        for indicator in plan.indicators:
            indicators.append({
                "id": indicator.id, "plan": plan.number, "seq": indicator.seq, "origin": indicator.origin,
                "line": indicator.line, "name": indicator.name, "name_en": indicator.name_en,
                "unit": indicator.unit, "direction": indicator.direction, "direction_why": indicator.direction_why,
                "baseline_raw": indicator.baseline.raw, "baseline_value": indicator.baseline.value,
                "frontier_raw": indicator.frontier.raw, "frontier_value": indicator.frontier.value,
                "frontier_where": indicator.frontier.where, "completion_raw": indicator.completion_raw,
                "completion_by": indicator.completion_by,
                "responsible_raw": indicator.responsible.raw if indicator.responsible else None,
                "lead_raw": indicator.lead.raw if indicator.lead else None, "note": indicator.note})
            targets += [{"indicator": indicator.id, "n": n, "by": t.by, "raw": t.raw, "value": t.value}
                        for n, t in enumerate(indicator.targets, start=1)]
            position = 0
            for column, responsibility in (("lead", indicator.lead), ("responsible", indicator.responsible)):
                for body in (responsibility.bodies if responsibility else ()):
                    position += 1
                    indicator_bodies.append({"indicator": indicator.id, "position": position,
                                             "department": body.id, "listed_in": column, "role": body.role,
                                             "name_as_printed": body.name})
    departments = [{"id": d.id, "name": d.name, "name_en": d.name_en, "kind": d.kind, "is_group": int(d.group),
                    "parent": d.parent, "aliases": json.dumps(list(d.aliases), ensure_ascii=False),
                    "note": d.note} for d in package.registry]
    scope = [{"department": d.id, "member": member}
             for d in package.registry for member in sorted(package.registry.scope(d.id))]
    # Parents first would be needed with immediate foreign keys; the check at the end covers order.
    db.execute("PRAGMA defer_foreign_keys = ON")
    for table, rows in (("plans", plans), ("departments", departments), ("department_scope", scope),
                        ("measures", measures),
                        ("milestones", milestones), ("responsibilities", responsibilities),
                        ("indicators", indicators), ("targets", targets),
                        ("indicator_responsibilities", indicator_bodies),
                        ("progress", list(progress)), ("actuals", list(actuals))):
        _insert(db, table, rows)
