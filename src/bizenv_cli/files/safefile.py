"""Write a file so that a failure never leaves it half-written or loses the old one.

Every file the tool writes (`-o` outputs, data files, ledger reports, exports) goes through
`write_atomic`: the bytes go to a temporary file in the same folder, are flushed to disk, and
the temporary file is renamed over the target. A rename within one folder is atomic on POSIX,
so a reader sees the old file or the new one, never a mix; on any error the temporary file is
removed and the old file stays as it was.
"""

from __future__ import annotations

import os
import time
from pathlib import Path


def write_atomic(path: Path | str, content: bytes | str, encoding: str = "utf-8", durable: bool = True) -> None:
    """Replace `path` with `content` in one step; raise OSError with the old file intact.

    durable=False skips the fsync: for the query cache, whose entries carry their own checksum
    (a torn entry is rebuilt) and whose thousands of files an fsync each would slow down.
    """
    target = Path(path)
    data = content.encode(encoding) if isinstance(content, str) else content
    folder = target.parent if str(target.parent) else Path(".")
    handle, temporary = _create_temporary(folder, target.name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        _keep_mode(target, temporary)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _create_temporary(folder: Path, name: str) -> tuple[int, str]:
    """A new file `.NAME.<pid>-<n>.tmp` beside the target, opened exclusively with mode 0600, as
    tempfile.mkstemp makes it; without importing tempfile (and random), some 8 ms a run that the
    query cache pays on every edit."""
    global _counter
    while True:
        _counter += 1
        temporary = os.path.join(folder, f".{name}.{os.getpid()}-{time.monotonic_ns()}-{_counter}.tmp")
        try:
            return os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600), temporary
        except FileExistsError:
            continue


_counter = 0


def _keep_mode(target: Path, temporary: str) -> None:
    # mkstemp creates 0600; a replaced file keeps its own mode, a new one gets the umask's.
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)
