"""The store of one data folder: a SQLite database kept equal to the folder's files (docs/store.md).

`FolderStore.update` brings it up to date. Each data file's rows are keyed by the file's path,
its stat (size, mtime, ctime, inode) and its content hash; a file whose stat is unchanged is not
read, as git's index does (ctime moves on every write and cannot be set back by a user; a file
changed within RACY_NS of the last scan is read and hashed anyway, since a timestamp is coarser
than the time between two writes). A file whose content changed is loaded, checked
(datafile.read_checked, then references.check_references across files) and its rows replaced,
in one transaction; nothing of a file that fails a check is written, and the file is left out
(its earlier rows too) until a run finds it passing (FolderStore._write).

The readers below verify what they read (tables.py: each row's checksum, seeded with its file's
content hash as the stat check knows it), and that what an index gave them is all there is: the
milestones of the months a query reads, the ongoing measures and those with no 时间节点 are
counted against the figures each file's rows were written with. Anything that does not verify raises
StoreDamaged; so does any sqlite3 error. The caller then builds the store again from the files.
"""

from __future__ import annotations

import os
import sqlite3
import time
import zlib
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NamedTuple

from bizenv_cli.files.datadir import is_data_file_name
from bizenv_cli.files.problems import DataError
from bizenv_cli.store import location, tables
from bizenv_cli.store.tables import (COLUMNS, PLAN, REGISTRY, checksum, content_hash_of, files_checksum,
                                     sealed_checksum, seed)

# The store's own tables beside the shared ones: what the store knows of each file on disk, and
# the state of the whole: its version, the schemas' hash, the folder's listing when it was last
# scanned, and what the rows hold (so that what an index gives can be counted).
STORE_SCHEMA = """
CREATE TABLE file_stats (
    file INTEGER PRIMARY KEY REFERENCES files(id),
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    months TEXT NOT NULL,
    ongoing INTEGER NOT NULL,
    no_deadline INTEGER NOT NULL,
    indicators INTEGER NOT NULL,
    checksum INTEGER NOT NULL
);
CREATE TABLE store_state (
    version TEXT NOT NULL,
    schemas TEXT NOT NULL,
    scanned_ns INTEGER NOT NULL,
    listing TEXT NOT NULL,
    totals TEXT NOT NULL,
    checksum INTEGER NOT NULL
);
"""
STORE_FORMAT = "3"
RACY_NS = 2_000_000_000
REGISTRY_NAME = "departments.yaml"
BUSY_TIMEOUT_SECONDS = 10


class StoreDamaged(Exception):
    """The database does not hold what its checksums and counts say: it is built again."""


def busy(error: Exception) -> bool:
    """Whether `error` is another run holding the database past BUSY_TIMEOUT_SECONDS: no damage,
    so the store is left to that run, and this one reads the files."""
    return isinstance(error, sqlite3.OperationalError) and \
        (getattr(error, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


class FileStat(NamedTuple):
    file: int
    stat: tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
    content_hash: str
    months: str  # JSON: how many of the file's milestones fall in each month (YYYY-MM)
    ongoing: int
    no_deadline: int  # measures with no 时间节点 (Deadline.printed false)
    indicators: int

    def checksum(self, path: str) -> int:
        """Its row's checksum: what it says of the file (its stat, its content, what its rows hold)
        proves itself as every other row does, since the totals a query's index is counted against
        are summed from it."""
        return checksum(seed("file_stats", self.content_hash),
                        (self.file, path, *self.stat, self.months, self.ongoing, self.no_deadline,
                         self.indicators))


def version() -> str:
    """The store's format and the code whose work it keeps: the loader and PyYAML, which read the
    files; the checks a file passes before its rows are written (datafile.py: the compiled schema
    check, the numbers, the ids); the model and store/, which make the rows. A store built by other code is
    built again, even when an edit forgot to change STORE_FORMAT."""
    import sys

    package = Path(__file__).resolve().parent.parent
    code = [package / folder / name for folder in ("model", "store")
            for name in sorted(os.listdir(package / folder)) if name.endswith(".py")]
    code += [package / "files" / "yamlload.py", package / "checks" / "schemacheck.py",
             package / "checks" / "identifiers.py", package / "checks" / "numbers.py"]
    # PyYAML's own file, found without importing it (a warm query never does).
    code += [next((Path(folder) / "yaml" / "__init__.py" for folder in sys.path
                   if os.path.isfile(os.path.join(folder or ".", "yaml", "__init__.py"))), Path("yaml"))]
    return f"{STORE_FORMAT}-{sqlite3.sqlite_version}-" + "-".join(location.file_identity(str(path)) for path in code)


class FolderStore:
    def __init__(self, data_dir, path: Path, connection: sqlite3.Connection, read) -> None:
        self.data_dir = data_dir
        self.path = path
        self._db = connection
        self._read = read  # a data file's bytes, or OSError (package.read_file)
        self._forget()

    def _forget(self) -> None:
        self._files: dict[str, FileStat] | None = None  # by path in the data folder; read when needed
        self._hash_of: dict[int, str] = {}  # file id -> content hash, as the stat check knows it
        self._seeds: dict[tuple[str, int], int] = {}
        self._totals: dict = {}
        self._plan_count = 0

    # -- opening ------------------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir, read) -> FolderStore | None:
        """The store of `data_dir`, its tables created if new; None when the cache folder cannot
        hold one (read-only, full, something there that cannot be removed). `read(path)` gives a
        data file's bytes, or OSError for one that is no regular file or past the size bound."""
        path = location.database_path(Path(data_dir.root))
        for _ in range(2):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                return None
            if not location.prepare(path):
                return None
            try:
                return cls(data_dir, path, _connect(path), read)
            except sqlite3.Error:
                location.discard(path)  # not a database, or one of another shape: made anew
        return None

    def reset(self) -> None:
        """Start again from an empty database (after damage, or for another version)."""
        self._db.close()
        location.discard(self.path)
        if not location.prepare(self.path):
            raise StoreDamaged("the store cannot be made anew")
        self._db = _connect(self.path)
        self._forget()

    # -- bringing it up to date ---------------------------------------------------------------------

    def update(self) -> None:
        """Make the store hold every data file of the folder as it is now; DataError (validate's
        message) for a file that fails a check, StoreDamaged or sqlite3.Error when the store
        cannot be trusted.

        A warm run compares one text, the folder's listing with every file's stat (the schemas'
        too), with the one the last scan left, and reads nothing else."""
        started = time.time_ns()
        listing = _stat_files(self.data_dir)
        text = "\n".join([str(self.data_dir.root), *(f"{name}\0{size}:{mtime}:{ctime}:{inode}"
                                                    for name, (size, mtime, ctime, inode) in listing)])
        state = self._state()
        here = version()
        if state is not None and state[0] == here and state[3] == text \
                and max(status[2] for _, status in listing) < state[2] - RACY_NS:
            self._settle(state, listing)
        else:
            self._refresh(started, listing, text, state, here)
        location.touch(self.path)  # every run is a use: the least recently used go first (location.prune)

    def checked_by_the_rules_in_use(self) -> bool:
        """Whether what the store holds was checked by this code under the schemas the folder has
        now. After an update that failed, the store holds what it held before, which another code
        or other schemas may have checked (the update that failed was to check every file anew)."""
        from bizenv_cli.store.datafile import Schemas

        try:
            return _checked_under(self._state(), version(), Schemas(self.data_dir).fingerprint)
        except sqlite3.Error:
            return False

    def _settle(self, state: tuple, listing) -> None:
        import json

        self._totals = json.loads(state[4])
        self._plan_count = sum(1 for name, _ in listing if name.startswith("plans/"))

    def _refresh(self, started: int, listing, text: str, state: tuple | None, here: str) -> None:
        from bizenv_cli.store.datafile import Schemas

        schemas = Schemas(self.data_dir)
        fingerprint = schemas.fingerprint
        if not _checked_under(state, here, fingerprint):
            # New, or other code or other schemas: every file is checked again.
            self._build_anew(schemas, fingerprint, started, listing, text)
            return
        files = self._known_files()
        data_files = [(name, status) for name, status in listing if not name.startswith("schemas/")]
        trusted_before = state[2] - RACY_NS if state is not None else 0
        changed: list[tuple[str, bytes, str, tuple]] = []
        restat: list[tuple[str, tuple]] = []
        for name, status in data_files:
            known = files.get(name)
            if known is not None and known.stat == status and status[2] < trusted_before:
                continue
            raw = self._read(_path_and_kind(self.data_dir, name)[0])
            digest = content_hash_of(raw)
            if known is not None and known.content_hash == digest:
                if known.stat != status:
                    restat.append((name, status))  # touched, or racy: the same content
                continue
            changed.append((name, raw, digest, status))
        removed = sorted(set(files) - {name for name, _ in data_files})
        if any(name == REGISTRY_NAME for name, *_ in changed):
            # Every plan's bodies are checked against a new registry: as rare as it is, every file
            # is read again rather than the bodies kept apart for it.
            self._build_anew(schemas, fingerprint, started, listing, text)
        elif changed or removed or restat or state[3] != text or \
                max(status[2] for _, status in listing) < started - RACY_NS:
            # Recorded when something changed, or when a file hashed now is old enough for the
            # next run to trust it by its stat (git's index does the same).
            _raise_first(self._write(schemas, fingerprint, started, data_files, text, changed, removed, restat))
        else:
            self._settle(state, listing)

    def _build_anew(self, schemas, fingerprint: str, started: int, listing, text: str) -> None:
        """Every file checked and stored in a new database beside this one, which then takes its
        place. Written without a journal (a failed build is thrown away whole), so that a first run
        writes each page once; the new database then goes to WAL like any other."""
        building = self.path.with_name(f"{self.path.stem}.build-{os.getpid()}{location.SUFFIX}")
        location.discard(building)
        data_files = [(name, status) for name, status in listing if not name.startswith("schemas/")]
        changed = ((name, raw, content_hash_of(raw), status) for name, status in data_files  # read one at a time
                   for raw in [self._read(_path_and_kind(self.data_dir, name)[0])])
        in_use, self._db = self._db, sqlite3.connect(str(building), isolation_level=None)
        try:
            self._db.execute("PRAGMA journal_mode = OFF")
            self._db.execute("PRAGMA synchronous = OFF")
            self._forget()
            self._create()
            failures = self._write(schemas, fingerprint, started, data_files, text, changed, [], [], prune=False)
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.close()
            in_use.close()
            for suffix in location.COMPANIONS[1:]:  # another database's WAL must never meet this one
                location.remove(f"{self.path}{suffix}")
            os.replace(building, self.path)
        except BaseException:
            self._db.close()
            location.discard(building)
            self._db = in_use
            self._forget()
            raise
        self._db = _connect(self.path)
        location.prune(self.path)
        _raise_first(failures)

    def _write(self, schemas, fingerprint: str, started: int, listing, text: str, changed, removed, restat,
               prune: bool = True) -> list[DataError]:
        """Check each changed file and replace its rows, then check the files against each other,
        all in one transaction. The documents are not kept once their rows are made (a first run
        at 100 times the data reads 2,900 files).

        A file that fails its check is left out of the store, its earlier rows too, and is not in
        the listing recorded: the next run reads it again, and only it (someone fixing a file
        runs validate again and again), and fails as long as it does, so that no query answers
        from a store that lacks it. The files are checked against each other only when every
        one is in. Returns what each file that failed raised, in listing order."""
        import json

        from bizenv_cli.store.datafile import read_checked, references_of

        references: dict[str, tuple] = {}
        failures: list[DataError] = []
        left_out: set[str] = set()
        old_files = dict(self._known_files())
        try:
            with self._transaction():
                for name in removed:
                    self._delete(name)
                for name, raw, digest, status in changed:
                    path, kind = _path_and_kind(self.data_dir, name)
                    self._delete(name)
                    try:
                        document = read_checked(raw, path, self.data_dir.display(path), kind, schemas)
                    except DataError as error:
                        failures.append(error)
                        left_out.add(name)
                        continue
                    references[name] = references_of(document) if kind == PLAN else document
                    self._insert(tables.rows_of(name, kind, digest, document), status)
                if failures:
                    text = "\n".join(line for line in text.split("\n") if line.split("\0", 1)[0] not in left_out)
                else:
                    self._check_references(listing, references, old_files)
                self._db.executemany(
                    "UPDATE file_stats SET size = ?, mtime_ns = ?, ctime_ns = ?, inode = ?, checksum = ? WHERE file = ?",
                    [(*status, old_files[name]._replace(stat=status).checksum(name), old_files[name].file)
                     for name, status in restat])
                self._files = None
                totals = {"months": {}, "ongoing": 0, "no_deadline": 0, "indicators": 0}
                for stat in self._known_files().values():
                    for month, count in json.loads(stat.months).items():
                        totals["months"][month] = totals["months"].get(month, 0) + count
                    totals["ongoing"] += stat.ongoing
                    totals["no_deadline"] += stat.no_deadline
                    totals["indicators"] += stat.indicators
                values = (version(), fingerprint, started, text, json.dumps(totals, sort_keys=True))
                self._db.execute("DELETE FROM store_state")
                self._db.execute("INSERT INTO store_state VALUES (?, ?, ?, ?, ?, ?)",
                                 (*values, checksum(seed("store_state", ""), values)))
        except sqlite3.IntegrityError as error:
            # Two plans with one slug, two measures with one seq: the tables' keys cannot hold them.
            raise tables.NotStorable(str(error)) from None
        self._hash_of, self._seeds = {}, {}  # a file's id may now name another file's content
        self._totals = totals
        self._plan_count = sum(1 for name, _ in listing if name.startswith("plans/"))
        if prune:
            try:
                # The pages written go from the WAL into the database now, while they are in the
                # page cache: a WAL left long makes every later run read it whole when it opens.
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass  # another run is reading: the next write checkpoints
            location.prune(self.path)
        return failures

    def _known_files(self) -> dict[str, FileStat]:
        if self._files is None:
            files = {}
            for row in self._db.execute("SELECT path, file, size, mtime_ns, ctime_ns, inode, content_hash, months, "
                                        "ongoing, no_deadline, indicators, checksum FROM file_stats"):
                files[row[0]] = stat = FileStat(row[1], tuple(row[2:6]), *row[6:11])
                if stat.checksum(row[0]) != row[11]:
                    raise StoreDamaged("a row of file_stats does not verify")
            self._files = files
            self._hash_of.update((stat.file, stat.content_hash) for stat in self._files.values())
        return self._files

    def _check_references(self, listing, read_now: dict[str, tuple], old_files: dict[str, FileStat]) -> None:
        """Across files, before the transaction ends: every body a plan names is in the registry,
        and no two plans share a number or an id. `read_now`: references_of each plan read now, and
        the registry's document when it was (then every plan was). The plans not read now were
        checked against this registry before: only their numbers and ids are looked at."""
        from bizenv_cli.checks.references import check_references

        self._hash_of = {stat.file: stat.content_hash for stat in old_files.values()}
        registry = read_now[REGISTRY_NAME] if REGISTRY_NAME in read_now else self._document(REGISTRY_NAME, old_files)
        path_of = {stat.file: name for name, stat in old_files.items() if name not in read_now}
        stored = {path_of[row[-2]]: (row[0], row[1], None) for row in self._verified(
            "plans", [row for row in self._select("plans") if row[-2] in path_of])} if path_of else {}
        plans = []
        for name, _ in listing:
            if name != REGISTRY_NAME:
                if name not in read_now and name not in stored:
                    raise StoreDamaged(f"the store lacks {name}")
                plans.append((self.data_dir.plans_dir / name[len("plans/"):],
                              *(read_now[name] if name in read_now else stored[name])))
        plans.sort(key=lambda plan: (plan[1], plan[0].name))
        check_references(plans, {department["id"] for department in registry["departments"]}, self.data_dir)

    def _delete(self, name: str) -> None:
        for (file,) in self._db.execute("SELECT id FROM files WHERE path = ?", (name,)).fetchall():
            for table in COLUMNS:
                self._db.execute(f"DELETE FROM {table} WHERE file = ?", (file,))
            self._db.execute("DELETE FROM file_stats WHERE file = ?", (file,))
            self._db.execute("DELETE FROM files WHERE id = ?", (file,))

    def _insert(self, rows: tables.FileRows, status: tuple) -> None:
        import json

        file = insert_file(self._db, rows)
        months: dict[str, int] = {}
        for row in rows.rows.get("milestones", ()):
            months[row[2][:7]] = months.get(row[2][:7], 0) + 1
        measures = rows.rows.get("measures", ())
        stat = FileStat(file, tuple(status), rows.content_hash, json.dumps(months, sort_keys=True),
                        sum(1 for row in measures if row[12] == 1), sum(1 for row in measures if row[10] is None),
                        len(rows.rows.get("indicators", ())))
        self._db.execute("INSERT INTO file_stats VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (file, rows.path, *stat.stat, *stat[2:], stat.checksum(rows.path)))

    def _state(self) -> tuple | None:
        """(version, schemas, scanned_ns, listing, totals) when the store has them and they verify."""
        try:
            row = self._db.execute("SELECT version, schemas, scanned_ns, listing, totals, checksum "
                                   "FROM store_state").fetchone()
        except sqlite3.OperationalError:  # a new database: no tables yet
            row = None
        if row is not None and checksum(seed("store_state", ""), tuple(row[:5])) == row[5]:
            return tuple(row[:5])
        return None

    def _create(self) -> None:
        with self._transaction():
            for (name,) in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                self._db.execute(f"DROP TABLE IF EXISTS {name}")
            for statement in (tables.SCHEMA + tables.FILE_INDEXES + STORE_SCHEMA).split(";"):
                if statement.strip():
                    self._db.execute(statement)
        self._forget()

    @contextmanager
    def _transaction(self):
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error: a file's rows change all at once."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            with suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- verified reads -----------------------------------------------------------------------------

    def _select(self, table: str, where: str = "", parameters: tuple = ()) -> list[tuple]:
        columns = ", ".join(f'"{column}"' for column in COLUMNS[table])
        return self._db.execute(f"SELECT {columns}, file, checksum FROM {table} {where}", parameters).fetchall()

    def _select_in(self, table: str, column: str, values, then: str = "") -> list[tuple]:
        """The rows whose `column` is one of `values`, 500 at a time (SQLite takes at most 999
        values in one statement)."""
        listed, rows = sorted(values), []
        for start in range(0, len(listed), 500):
            some = listed[start:start + 500]
            rows += self._select(table, f"WHERE {column} IN ({', '.join('?' * len(some))}) {then}", tuple(some))
        return rows

    def _seed(self, table: str, file: int) -> int:
        start = self._seeds.get((table, file))
        if start is None:
            digest = self._hash_of.get(file)
            if digest is None:
                raise StoreDamaged(f"a row of {table} names no file the store knows")
            start = self._seeds[table, file] = seed(table, digest)
        return start

    def _learn_hashes(self, rows: list[tuple]) -> None:
        """The content hashes (as the stat check knows them) of the files these rows name."""
        wanted = sorted({row[-2] for row in rows} - self._hash_of.keys())
        for chunk in range(0, len(wanted), 500):
            some = wanted[chunk:chunk + 500]
            self._hash_of.update(self._db.execute(
                f"SELECT file, content_hash FROM file_stats WHERE file IN ({', '.join('?' * len(some))})", some))

    def _verified(self, table: str, rows: list[tuple]) -> list[tuple]:
        self._learn_hashes(rows)
        seeds = self._seeds
        for row in rows:
            start = seeds.get((table, row[-2])) or self._seed(table, row[-2])
            if zlib.crc32(repr(row[:-2]).encode("utf-8", "surrogatepass"), start) != row[-1]:
                raise StoreDamaged(f"a row of {table} does not verify")
        return rows

    def _sealed(self, table: str, rows: list[tuple], parts: dict[str, list[tuple]]) -> list[tuple]:
        """Rows whose checksum covers their parts' (verified already), each with every part."""
        self._learn_hashes(rows)
        for row in rows:
            if sealed_checksum(self._seed(table, row[-2]), row[:-2], [part[-1] for part in parts.get(row[0], ())]) \
                    != row[-1]:
                raise StoreDamaged(f"a row of {table} or one of its parts does not verify")
        return rows

    def _document(self, name: str, files: dict[str, FileStat] | None = None) -> dict:
        import json

        row = self._db.execute(
            "SELECT s.file, s.content_hash, f.id, f.kind, f.content_hash, f.document, f.checksum "
            "FROM file_stats s JOIN files f ON f.id = s.file WHERE s.path = ?", (name,)).fetchone()
        known = (files or {}).get(name)
        if row is None or row[0] != row[2] or row[1] != row[4] or (known is not None and known.content_hash != row[1]) \
                or files_checksum(name, row[3], row[1], row[5]) != row[6]:
            raise StoreDamaged(f"the stored {name} does not verify")
        return json.loads(row[5])

    def registry_document(self) -> dict:
        return self._document(REGISTRY_NAME)

    def source_files(self) -> list[tuple[str, str, str, dict]]:
        """(path, kind, content hash, document) of the registry, then of every plan in package
        order (by number, then file name)."""
        files = self._known_files()
        if len(files) != self._plan_count + 1:
            raise StoreDamaged("the store lacks a file")
        plans = [(name, PLAN, stat.content_hash, self._document(name))
                 for name, stat in files.items() if name != REGISTRY_NAME]
        plans.sort(key=lambda plan: (plan[3]["document"], plan[0]))
        registry = files[REGISTRY_NAME]
        return [(REGISTRY_NAME, REGISTRY, registry.content_hash, self.registry_document()), *plans]

    def document_for(self, name: str, raw: bytes) -> dict | None:
        """The stored document of data file `name` when its content is `raw` (a file validate reads
        as it is now), else None: these bytes passed every check of a query (strict YAML, the
        schema, the model, the references) under the schemas in use."""
        known = self._known_files().get(name)
        if known is None or known.content_hash != content_hash_of(raw):
            return None
        return self._document(name)

    def plan_rows(self, numbers: set[int] | None = None) -> list[tuple]:
        """The `plans` rows (COLUMNS["plans"]) in package order: every plan's, or these numbers'."""
        if numbers is None:
            rows = self._verified("plans", self._select("plans"))
            if len(rows) != self._plan_count:
                raise StoreDamaged("the store lacks a plan")
        else:
            rows = self._select_in("plans", "number", numbers)
            if {row[0] for row in self._verified("plans", rows)} != numbers or len(rows) != len(numbers):
                raise StoreDamaged("the store lacks a plan")
        return sorted(rows, key=lambda row: row[0])  # numbers are unique: references.py

    def due_measures(self, earliest: str | None, latest: str | None, with_ongoing: bool) -> list[tuple]:
        """(plans row, Measure) of each measure with a milestone between the two ISO days (None for
        an open end), or ongoing when asked; in package order.

        The milestones are read from the date index over whole months (the window's first to its
        last), and must be as many as the files' rows held in those months: a row that damage
        moved out of the window, or that the index lost, is noticed, not only a row read."""
        first = earliest[:7] if earliest else None
        last = latest[:7] if latest else None
        bounds = " AND ".join(test for test, month in (("date >= ?", first), ("date < ?", last)) if month)
        parameters = tuple(month for month in (first and f"{first}-00", last and f"{last}-99") if month)
        rows = self._verified("milestones", self._select(
            "milestones", "INDEXED BY milestones_date" + (f" WHERE {bounds}" if bounds else ""), parameters))
        expected = sum(count for month, count in self._totals.get("months", {}).items()
                       if (first is None or month >= first) and (last is None or month <= last))
        if len(rows) != expected or any((first and row[2][:7] < first) or (last and row[2][:7] > last) for row in rows):
            raise StoreDamaged("the milestones' index does not hold what the files gave")
        wanted = {row[0] for row in rows if (not earliest or row[2] >= earliest) and (not latest or row[2] <= latest)}
        ongoing: set[str] = set()
        if with_ongoing:
            found = self._db.execute("SELECT id FROM measures INDEXED BY measures_ongoing WHERE ongoing = 1").fetchall()
            ongoing = {measure_id for (measure_id,) in found}
            if len(found) != len(ongoing) or len(ongoing) != self._totals.get("ongoing"):
                raise StoreDamaged("the ongoing measures' index does not hold what the files gave")
            wanted |= ongoing
        return self._measures(sorted(wanted), ongoing)

    def no_deadline_measures(self) -> list[tuple]:
        """(plans row, Measure) of each measure with no 时间节点 (deadline_raw null: no milestone,
        not ongoing), in package order: as many as the files' rows held (a row that damage took out
        of the index is missed, and noticed), each verified as _measures reads it (one that damage
        put in it does not verify)."""
        found = self._db.execute("SELECT id FROM measures INDEXED BY measures_no_deadline "
                                 "WHERE deadline_raw IS NULL").fetchall()
        ids = {measure_id for (measure_id,) in found}
        if len(found) != len(ids) or len(ids) != self._totals.get("no_deadline"):
            raise StoreDamaged("the index of the measures with no 时间节点 does not hold what the files gave")
        return self._measures(sorted(ids), set())

    def no_deadline_count(self) -> int:
        """How many measures have no 时间节点, as the files' rows were written (reads no row)."""
        count = self._totals.get("no_deadline")
        if not isinstance(count, int):
            raise StoreDamaged("the store's totals lack the measures with no 时间节点")
        return count

    def _measures(self, ids: list[str], ongoing: set[str]) -> list[tuple]:
        measures, parts = self._select_in("measures", "id", ids), {"milestones": {}, "responsibilities": {}}
        for table, order in (("milestones", "n"), ("responsibilities", "position")):
            for row in self._verified(table, self._select_in(table, "measure", ids, f"ORDER BY measure, {order}")):
                parts[table].setdefault(row[0], []).append(row)
        found = {row[0] for row in self._sealed("measures", measures, {
            measure_id: parts["milestones"].get(measure_id, []) + parts["responsibilities"].get(measure_id, [])
            for measure_id in ids})}
        if len(measures) != len(ids) or found != set(ids) or any(row[12] != 1 for row in measures if row[0] in ongoing):
            raise StoreDamaged("a measure the index names is not in the store as it says")
        plans = {row[0]: row for row in self.plan_rows({row[1] for row in measures})}
        measures.sort(key=lambda row: (row[1], row[17]))
        return [(plans[row[1]], tables.measure_from_rows(row, parts["milestones"].get(row[0], []),
                                                        parts["responsibilities"].get(row[0], [])))
                for row in measures]

    def indicators(self) -> list[tuple[int, dict, tuple]]:
        """(plan number, indicator document, owners as (body ids, rule)) of every indicator, in
        package order."""
        import json

        owners: dict[str, list[tuple]] = {}
        for row in self._verified("indicator_owners", self._select("indicator_owners", "ORDER BY indicator, position")):
            owners.setdefault(row[0], []).append(row)
        rows = self._sealed("indicators", self._select("indicators"), owners)
        if len(rows) != self._totals.get("indicators"):
            raise StoreDamaged("the store lacks an indicator")
        rows.sort(key=lambda row: (row[1], row[20]))
        found = []
        for row in rows:
            mine = owners.get(row[0], [])
            found.append((row[1], json.loads(row[21]), ([part[2] for part in mine], mine[0][3] if mine else None)))
        return found


def insert_file(db: sqlite3.Connection, rows: tables.FileRows) -> int:
    """Insert one file's rows (tables.rows_of); the file's id. The store and the export alike."""
    file = db.execute("INSERT INTO files (path, kind, content_hash, document, checksum) VALUES (?, ?, ?, ?, ?)",
                      (rows.path, rows.kind, rows.content_hash, rows.document, rows.checksum)).lastrowid
    for table, values in rows.rows.items():
        columns = ", ".join(f'"{column}"' for column in COLUMNS[table])
        marks = ", ".join("?" * (len(COLUMNS[table]) + 2))
        db.executemany(f"INSERT INTO {table} ({columns}, file, checksum) VALUES ({marks})",
                       [(*row[:-1], file, row[-1]) for row in values])
    return file


def _raise_first(failures: list[DataError]) -> None:
    if failures:
        raise failures[0]


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        # WAL: a run that reads never waits for one that writes, nor the other way round.
        db.execute("PRAGMA journal_mode = WAL")
        # The store is derived: a write lost to a power cut is found by the checks and redone.
        db.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error:
        db.close()
        raise
    return db


def _path_and_kind(data_dir, name: str) -> tuple[Path, str]:
    if name == REGISTRY_NAME:
        return Path(data_dir.departments_file), REGISTRY
    return data_dir.plans_dir / name[len("plans/"):], PLAN


def _schema_stats(data_dir, seen) -> list[tuple[str, tuple[int, int, int, int]]]:
    """The schemas the files are checked against, by their stat: a warm run reads no schema, and
    a changed one is read and hashed (store_state.schemas)."""
    from bizenv_cli.files.datadir import DataDirNotFound
    from bizenv_cli.store.datafile import SCHEMA_FILES

    try:
        folder = data_dir.schemas_dir
    except DataDirNotFound:
        return []
    found = []
    for name in sorted(SCHEMA_FILES.values()):
        try:
            found.append((f"schemas/{name}", seen(os.stat(folder / name))))
        except OSError:
            found.append((f"schemas/{name}", (-1, -1, -1, -1)))
    return found


def _checked_under(state: tuple | None, code_version: str, schemas_fingerprint: str) -> bool:
    """Whether the store whose state is `state` was checked by this code under these schemas."""
    return state is not None and state[0] == code_version and state[1] == schemas_fingerprint


def _stat_files(data_dir) -> list[tuple[str, tuple[int, int, int, int]]]:
    """The folder's data files (the registry, then "plans/NAME" for every *.yaml in plans/, by
    name: DataDir.plan_files' choice), each with its size, mtime, ctime and inode; the schemas'
    between the two ("schemas/NAME").

    At thousands of files this is the one cost of a warm query that grows with the package, so it
    is kept to a name list and a stat relative to the open plans folder."""
    plan_names = sorted(name for name in os.listdir(data_dir.plans_dir) if is_data_file_name(name))

    def seen(status: os.stat_result) -> tuple[int, int, int, int]:
        return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino

    listing = [(REGISTRY_NAME, seen(os.stat(data_dir.departments_file)))]
    listing += _schema_stats(data_dir, seen)
    if os.stat not in os.supports_dir_fd:  # pragma: no cover - Windows
        return listing + [("plans/" + name, seen(os.stat(os.path.join(data_dir.plans_dir, name))))
                          for name in plan_names]
    folder = os.open(data_dir.plans_dir, os.O_RDONLY)
    try:
        for name in plan_names:
            listing.append(("plans/" + name, seen(os.stat(name, dir_fd=folder))))
    except OSError as error:  # a symlink loop, a file removed meanwhile: named by its whole path
        raise OSError(error.errno, error.strerror, os.path.join(data_dir.plans_dir, name)) from None
    finally:
        os.close(folder)
    return listing
