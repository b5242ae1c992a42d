"""Which cached document each data file of a folder is, and the folder's index of milestones.

Every data file is cached on its own, keyed by its content (BLAKE2 of its bytes, the schemas and
the cache format): an edit to one file of 290 parses that one file again, and a file that two data
folders share is parsed once.

Hashing every file on every run would cost 0.4 s at 100 times the data, so the folder's index
remembers each file's size, mtime, ctime and inode beside its key, as git's index does: a file
whose stat is unchanged is not read. ctime moves on every write and cannot be set back by a user
(touch -d sets mtime only); a file changed within RACY_NS of the index's scan is read and hashed
anyway, since a timestamp is coarser than the time between two writes (git's "racy clean" case).

The index also holds what `bizenv due` needs to choose its rows without decoding any plan: every
milestone's date (sorted, for a bisection by the window), the plan and position of its measure,
the ids of the bodies that measure names, and the ongoing measures. The rows chosen are then
decoded one measure at a time from their plans' entries.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
from bisect import bisect_left, bisect_right
from pathlib import Path
from stat import S_ISREG

from bizenv_cli import cache
from bizenv_cli.datafile import PLAN, REGISTRY, Schemas, pack, read_checked, read_regular, unpack
from bizenv_cli.problems import DataError, Problem

try:
    # The C module behind hashlib.blake2b, without hashlib's OpenSSL start-up (~2.5 ms a run).
    from _blake2 import blake2b as _content_hash
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b as _content_hash

# marshal's format changes between Python versions: the version is part of every key.
CACHE_VERSION = f"3-{sys.version_info[0]}.{sys.version_info[1]}-{marshal.version}"
RACY_NS = 2_000_000_000
REGISTRY_NAME = "departments.yaml"


class FolderIndex:
    """The checked documents of one data folder, by cache key, and its milestone index."""

    def __init__(self, data_dir, state: dict, entries: dict[str, tuple], schemas: Schemas) -> None:
        self.data_dir = data_dir
        self.state = state
        self._entries = entries  # key -> (summary, document bytes, measure bytes), as far as read
        self._schemas = schemas

    # -- documents ---------------------------------------------------------------------------------

    def registry_document(self) -> dict:
        return marshal.loads(self._entry(self.state["registry"], self.data_dir.departments_file, REGISTRY)[1])

    def plan_documents(self) -> list[dict]:
        """Every plan's document, in package order (by number, then file name)."""
        return [marshal.loads(self._entry(key, self.data_dir.plans_dir / name, PLAN)[1])
                for key, name, *_ in self.state["plans"]]

    def _entry(self, key: str, path: Path, kind: str) -> tuple:
        entry = self._entries.get(key)
        if entry is None:
            entry = unpack(kind, cache.read(f"{key}.doc"))
            if entry is None:
                # Removed or damaged since the scan (another run pruned it): read the file again.
                raw = read_regular(path, self.data_dir.display(path))
                payload = pack(kind, read_checked(raw, path, self.data_dir.display(path), kind, self._schemas))
                cache.write(f"{key}.doc", payload)
                entry = unpack(kind, payload)
            self._entries[key] = entry
        return entry

    # -- the milestone index -----------------------------------------------------------------------

    def due_candidates(self, earliest: int | None, latest: int | None, plan: int | None,
                       department: str | None, with_ongoing: bool) -> list[tuple[int, int]]:
        """(plan rank, measure position) of each measure with a milestone between the two
        ordinals (inclusive, None for an open end), or ongoing when asked; in package order."""
        ordinals = self.state["ordinals"]
        low = 0 if earliest is None else bisect_left(ordinals, earliest)
        high = len(ordinals) if latest is None else bisect_right(ordinals, latest)
        refs = self.state["refs"]
        chosen = set(refs[low:high])
        if with_ongoing:
            chosen.update(self.state["ongoing"])
        plans = self.state["plans"]
        bodies = self.state["bodies"]
        return sorted(ref for ref in chosen
                      if (plan is None or plans[ref[0]][2] == plan)
                      and (department is None or department in bodies[ref[0]][ref[1]]))

    def plan_ref(self, rank: int) -> tuple:
        """(number, id, slug) of the plan at this rank."""
        return self.state["plans"][rank][2:5]

    def measure_document(self, rank: int, position: int) -> dict:
        key, name, *_ = self.state["plans"][rank]
        return marshal.loads(self._entry(key, self.data_dir.plans_dir / name, PLAN)[2][position])


def scan(data_dir) -> FolderIndex:
    """The folder's index, brought up to date: changed files are read, checked and cached."""
    schemas = Schemas(data_dir)
    fingerprint = schemas.fingerprint
    state_name = "folder-" + _content_hash(
        f"{CACHE_VERSION}\0{data_dir.root}".encode() + b"\0" + fingerprint, digest_size=16).hexdigest() + ".index"
    old = _read_state(state_name)
    known = old["files"] if old else {}
    trusted_before = old["scanned_ns"] - RACY_NS if old else 0
    started = time.time_ns()

    files: dict[str, tuple] = {}
    fresh: dict[str, tuple] = {}  # key -> entry, for documents read in this run
    settled = False  # a file hashed in this run that the next run may trust by its stat
    targets = [(REGISTRY_NAME, data_dir.departments_file, REGISTRY)]
    targets += [("plans/" + path.name, path, PLAN) for path in data_dir.plan_files()]
    for name, path, kind in targets:
        stat = os.stat(path)
        seen = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        before = known.get(name)
        if before is not None and before[:4] == seen and stat.st_ctime_ns < trusted_before:
            files[name] = before
            continue
        if not S_ISREG(stat.st_mode):
            # A FIFO would block the read for good, a device never end.
            raise DataError(Problem(data_dir.display(path), 1, 1, "", "not a regular file", "yaml"))
        settled = settled or stat.st_ctime_ns < started - RACY_NS
        with open(path, "rb") as handle:
            raw = handle.read()
        key = _content_key(kind, raw, fingerprint)
        files[name] = (*seen, key)
        if old is not None and key in old["summaries_keys"]:
            continue  # same content as before (a touch, a racy file): nothing to parse
        entry = unpack(kind, cache.read(f"{key}.doc"))
        if entry is None:
            display = data_dir.display(path)
            payload = pack(kind, read_checked(raw, path, display, kind, schemas))
            cache.write(f"{key}.doc", payload)
            entry = unpack(kind, payload)
        fresh[key] = entry

    if old is not None and files == known and not settled:
        return FolderIndex(data_dir, old, fresh, schemas)
    state = _build_state(files, old, fresh, started)
    if cache.write(state_name, marshal.dumps(state)):
        cache.prune({state_name, *(f"{key}.doc" for *_, key in files.values())})
    return FolderIndex(data_dir, state, fresh, schemas)


def _content_key(kind: str, raw: bytes, fingerprint: bytes) -> str:
    digest = _content_hash(f"{CACHE_VERSION}\0{kind}\0".encode(), digest_size=20)
    digest.update(_content_hash(fingerprint).digest())
    digest.update(raw)
    return digest.hexdigest()


def _read_state(name: str) -> dict | None:
    payload = cache.read(name)
    if payload is None:
        return None
    try:
        state = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    if not (isinstance(state, dict) and state.get("version") == CACHE_VERSION
            and {"files", "scanned_ns", "summaries", "summaries_keys", "registry", "plans", "ordinals", "refs",
                 "ongoing", "bodies"} <= state.keys()):
        cache.discard(name)
        return None
    return state


def _build_state(files: dict[str, tuple], old: dict | None, fresh: dict[str, tuple], started: int) -> dict:
    """The index for these files: the summaries of unchanged files come from the old index."""
    summaries: dict[str, tuple] = {}
    old_summaries = marshal.loads(old["summaries"]) if old else {}
    for name, (*_, key) in files.items():
        if name == REGISTRY_NAME:
            continue
        summaries[key] = fresh[key][0] if key in fresh else old_summaries[key]
    plans = sorted(((key, name[len("plans/"):]) for name, (*_, key) in files.items() if name != REGISTRY_NAME),
                   key=lambda item: (summaries[item[0]][0], item[1]))
    milestones, ongoing, bodies = [], [], []
    for rank, (key, _) in enumerate(plans):
        rows = summaries[key][3]
        bodies.append(tuple(row[2] for row in rows))
        for position, (ordinals, is_ongoing, _) in enumerate(rows):
            milestones.extend((ordinal, rank, position) for ordinal in ordinals)
            if is_ongoing:
                ongoing.append((rank, position))
    milestones.sort()
    return {
        "version": CACHE_VERSION,
        "scanned_ns": started,
        "files": files,
        "registry": files[REGISTRY_NAME][4],
        # (key, file name, number, id, slug) per plan, in package order
        "plans": tuple((key, name, *summaries[key][:3]) for key, name in plans),
        "ordinals": tuple(item[0] for item in milestones),
        "refs": tuple((item[1], item[2]) for item in milestones),
        "ongoing": tuple(ongoing),
        "bodies": tuple(bodies),
        # Only an update reads these: kept as bytes, so that a query does not decode them.
        "summaries": marshal.dumps(summaries),
        "summaries_keys": frozenset(summaries) | {files[REGISTRY_NAME][4]},
    }
