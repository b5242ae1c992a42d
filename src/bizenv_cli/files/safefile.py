"""Write a file so that a failure never leaves it half-written or loses the old one.

Every file the tool writes in place (`-o` outputs, exports, ledger reports, a plan file rewritten
by tools/fill_bodies.py) goes through `write_atomic`: the bytes go to a temporary file in the same
folder, are flushed to disk, and the temporary file is renamed over the target. (`bizenv import`
writes a new folder beside its target and renames the folder whole: importer/folder.py; the
store's databases are SQLite's to write.) A rename within one folder is atomic on POSIX,
so a reader sees the old file or the new one, never a mix; on any error the temporary file is
removed and the old file stays as it was.

A rename replaces whatever has the name, so `write_atomic` refuses a name that is a symbolic link
or not a regular file (renaming over /dev/stdout, a link to it, would replace the link with a
file). `write_output` is what `-o` does with such a name: a stream (a terminal, /dev/null, a pipe,
directly or through a link) is written through, and a link to a regular file is kept while the
file it points to is replaced whole.
"""

from __future__ import annotations

import errno
import itertools
import os
import stat
import time
from pathlib import Path

_temporary_numbers = itertools.count(1)


def write_atomic(path: Path | str, content: bytes | str, encoding: str = "utf-8") -> None:
    """Replace `path` with `content` in one step; raise OSError with the old file intact.

    A replaced file keeps its mode; a new one gets the mode `open()` would give it under the
    process's umask.
    """
    target = Path(path)
    data = content.encode(encoding) if isinstance(content, str) else content
    folder = target.parent if str(target.parent) else Path(".")
    try:
        details = os.lstat(target)
    except FileNotFoundError:
        kept_mode = None
    else:
        if not stat.S_ISREG(details.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a link, folder, device or pipe): it is not replaced",
                          str(target))
        kept_mode = stat.S_IMODE(details.st_mode)
    handle, temporary = _create_temporary(folder, target.name, kept_mode)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if kept_mode is not None:
            os.chmod(temporary, kept_mode)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _create_temporary(folder: Path, name: str, kept_mode: int | None) -> tuple[int, str]:
    """A new file `.NAME.<pid>-<monotonic ns>-<n>.tmp` beside the target, opened exclusively.

    For a new target it is created as `open()` creates a file (0666, less the umask, applied by the
    system), so the process umask is never read or changed. For a replaced one it is private (0600)
    until it takes the target's mode, so its content is never more readable than the target's.
    """
    mode = 0o666 if kept_mode is None else 0o600
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        temporary = os.path.join(folder, f".{name}.{os.getpid()}-{time.monotonic_ns()}-{next(_temporary_numbers)}.tmp")
        try:
            return os.open(temporary, flags, mode), temporary
        except FileExistsError:
            continue


def write_output(path: Path | str, content: bytes | str, encoding: str = "utf-8") -> None:
    """An output file (`-o`): a stream is written through, a link is kept and the regular file it
    points to replaced whole, anything else replaced whole; raise OSError as write_atomic does."""
    target = Path(path)
    try:
        details = os.stat(target)  # through any link
    except FileNotFoundError:
        details = None
    if details is not None and stat.S_ISDIR(details.st_mode):
        raise OSError(errno.EISDIR, "is a folder", str(target))
    if details is not None and not stat.S_ISREG(details.st_mode):  # /dev/stdout, /dev/null, a pipe
        with open(target, "wb") as stream:
            stream.write(content.encode(encoding) if isinstance(content, str) else content)
        return
    write_atomic(os.path.realpath(target) if os.path.islink(target) else target, content, encoding)
