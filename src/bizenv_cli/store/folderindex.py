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
milestone's date (sorted, for a bisection by the window), the plan and position of its measure
and where that measure's bytes are in its plan's entry (offset, length, CRC-32), and the same
for the ongoing measures; all as flat arrays, which decode at memory speed. The rows chosen are
then read one measure at a time (a pread each) and checked against their CRC; what is read is the
measure's document and, beside it, the fields of its `due` rows (duerow.py), so that `due` without
a filter builds its rows without decoding the measure. What only an update
or a --dept filter needs (each file's summary, the body ids of each measure) is a second entry,
read only then. At 100 times the data the index is some 1 MB.

After an edit to a few plans the index is not rebuilt: the edited plans' rows are laid over it
(`overlay`, by rank) until more than MOST_OVERLAID plans have been edited, a file is added or
removed, or a plan changes its number; then it is rebuilt whole.

`bizenv gaps` needs every indicator but no measure. A third entry holds each plan's indicator
documents with their owners (owners.py: who an indicator belongs to, worked out from the plan's
measures), by the plan's key; it is read only by the commands that list indicators, and after an
edit only the plans it lacks are decoded, once, to fill it in.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
from array import array
from bisect import bisect_left, bisect_right
from pathlib import Path

from bizenv_cli.store import cache
from bizenv_cli.store.datafile import (PLAN, REGISTRY, Schemas, due_parts, measure_document, pack, read_checked, read_regular,
                                 unpack)

try:
    # The C module behind hashlib.blake2b, without hashlib's OpenSSL start-up (~2.5 ms a run).
    from _blake2 import blake2b as _content_hash
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b as _content_hash


def _code_identity() -> str:
    """duerow.py and model.py by cache.file_identity: the cache keeps the fields of `due` rows
    that they build (datafile._measure_blob), so an edit to either, even one that forgets to bump
    the version below, rebuilds the entries instead of serving rows of the old shape."""
    from bizenv_cli.query import due_rows as duerow
    from bizenv_cli.model import records as model

    return "-".join(cache.file_identity(module.__file__) for module in (duerow, model))


# marshal's format changes between Python versions: the version is part of every key.
CACHE_VERSION = f"9-{sys.version_info[0]}.{sys.version_info[1]}-{marshal.version}-{_code_identity()}"
RACY_NS = 2_000_000_000
REGISTRY_NAME = "departments.yaml"


class FolderIndex:
    """The checked documents of one data folder, by cache key, and its milestone index."""

    def __init__(self, data_dir, state: dict, entries: dict[str, tuple], schemas: Schemas, name: str,
                 side: dict | None = None) -> None:
        self.data_dir = data_dir
        self.state = state
        self._entries = entries  # key -> unpacked entry (datafile.unpack), as far as read
        self._schemas = schemas
        self._name = name  # of the folder's entries: NAME.index, NAME.side, NAME.indicators
        self._side = side  # read on first use unless given

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
            # Removed or damaged since the scan (another run pruned it): the file is read again.
            entry = unpack(kind, cache.read(f"{key}.doc")) or _checked_entry(self.data_dir, path, key, kind,
                                                                             self._schemas)
            self._entries[key] = entry
        return entry

    # -- the milestone index -----------------------------------------------------------------------

    def _array(self, name: str) -> array:
        return _as_array(self.state[name])

    def due_candidates(self, earliest: int | None, latest: int | None, plan: int | None,
                       department: frozenset[str] | None, with_ongoing: bool) -> list[tuple[int, int, int, int, int]]:
        """(plan rank, measure position, offset, length, crc) of each measure with a milestone
        between the two ordinals (inclusive, None for an open end), or ongoing when asked; in
        package order."""
        ordinals = self._array("ordinals")
        low = 0 if earliest is None else bisect_left(ordinals, earliest)
        high = len(ordinals) if latest is None else bisect_right(ordinals, latest)
        # Each milestone has five numbers in "measures": rank, position, offset, length, crc.
        measures = self._array("measures")
        chosen = {tuple(measures[5 * i:5 * i + 5]) for i in range(low, high)}
        if with_ongoing:
            ongoing = self._array("ongoing")
            chosen.update(tuple(ongoing[i:i + 5]) for i in range(0, len(ongoing), 5))
        overlay = self.state.get("overlay")
        if overlay:  # plans edited since the arrays were built: their rows replace the arrays' ones
            chosen = {ref for ref in chosen if ref[0] not in overlay}
            for rank, rows in overlay.items():
                for position, (dates, is_ongoing, _, span) in enumerate(rows):
                    if (with_ongoing and is_ongoing) or any(
                            (earliest is None or earliest <= day) and (latest is None or day <= latest) for day in dates):
                        chosen.add((rank, position, *span))
        plans = self.state["plans"]
        if plan is not None:
            chosen = {ref for ref in chosen if plans[ref[0]][2] == plan}
        if department is not None:  # a set of body ids
            bodies = self._side_part("bodies")
            overlay = overlay or {}
            chosen = {ref for ref in chosen if not department.isdisjoint(
                overlay[ref[0]][ref[1]][2] if ref[0] in overlay else bodies[ref[0]][ref[1]])}
        return sorted(chosen)

    def plan_ref(self, rank: int) -> tuple:
        """(number, id, slug) of the plan at this rank."""
        return self.state["plans"][rank][2:5]

    def measure_documents(self, refs: list[tuple[int, int, int, int, int]]) -> list[dict]:
        """The measures these references (from due_candidates) name, each read on its own."""
        return [measure_document(blob) for blob in self._measure_blobs(refs)]

    def due_parts(self, refs: list[tuple[int, int, int, int, int]]) -> list[tuple]:
        """What `due` builds the rows of these measures from (datafile.due_parts), each read on its
        own, without decoding the measures."""
        return [due_parts(blob) for blob in self._measure_blobs(refs)]

    def _measure_blobs(self, refs: list[tuple[int, int, int, int, int]]) -> list[bytes]:
        by_rank: dict[int, list[tuple]] = {}
        for ref in refs:
            by_rank.setdefault(ref[0], []).append(ref)
        found: dict[tuple, bytes] = {}
        folder = str(cache.cache_dir())
        for rank, chosen in by_rank.items():
            key, name, *_ = self.state["plans"][rank]
            parts = cache.read_spans(f"{key}.doc", [ref[2:] for ref in chosen], folder)
            if parts is None:
                # Missing or damaged: the whole entry, verified, or else the file read again.
                cache.discard(f"{key}.doc")
                measures = self._entry(key, self.data_dir.plans_dir / name, PLAN)[2]
                parts = [measures[ref[1]] for ref in chosen]
            found.update(zip(chosen, parts))
        return [found[ref] for ref in refs]

    def _side_part(self, name: str):
        if self._side is None:
            self._side = _read_side(self._name + ".side")
            if self._side is None:  # damaged or pruned: rebuilt from the entries, which are verified
                self._side = _side_from_entries(self)
        return self._side[name]

    # -- indicators --------------------------------------------------------------------------------

    def owned_indicators(self) -> list[tuple[int, list[dict], list]]:
        """(plan rank, the plan's indicator documents, each one's owners as owners.Owners), for
        every plan in package order."""
        from bizenv_cli.model.owners import RULES_VERSION, plan_owners

        name = self._name + ".indicators"
        version = f"{CACHE_VERSION}-owners-{RULES_VERSION}"  # a change of the rule rebuilds the entry
        stored = _decoded(name)
        known = stored["plans"] if (isinstance(stored, dict) and stored.get("version") == version
                                    and isinstance(stored.get("plans"), dict)) else {}
        found = []
        wanted = {}
        for rank, (key, file_name, *_) in enumerate(self.state["plans"]):
            part = known.get(key)
            if not (isinstance(part, tuple) and len(part) == 2):
                from bizenv_cli.model.records import Plan

                document = marshal.loads(self._entry(key, self.data_dir.plans_dir / file_name, PLAN)[1])
                plan = Plan.from_document(document)
                part = (tuple(document.get("indicators", [])), tuple(plan_owners(plan)))
            wanted[key] = part
            found.append((rank, list(part[0]), [(list(ids), rule) for ids, rule in part[1]]))
        if wanted.keys() != known.keys():  # a plan added, changed or removed since it was written
            cache.write(name, marshal.dumps({"version": version, "plans": wanted}))
        return found


def _side_from_entries(index: FolderIndex) -> dict:
    summaries = {}
    for key, name, *_ in index.state["plans"]:
        entry = index._entry(key, index.data_dir.plans_dir / name, PLAN)
        summaries[key] = (entry[0], entry[3])
    return _side(summaries, index.state["plans"])


def scan(data_dir) -> FolderIndex:
    """The folder's index, brought up to date: changed files are read, checked and cached."""
    schemas = Schemas(data_dir)
    fingerprint = schemas.fingerprint
    state_name = "folder-" + _content_hash(
        f"{CACHE_VERSION}\0{data_dir.root}".encode() + b"\0" + fingerprint, digest_size=16).hexdigest()
    old = _read_state(state_name + ".index")
    started = time.time_ns()

    names, stats = _stat_files(data_dir)
    trusted_before = old["scanned_ns"] - RACY_NS if old else 0
    if (old is not None and old["names"] == names and old["stats"] == stats.tobytes()
            and max(stats[2::4]) < trusted_before):
        return FolderIndex(data_dir, old, {}, schemas, state_name)  # nothing changed

    known = {name: (tuple(seen), key) for name, seen, key in
             zip(old["names"], zip(*[iter(_as_array(old["stats"]))] * 4), old["keys"])} if old else {}
    old_keys = set(old["keys"]) if old else set()
    keys: list[str] = []
    # key -> (summary, where its measures start) of each document read in this run; the documents
    # themselves are not kept (at 100 times the data a cold run would hold 140 MB of them).
    fresh: dict[str, tuple] = {}
    settled = False  # a file hashed in this run that the next run may trust by its stat
    for index, name in enumerate(names):
        seen = tuple(stats[4 * index:4 * index + 4])
        before = known.get(name)
        if before is not None and before[0] == seen and seen[2] < trusted_before:
            keys.append(before[1])
            continue
        path, kind = _path_and_kind(data_dir, name)
        settled = settled or seen[2] < started - RACY_NS
        raw = read_regular(path, data_dir.display(path))  # refuses a FIFO, a device, a file past the bound
        key = _content_key(kind, raw, fingerprint)
        keys.append(key)
        if key in old_keys:
            continue  # same content as before (a touch, a racy file): nothing to parse
        entry = unpack(kind, cache.read(f"{key}.doc")) or _checked_entry(data_dir, path, key, kind, schemas, raw)
        fresh[key] = (entry[0], entry[3])

    if old is not None and old["names"] == names and tuple(old["keys"]) == tuple(keys) and not settled:
        return FolderIndex(data_dir, old, {}, schemas, state_name)
    overlaid = _with_overlay(data_dir, old, names, stats, keys, fresh, started, schemas)
    if overlaid is not None:
        if cache.write(state_name + ".index", marshal.dumps(overlaid)):
            cache.prune({state_name + ".index", state_name + ".side", state_name + ".indicators",
                         *(f"{key}.doc" for key in keys)})
        return FolderIndex(data_dir, overlaid, {}, schemas, state_name)
    old_side = (_read_side(state_name + ".side") if old else None) or {"summaries": {}}
    summaries = {}
    for name, key in zip(names[1:], keys[1:]):
        if key in fresh:
            summaries[key] = fresh[key]
        elif key in old_side["summaries"]:
            summaries[key] = old_side["summaries"][key]
        else:  # the side entry is gone, or the plan was laid over the index: its entry has its summary
            summaries[key] = _summary_of(data_dir, name, key, schemas)
    state = _build_state(names, stats, keys, summaries, started)
    registry_changed = old is None or old["registry"] != keys[0]
    _check_references(data_dir, state, summaries, schemas, None if registry_changed else set(fresh))
    side = _side(summaries, state["plans"])
    written = cache.write(state_name + ".side", marshal.dumps(side))
    written = cache.write(state_name + ".index", marshal.dumps(state)) and written
    if written:
        cache.prune({state_name + ".index", state_name + ".side", state_name + ".indicators",
                     *(f"{key}.doc" for key in keys)})
    return FolderIndex(data_dir, state, {}, schemas, state_name, side=side)


# How many edited plans the index carries as an overlay before it is rebuilt whole.
MOST_OVERLAID = 16


def _with_overlay(data_dir, old: dict | None, names: tuple, stats: array, keys: list[str], fresh: dict,
                  started: int, schemas: Schemas) -> dict | None:
    """The old index with the plans whose content changed laid over it, or None when it has to be
    rebuilt: another file set or registry, a plan that changed its number or id (its place in the
    package), or more than MOST_OVERLAID plans edited since the last rebuild.

    Rebuilding re-sorts every milestone of the package and rewrites the side entry: after a
    one-file edit at ten times the data that was a third of the next query (issue 14). The overlay
    holds each edited plan's rows as the arrays would (dates, ongoing, bodies, where its bytes are),
    and due_candidates takes them instead of the arrays' rows for that plan."""
    if old is None or old["names"] != names or old["keys"][0] != keys[0]:
        return None
    overlay = dict(old.get("overlay") or {})
    plans = list(old["plans"])
    rank_of = {plan[1]: rank for rank, plan in enumerate(plans)}
    changed = []
    for name, key, old_key in zip(names[1:], keys[1:], old["keys"][1:]):
        if key == old_key:
            continue
        rank = rank_of[name[len("plans/"):]]
        summary, start = fresh[key] if key in fresh else _summary_of(data_dir, name, key, schemas)
        number, plan_id, slug, rows, _ = summary
        if (number, plan_id) != plans[rank][2:4]:
            return None
        plans[rank] = (key, plans[rank][1], number, plan_id, slug)
        overlay[rank] = tuple((dates, ongoing, bodies, (cache.PAYLOAD_OFFSET + start + offset, length, crc))
                              for dates, ongoing, bodies, (offset, length, crc) in rows)
        changed.append((data_dir.plans_dir / plans[rank][1], summary))
    if len(overlay) > MOST_OVERLAID:
        return None
    if changed:  # the registry is the same: only the edited plans can name a body it lacks
        from bizenv_cli.checks.references import check_references

        check_references(changed, _registry_ids(data_dir, keys[0], schemas), data_dir)
    state = dict(old)
    state.update(scanned_ns=started, stats=stats.tobytes(), keys=tuple(keys), plans=tuple(plans), overlay=overlay)
    return state


def _summary_of(data_dir, name: str, key: str, schemas: Schemas) -> tuple:
    entry = (unpack(PLAN, cache.read(f"{key}.doc"))
             or _checked_entry(data_dir, data_dir.root / name, key, PLAN, schemas))
    return entry[0], entry[3]


def _registry_ids(data_dir, key: str, schemas: Schemas) -> set[str]:
    entry = unpack(REGISTRY, cache.read(f"{key}.doc"))
    if entry is not None:
        document = marshal.loads(entry[1])
    else:  # pruned meanwhile: the registry read and checked again
        path, name = data_dir.departments_file, data_dir.display(data_dir.departments_file)
        document = read_checked(read_regular(path, name), path, name, REGISTRY, schemas)
    # The document was checked (schema and model) before it was cached: its ids are the registry's.
    return {department["id"] for department in document["departments"]}


def _check_references(data_dir, state: dict, summaries: dict[str, tuple], schemas: Schemas,
                      read_now: set[str] | None) -> None:
    """Before an index is written: every body a plan names is in the registry, and no two plans
    share a number or an id (references.py). A warm run trusts the index it wrote; with the
    registry unchanged, only the plans read in this run (`read_now`, by key) can name a body
    it lacks, and only theirs are looked at."""
    from bizenv_cli.checks.references import check_references

    bodies_of = None if read_now is None else {data_dir.plans_dir / name for key, name, *_ in state["plans"]
                                               if key in read_now}
    registry_ids = _registry_ids(data_dir, state["registry"], schemas) if bodies_of is None or bodies_of else set()
    plans = ((data_dir.plans_dir / name, summaries[key][0]) for key, name, *_ in state["plans"])
    check_references(plans, registry_ids, data_dir, bodies_of)


def _checked_entry(data_dir, path: Path, key: str, kind: str, schemas: Schemas, raw: bytes | None = None) -> tuple:
    """The file (its bytes `raw` when already read) checked, packed and cached as entry `key`: the
    unpacked entry. The one way a data file enters the cache."""
    display = data_dir.display(path)
    if raw is None:
        raw = read_regular(path, display)  # refuses a FIFO, a device, a file past the bound
    payload = pack(kind, read_checked(raw, path, display, kind, schemas))
    cache.write(f"{key}.doc", payload)
    return unpack(kind, payload)


def _as_array(raw: bytes) -> array:
    numbers = array("q")
    numbers.frombytes(raw)
    return numbers


def _stat_files(data_dir) -> tuple[tuple[str, ...], array]:
    """The names of the folder's data files (the registry, then "plans/NAME" for every *.yaml in
    plans/, by name: DataDir.plan_files' choice) and each one's size, mtime, ctime and inode.

    At 2,900 files this is the one cost of a warm query that grows with the package, so it is
    kept to a name list and a stat relative to the open plans folder: pathlib's glob alone would
    cost 20 ms, a DirEntry or a full path per stat 2 ms more."""
    plan_names = sorted(name for name in os.listdir(data_dir.plans_dir) if name.endswith(".yaml"))
    names = (REGISTRY_NAME, *("plans/" + name for name in plan_names))
    stats = array("q")

    def add(stat: os.stat_result) -> None:
        stats.extend((stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino))

    add(os.stat(data_dir.departments_file))
    if os.stat not in os.supports_dir_fd:  # pragma: no cover - Windows
        for name in plan_names:
            add(os.stat(os.path.join(data_dir.plans_dir, name)))
        return names, stats
    folder = os.open(data_dir.plans_dir, os.O_RDONLY)
    try:
        for name in plan_names:
            add(os.stat(name, dir_fd=folder))
    except OSError as error:  # a symlink loop, a file removed meanwhile: named by its whole path
        raise OSError(error.errno, error.strerror, os.path.join(data_dir.plans_dir, name)) from None
    finally:
        os.close(folder)
    return names, stats


def _path_and_kind(data_dir, name: str) -> tuple[Path, str]:
    """Where a name of _stat_files is, and what kind of data file it is."""
    if name == REGISTRY_NAME:
        return Path(data_dir.departments_file), REGISTRY
    return data_dir.plans_dir / name[len("plans/"):], PLAN


def _content_key(kind: str, raw: bytes, fingerprint: bytes) -> str:
    digest = _content_hash(f"{CACHE_VERSION}\0{kind}\0".encode(), digest_size=20)
    digest.update(_content_hash(fingerprint).digest())
    digest.update(raw)
    return digest.hexdigest()


def _read_state(name: str) -> dict | None:
    state = _decoded(name)
    if not (isinstance(state, dict) and state.get("version") == CACHE_VERSION
            and {"names", "stats", "keys", "scanned_ns", "registry", "plans", "ordinals", "measures",
                 "ongoing"} <= state.keys() and isinstance(state.get("overlay") or {}, dict)):
        return None
    return state


def _read_side(name: str) -> dict | None:
    side = _decoded(name)
    if not (isinstance(side, dict) and side.get("version") == CACHE_VERSION
            and {"summaries", "bodies"} <= side.keys()):
        return None
    return side


def _decoded(name: str):
    payload = cache.read(name)
    if payload is None:
        return None
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        cache.discard(name)
        return None


def _build_state(names: tuple, stats: array, keys: list[str], summaries: dict[str, tuple], started: int) -> dict:
    """The index for these files, from each plan's summary (datafile.summarise, with spans)."""
    plans = sorted(((key, name[len("plans/"):]) for name, key in zip(names[1:], keys[1:])),
                   key=lambda item: (summaries[item[0]][0][0], item[1]))
    milestones, ongoing = [], array("q")
    for rank, (key, _) in enumerate(plans):
        (_, _, _, rows, _), start = summaries[key]
        for position, (ordinals, is_ongoing, _, (offset, length, crc)) in enumerate(rows):
            ref = (rank, position, cache.PAYLOAD_OFFSET + start + offset, length, crc)
            milestones.extend((ordinal, ref) for ordinal in ordinals)
            if is_ongoing:
                ongoing.extend(ref)
    # By date alone: the sort is stable and the refs were made in package order, so the order is
    # the one a sort of the whole pairs gives, without comparing tuples.
    milestones.sort(key=_first)
    measures = array("q", [number for _, ref in milestones for number in ref])
    return {
        "version": CACHE_VERSION,
        "scanned_ns": started,
        "names": names,
        "stats": stats.tobytes(),
        "keys": tuple(keys),
        "registry": keys[0],
        # (key, file name, number, id, slug) per plan, in package order
        "plans": tuple((key, name, *summaries[key][0][:3]) for key, name in plans),
        # Flat arrays, sorted by date: a query decodes them at memory speed and bisects the window.
        "ordinals": array("q", (ordinal for ordinal, _ in milestones)).tobytes(),
        "measures": measures.tobytes(),
        "ongoing": ongoing.tobytes(),
    }


def _first(pair: tuple) -> int:
    return pair[0]


def _side(summaries: dict[str, tuple], plans: tuple) -> dict:
    return {
        "version": CACHE_VERSION,
        "summaries": summaries,
        "bodies": tuple(tuple(row[2] for row in summaries[key][0][3]) for key, *_ in plans),
    }
