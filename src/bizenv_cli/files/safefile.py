"""Write a file so that a failure never leaves it half-written or loses the old one.

Every file the tool writes (`-o` outputs, data files, ledger reports, exports) goes through
`write_atomic`: the bytes go to a temporary file in the same folder, are flushed to disk, and
the temporary file is renamed over the target. A rename within one folder is atomic on POSIX,
so a reader sees the old file or the new one, never a mix; on any error the temporary file is
removed and the old file stays as it was.
"""

from __future__ import annotations

import itertools
import os
import stat
import time
from pathlib import Path

_temporary_numbers = itertools.count(1)


def write_atomic(path: Path | str, content: bytes | str, encoding: str = "utf-8", durable: bool = True) -> None:
    """Replace `path` with `content` in one step; raise OSError with the old file intact.

    A replaced file keeps its mode; a new one gets the mode `open()` would give it under the
    process's umask. durable=False skips the fsync: for the query cache, whose entries carry their
    own checksum (a torn entry is rebuilt) and whose thousands of files an fsync each would slow down.
    """
    target = Path(path)
    data = content.encode(encoding) if isinstance(content, str) else content
    folder = target.parent if str(target.parent) else Path(".")
    try:
        kept_mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        kept_mode = None
    handle, temporary = _create_temporary(folder, target.name, kept_mode)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
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
    """A new file `.NAME.<pid>-<n>.tmp` beside the target, opened exclusively.

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
