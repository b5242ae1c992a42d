"""Where the store's databases live, what may be there, and how to bypass them.

Where: $XDG_CACHE_HOME/bizenv, else ~/.cache/bizenv; one database per data folder, named by the
folder's path. Bypass: BIZENV_NO_CACHE=1 (or the global option --no-cache): nothing in that folder
is read, written, listed or created.

What may be there: the databases (NAME.sqlite) and SQLite's own files beside them (-wal, -shm,
-journal), as regular files of at most MAX_DATABASE_BYTES. Before a database is opened, whatever
is at its paths and is not such a file (a named pipe would block the open, a link to /dev/zero
would never end) is removed; so is, after a run that wrote, anything else in the folder (a
former format's entries, a stray pipe). Then the least recently used databases go until at most
MAX_DATABASES remain and they hold at most MAX_BYTES; the one in use never goes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

NO_CACHE_ENV = "BIZENV_NO_CACHE"
SUFFIX = ".sqlite"
COMPANIONS = ("", "-wal", "-shm", "-journal")  # SQLite's files for one database
MAX_DATABASE_BYTES = 1024 * 1024 * 1024
MAX_DATABASES = 64
MAX_BYTES = 2 * 1024 * 1024 * 1024
# A database is touched when opened if its mtime is older than this: its mtime is its last use.
TOUCH_AFTER_SECONDS = 3600


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bizenv"


def bypassed() -> bool:
    """BIZENV_NO_CACHE set to anything but empty or 0."""
    return os.environ.get(NO_CACHE_ENV, "").strip() not in ("", "0")


def database_path(root: Path) -> Path:
    """The database of the data folder at `root`: named by two checksums of its path (zlib's: a warm
    query has no other use for hashlib, and never imports it). Two folders whose names collide would
    share a database, each rebuilding it for the other, and never read the other's rows: the
    listing of the folder's files the store keeps would not match."""
    import zlib

    path = str(root).encode("utf-8", "surrogateescape")
    return cache_dir() / f"folder-{zlib.crc32(path):08x}{zlib.adler32(path):08x}{SUFFIX}"


def file_identity(path: str | None) -> str:
    """A code file as the store's version names it: path, size and mtime. A store built by code
    that was edited since, even by an edit that forgot to bump a version, is then rebuilt."""
    try:
        status = os.stat(path)
    except (OSError, TypeError):  # no file behind the module (a frozen or zipped build)
        return f"{path}:unknown"
    return f"{path}:{status.st_size}:{status.st_mtime_ns}"


def prepare(database: Path) -> bool:
    """Make the database's paths safe to open: anything there that is not a regular file of at most
    MAX_DATABASE_BYTES is removed. False when something cannot be removed (the store is then not
    used in this run)."""
    for suffix in COMPANIONS:
        path = f"{database}{suffix}"
        try:
            status = os.lstat(path)
        except FileNotFoundError:
            continue
        except OSError:
            return False
        if stat.S_ISREG(status.st_mode) and status.st_size <= MAX_DATABASE_BYTES:
            continue
        if not remove(path, status):
            return False
    return True


def touch(database: Path) -> None:
    import time

    try:
        if time.time() - os.stat(database).st_mtime > TOUCH_AFTER_SECONDS:
            os.utime(database)
    except OSError:
        pass


def remove(path: str, status: os.stat_result | None = None) -> bool:
    """Remove a file, a link (never what it points to), a pipe or an empty folder."""
    try:
        if status is not None and stat.S_ISDIR(status.st_mode):
            os.rmdir(path)
        else:
            os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:
        return False
    return True


def discard(database: Path) -> None:
    """Remove a database and SQLite's files beside it."""
    for suffix in COMPANIONS:
        remove(f"{database}{suffix}")


def prune(in_use: Path) -> None:
    """Keep the folder to the databases and their files, within MAX_DATABASES and MAX_BYTES."""
    folder = in_use.parent
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    databases: dict[str, list] = {}  # name -> [last use, bytes]
    for entry in entries:
        try:
            status = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        base = next((entry.name[:-len(suffix)] for suffix in COMPANIONS[1:] if entry.name.endswith(suffix)),
                    entry.name)
        if not (stat.S_ISREG(status.st_mode) and base.endswith(SUFFIX) and status.st_size <= MAX_DATABASE_BYTES):
            remove(entry.path, status)  # a former format's entry, a pipe, a link, a device
            continue
        found = databases.setdefault(base, [0.0, 0])
        if base == entry.name:
            found[0] = status.st_mtime
        found[1] += status.st_size
    total = sum(size for _, size in databases.values())
    count = len(databases)
    for last_use, size, name in sorted((last_use, size, name) for name, (last_use, size) in databases.items()):
        if count <= MAX_DATABASES and total <= MAX_BYTES:
            break
        if name == in_use.name:
            continue
        discard(folder / name)
        count -= 1
        total -= size
