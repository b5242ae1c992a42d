"""The package as a SQLite database (docs/outputs.md): `bizenv export -o F.sqlite`, for SQL and Datasette.

The package's tables are the store's (store/tables.py; docs/store.md describes them column by
column): the export, the store and a Datasette user share one model. Plain tables of TEXT, INTEGER
and REAL (no exotic types, so Datasette opens the file as it is), with primary keys, foreign keys
and the store's indexes (on the foreign keys a question joins by, and on the milestones' dates;
not the store's own on each table's `file`); every row names its data file (`files`, with
the checked document as JSON) and carries the checksum the store verifies:

    files             one row per data file: its path, kind, content hash and document
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
    indicator_owners  the bodies an indicator belongs to, as `gaps --dept` finds it, and the rule
    progress          the ledger's updates (docs/ledger.md): empty until data/progress/ holds reports;
                      (measure, milestone) -> milestones when it names one
    actuals           the ledger's measured values of indicators

A ledger row names its report twice: `report`, its path (the `files` row's `path`), and `file`,
its `files` row (kind `report`, with the report's content hash and document), as a plan's rows
name theirs. It carries no checksum: the store, which verifies them, does not hold the ledger.

The database is built in memory and written in one step (safefile.write_atomic), so a reader
never opens half a database. sqlite3 is in the standard library.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from bizenv_cli.store.tables import SCHEMA as PACKAGE_SCHEMA
from bizenv_cli.store.tables import TABLES as PACKAGE_TABLES

if TYPE_CHECKING:
    from bizenv_cli.outputs.ledger_rows import LedgerRows, ReportFile
    from bizenv_cli.store.package import Package
    from bizenv_cli.store.tables import FileRows

# The package's tables are the store's own (store/tables.py, docs/store.md); the ledger's join them.
LEDGER_SCHEMA = """
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
    file INTEGER NOT NULL REFERENCES files(id),
    PRIMARY KEY (report, position),
    FOREIGN KEY (measure, milestone) REFERENCES milestones(measure, n)
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
    file INTEGER NOT NULL REFERENCES files(id),
    PRIMARY KEY (report, position)
);
CREATE INDEX progress_measure ON progress(measure, milestone);
CREATE INDEX progress_reported_by ON progress(reported_by, as_of);
CREATE INDEX progress_file ON progress(file);
CREATE INDEX actuals_indicator ON actuals(indicator);
CREATE INDEX actuals_reported_by ON actuals(reported_by, as_of);
CREATE INDEX actuals_file ON actuals(file);
"""
# The `files` row of a report (store/tables.py knows a plan's and the registry's).
REPORT = "report"

TABLES = (*PACKAGE_TABLES, "progress", "actuals")


def build_database(package: "Package", ledger: "LedgerRows | None" = None) -> sqlite3.Connection:
    """An in-memory database holding the package (and the ledger's reports and rows, when given)."""
    db = sqlite3.connect(":memory:")
    db.execute("PRAGMA foreign_keys = ON")
    db.executescript(PACKAGE_SCHEMA + LEDGER_SCHEMA)
    with db:
        _fill(db, package, ledger)
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:  # a programming error: the export is given a ledger that validates, the package does
        raise ValueError(f"foreign keys do not hold: {problems[:5]}")
    return db


def database_bytes(package: "Package", ledger: "LedgerRows | None" = None) -> bytes:
    db = build_database(package, ledger)
    try:
        # No ANALYZE: its sqlite_stat1 table would show beside the package's own tables, and at
        # this size the indexes alone decide every plan.
        return db.serialize()
    finally:
        db.close()


def _fill(db, package: "Package", ledger: "LedgerRows | None") -> None:
    from bizenv_cli.store.database import insert_file
    from bizenv_cli.store.tables import rows_of

    # Parents first would be needed with immediate foreign keys; the check at the end covers order.
    db.execute("PRAGMA defer_foreign_keys = ON")
    for source in package.sources():
        insert_file(db, rows_of(*source))
    if ledger is None:
        return
    files = {report.path: insert_file(db, _report_file(report)) for report in ledger.reports}
    for table, rows in (("progress", ledger.progress), ("actuals", ledger.actuals)):
        if rows:
            columns = [*rows[0], "file"]
            quoted = ", ".join(f'"{column}"' for column in columns)
            marks = ", ".join("?" for _ in columns)
            db.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})",
                           [(*(row[column] for column in columns[:-1]), files[row["report"]]) for row in rows])


def _report_file(report: "ReportFile") -> "FileRows":
    """A report's `files` row, made as the store makes a plan's: its content hash, its document as
    JSON, the checksum of the three; no rows of the package's tables."""
    from bizenv_cli.store.tables import FileRows, content_hash_of, document_text, files_checksum

    content_hash, document = content_hash_of(report.raw), document_text(report.document)
    return FileRows(report.path, REPORT, content_hash, document,
                    files_checksum(report.path, REPORT, content_hash, document), {})
