"""The query cache on disk: entries that are verified on every read, written atomically, and bounded.

An entry is one file, `MAGIC + length + crc32 + payload`. A read that finds the wrong magic, a
wrong length or a checksum that does not match returns None: the caller rebuilds the entry from
the data files, and the bad file is removed. The checksum is CRC-32 (zlib): it catches every flipped
bit and every burst of damage up to 32 bits, at four times the speed of a cryptographic digest
(a warm query at 100 times the data checks some 20 MB); the keys, which name content, are BLAKE2.

Where: $XDG_CACHE_HOME/bizenv, else ~/.cache/bizenv. Bypass: BIZENV_NO_CACHE=1 (or the global
option --no-cache): nothing is read from or written to the cache.

Bounds: at most MAX_ENTRIES files and MAX_BYTES bytes. After a run that wrote something, the
entries it used are touched and the least recently used others are removed until both bounds
hold (an entry's mtime is its last use, to the hour); temporary files older than
STALE_TEMP_SECONDS (left by a killed process) go too. The entries
of the data folder being read are never removed by its own run, so a package larger than the
bounds is still cached whole.

Checking the bounds means a stat of every entry (5 ms for the 600 entries of ten times the data,
after every edit). So the full check runs when the last one is FULL_PRUNE_SECONDS old, or when
the number of entries, or the size estimated from the last check's average, passes 90% of a
bound; in between, a run only counts the entries' names (PRUNE_STATE keeps the last check).
"""

from __future__ import annotations

import os
import time
import zlib
from pathlib import Path

MAGIC = b"bizenv-cache-3\n"
NO_CACHE_ENV = "BIZENV_NO_CACHE"
MAX_ENTRIES = 20_000
MAX_BYTES = 512 * 1024 * 1024
STALE_TEMP_SECONDS = 3600
# "Recently used" is kept to the hour: touching every entry of a 2,900-file package after each
# edit would cost more than the edit.
TOUCH_AFTER_SECONDS = 3600
FULL_PRUNE_SECONDS = 600
PRUNE_STATE = "prune.state"  # "time entries bytes" of the last full check; never pruned itself
_HEADER = len(MAGIC) + 8 + 4
PAYLOAD_OFFSET = _HEADER  # where an entry's payload starts in its file


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bizenv"


def file_identity(path: str | None) -> str:
    """A code file as a cache key names it: path, size and mtime. An entry built by code that was
    edited since, even by an edit that forgot to bump a version, is then not found."""
    try:
        stat = os.stat(path)
    except (OSError, TypeError):  # no file behind the module (a frozen or zipped build)
        return f"{path}:unknown"
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


def bypassed() -> bool:
    """BIZENV_NO_CACHE set to anything but empty or 0."""
    return os.environ.get(NO_CACHE_ENV, "").strip() not in ("", "0")


def read(name: str) -> bytes | None:
    """The payload of entry `name`, or None when it is missing or does not verify."""
    path = cache_dir() / name
    try:
        with open(path, "rb") as handle:
            blob = handle.read()
    except OSError:
        return None
    if (len(blob) >= _HEADER and blob.startswith(MAGIC)
            and int.from_bytes(blob[len(MAGIC):len(MAGIC) + 8], "little") == len(blob) - _HEADER):
        if zlib.crc32(memoryview(blob)[_HEADER:]) == int.from_bytes(blob[_HEADER - 4:_HEADER], "little"):
            return blob[_HEADER:]
    discard(name)  # damaged: never used, and rebuilt by the caller
    return None


def read_spans(name: str, spans: list[tuple[int, int, int]], folder: str | None = None) -> list[bytes] | None:
    """Parts of entry `name`'s file, each (offset in the file, length, CRC-32), without reading the
    rest; None when the file is missing or any part does not verify. `folder`, cache_dir() as a
    string, saves building a path for each of the hundreds of entries a query may read."""
    try:
        handle = os.open(os.path.join(folder or str(cache_dir()), name), os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        parts = [_read_at(handle, length, offset) for offset, length, _ in spans]
    except OSError:
        return None
    finally:
        os.close(handle)
    if all(zlib.crc32(part) == crc for part, (_, _, crc) in zip(parts, spans)):
        return parts
    return None


def _read_at(handle: int, length: int, offset: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(handle, length, offset)
    os.lseek(handle, offset, os.SEEK_SET)  # Windows has no pread
    return os.read(handle, length)


def write(name: str, payload: bytes) -> bool:
    """Store `payload` as entry `name`; False (and no file left behind) when it cannot be written."""
    from bizenv_cli.files.safefile import write_atomic

    folder = cache_dir()
    header = MAGIC + len(payload).to_bytes(8, "little") + zlib.crc32(payload).to_bytes(4, "little")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / name, header + payload, durable=False)
    except OSError:
        return False  # a read-only or full disk only costs speed; write_atomic removed its temp file
    return True


def discard(name: str) -> None:
    try:
        os.unlink(cache_dir() / name)
    except OSError:
        pass


def prune(keep: set[str], max_entries: int | None = None, max_bytes: int | None = None) -> None:
    """Keep the cache within its bounds, least recently used first; never remove `keep`."""
    max_entries = MAX_ENTRIES if max_entries is None else max_entries
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    folder = cache_dir()
    now = time.time()
    if _far_within_bounds(folder, now, max_entries, max_bytes):
        return
    entries = []
    try:
        scan = list(os.scandir(folder))
    except OSError:
        return
    for item in scan:
        try:
            if not item.is_file(follow_symlinks=False) or item.name == PRUNE_STATE:
                continue
            stat = item.stat(follow_symlinks=False)
        except OSError:
            continue
        if item.name.endswith(".tmp"):
            # Someone else's write in progress is young; a killed process's is not.
            if now - stat.st_mtime > STALE_TEMP_SECONDS:
                discard(item.name)
            continue
        if item.name in keep:
            if now - stat.st_mtime > TOUCH_AFTER_SECONDS:
                try:
                    os.utime(item.path)  # used by this run: among the most recent
                except OSError:
                    pass
            continue
        entries.append((stat.st_mtime, stat.st_size, item.name))
    count = len(entries) + len(keep) + 1  # the state file counts as an entry too
    size = sum(entry[1] for entry in entries) + sum(_size(folder / name) for name in keep)
    entries.sort()
    for _, entry_size, name in entries:
        if count <= max_entries and size <= max_bytes:
            break
        discard(name)
        count -= 1
        size -= entry_size
    _remember_full_prune(folder, now, count, size)


def _far_within_bounds(folder: Path, now: float, max_entries: int, max_bytes: int) -> bool:
    """Whether the last full check is recent and the cache is still well inside both bounds by a
    count of its names (and the size that count suggests)."""
    try:
        checked_at, checked_count, checked_size = (float(part) for part in (folder / PRUNE_STATE).read_text().split())
        count = len(os.listdir(folder))
    except (OSError, ValueError):
        return False  # never checked, or unreadable: check now
    if not 0 <= now - checked_at < FULL_PRUNE_SECONDS:
        return False
    average = checked_size / checked_count if checked_count > 0 else 0
    estimate = checked_size + max(0, count - checked_count) * average
    return count <= 0.9 * max_entries and estimate <= 0.9 * max_bytes


def _remember_full_prune(folder: Path, now: float, count: int, size: int) -> None:
    from bizenv_cli.files.safefile import write_atomic

    try:
        write_atomic(folder / PRUNE_STATE, f"{now} {count} {size}\n".encode(), durable=False)
    except OSError:
        pass  # the next run checks in full again


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
