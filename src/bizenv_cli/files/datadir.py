"""Find the data folder the way git finds a repository (docs/data-format.md).

`--data DIR` or BIZENV_DATA if given; else the nearest `data/` holding `plans/` from the current
folder upward, so a reviewer in a checkout sees that checkout's data; else the copy shipped inside
the installed package, so `bizenv due` works from any folder after `pip install`. That copy answers
queries only: a check given it (`folder_to_check`) would pass whatever data the user meant.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import NamedTuple

from bizenv_cli.files.problems import DataError, Problem

ENV_VAR = "BIZENV_DATA"
# The work ledger's folder in a data folder (docs/ledger.md), as in a revision's tree.
LEDGER_FOLDER = "progress"
# The largest data file is ~90 KB and the source text ~400 KB; a file 10 times the source is no
# data file, and it is refused before it is parsed, so the user hears why at once.
MAX_DATA_FILE_BYTES = 4 * 1024 * 1024
PACKAGED_DATA = Path(__file__).resolve().parents[1] / "_data"
# An editable install runs from the checkout's src/; its data is two folders up.
CHECKOUT_DATA = Path(__file__).resolve().parents[3] / "data"


class DataDir(NamedTuple):
    root: Path
    how_found: str  # option, environment, checkout, package

    @property
    def plans_dir(self) -> Path:
        return self.root / "plans"

    @property
    def departments_file(self) -> Path:
        return self.root / "departments.yaml"

    @property
    def source_dir(self) -> Path:
        return self.root / "source"

    @property
    def ledger_dir(self) -> Path:
        """The work ledger's reports (docs/ledger.md), one folder per month."""
        return self.root / LEDGER_FOLDER

    def ledger_files(self) -> list[Path]:
        """The work ledger's report files, in path order; none when the folder is missing. A query
        asks this before it imports anything of the ledger: the shipped ledger is empty."""
        return data_files_in(self.ledger_dir, below=True)

    @property
    def schemas_dir(self) -> Path:
        """The schemas beside the data (a checkout keeps schemas/ beside data/; the installed
        package ships them inside _data/), else the ones this bizenv was installed with."""
        for candidate in (self.root.parent / "schemas", self.root / "schemas",
                          PACKAGED_DATA / "schemas", CHECKOUT_DATA.parent / "schemas"):
            if candidate.is_dir():
                return candidate
        raise DataDirNotFound(f"no schemas/ folder beside {self.root} and none installed with bizenv")

    def plan_files(self) -> list[Path]:
        return data_files_in(self.plans_dir)

    def display(self, path: Path) -> str:
        """A path as users should see it: relative to the current folder when it is below it."""
        return shown_path(path)


def is_data_file_name(name: str) -> bool:
    """Whether a file of plans/ or of the ledger's folder, by its name, is data: a *.yaml that is not
    hidden. A name starting with a dot is an editor's or a tool's (Emacs's .#09-paying-taxes.yaml, a
    link to nowhere while the plan is open; a backup), never a plan or a report."""
    return name.endswith(".yaml") and not name.startswith(".")


def data_files_in(folder: Path, below: bool = False) -> list[Path]:
    """The data files of `folder` in path order (and, `below`, of its subfolders as
    walk_data_folder walks them); none when there is no such folder."""
    if not below:
        try:
            return sorted(folder / name for name in os.listdir(folder) if is_data_file_name(name))
        except (FileNotFoundError, NotADirectoryError):
            return []
    found = []
    for parent, _, files in walk_data_folder(folder):
        found.extend(Path(parent, name) for name in files if is_data_file_name(name))
    return sorted(found)


def walk_data_folder(folder: Path):
    """os.walk of `folder` (top-down, folders in name order), hidden folders aside. A linked folder
    is followed, as a linked file is read (a month of the ledger kept elsewhere:
    data/progress/2022-06 -> ../../archive/2022-06; files.gitrev follows it alike in a revision
    and in git's index), unless the folder it leads to is read already: each folder's files are
    read once. So a link adds nothing when it leads back to a folder it is in (a loop), to a
    folder `folder` holds (read where it is: data/progress/latest -> 2022-06), or into a folder an
    earlier link led to (data/progress/2022-06 and 2022-07 -> ../../archive/2022-06: read under
    2022-06). A caller may empty `folders`, as with os.walk, to go no deeper."""
    top = os.fspath(folder)
    own = set()  # the real paths of the folders read where they are, no link on the way
    for parent, folders, _ in os.walk(top):
        folders[:] = [name for name in folders if not name.startswith(".")]
        own.add(os.path.realpath(parent))
    yield from _walk_below(top, (os.path.realpath(top),), own, [])


def _walk_below(parent: str, chain: tuple[str, ...], own: set[str], followed: list[str]):
    """walk_data_folder from `parent`, whose real path and those of the folders above it are `chain`;
    `followed` the real folders that links led to so far (in walk order)."""
    try:
        names = sorted(os.listdir(parent))
    except OSError:  # as os.walk: a folder that cannot be listed holds nothing to read
        return
    folders, files = [], []
    for name in names:
        (folders if os.path.isdir(os.path.join(parent, name)) else files).append(name)
    folders = [name for name in folders if not name.startswith(".")]
    yield parent, folders, files
    for name in folders:
        path = os.path.join(parent, name)
        real = os.path.realpath(path)
        if os.path.islink(path):
            if (any(_within(seen, real) for seen in chain) or real in own
                    or any(_within(real, earlier) for earlier in followed)):
                continue
            followed.append(real)
        yield from _walk_below(path, (*chain, real), own, followed)


def _within(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def shown_path(path: str | os.PathLike) -> str:
    """A path as users should see it: relative to the current folder when it is below it, else as
    given (DataDir.display, and what names a file outside any data folder)."""
    path = Path(path)
    try:
        # The folder is resolved, not the file: a file may be a symlink loop (reported when read).
        return str(path.parent.resolve().joinpath(path.name).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


class DataDirNotFound(Exception):
    """No data folder where one was named or searched for; the message says where it looked.

    Where the user must name one, the message says how in the words of whoever asked: the
    library's (give its path) as `str()` gives it, the command line's with its option (`worded`)."""

    IN_THE_LIBRARYS_WORDS = "give its path (a folder with plans/ and departments.yaml)"

    def __init__(self, looked: str, name_one: bool = False, environment: bool = True, then: str = ""):
        self.looked, self.name_one, self.environment, self.then = looked, name_one, environment, then
        super().__init__(self.worded(self.IN_THE_LIBRARYS_WORDS))

    def worded(self, how_to_name_one: str) -> str:
        """The message, saying how to name a folder as `how_to_name_one` does (and BIZENV_DATA,
        where the search read it)."""
        if not self.name_one:
            return self.looked
        how = f"{how_to_name_one} or set {ENV_VAR}" if self.environment else how_to_name_one
        return f"{self.looked}: {how}{self.then}"


def find_data_dir(option: str | os.PathLike | None = None, environment: bool = True) -> DataDir:
    """--data's folder, else BIZENV_DATA's (unless not `environment`), else the nearest data/ with
    plans/ from the working folder upward, else the copy shipped with bizenv."""
    if option:
        return _checked(Path(option), "option")
    if environment and os.environ.get(ENV_VAR):
        return _checked(Path(os.environ[ENV_VAR]), "environment")
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        candidate = folder / "data"
        if (candidate / "plans").is_dir():
            return _with_plans(DataDir(candidate, "checkout"))
        if folder.name == "data" and (folder / "plans").is_dir():
            return _with_plans(DataDir(folder, "checkout"))
    for shipped in (PACKAGED_DATA, CHECKOUT_DATA):
        if (shipped / "plans").is_dir():
            return DataDir(shipped, "package")
    raise DataDirNotFound("no data folder found", name_one=True, environment=environment)


def folder_to_check(data_dir: DataDir, environment: bool = True) -> DataDir:
    """`data_dir` when it is the user's data, or DataDirNotFound: the copy shipped with bizenv is
    never what a check means. A pre-commit hook in a repository keeping its data in mydata/ passed
    ("ok: 30 files valid (…/bizenv_cli/_data)") on whatever mydata/ held. Without `environment`
    (a search that did not read BIZENV_DATA), the message does not offer BIZENV_DATA."""
    if data_dir.how_found != "package":
        return data_dir
    raise DataDirNotFound(f"no data folder found in {Path.cwd()} or above it (a data/ folder with plans/)",
                          name_one=True, environment=environment,
                          then="; the copy shipped with bizenv answers queries only")


def _checked(path: Path, how: str) -> DataDir:
    if not (path / "plans").is_dir():
        raise DataDirNotFound(f"{path} is not a bizenv data folder: it has no plans/ folder")
    return _with_plans(DataDir(path.resolve(), how))


def _with_plans(data_dir: DataDir) -> DataDir:
    # Checking no plan and printing "ok" (or answering a query with nothing) would hide a wrong folder.
    if not _has_plan_file(data_dir.plans_dir):
        raise DataDirNotFound(f"{data_dir.display(data_dir.plans_dir)} holds no plan files (*.yaml): "
                              "nothing to check or query")
    return data_dir


def _has_plan_file(folder: Path) -> bool:
    # Stops at the first: listing and sorting every path (plan_files) only to learn that there is
    # one would grow with the package.
    try:
        with os.scandir(folder) as entries:
            return any(is_data_file_name(entry.name) for entry in entries)
    except OSError:
        return False


def read_data_file(path: Path, name: str | None = None) -> bytes:
    """The bytes of a data file, or DataError (file:1:1 and why) when `read_regular_file` refuses it."""
    try:
        return read_regular_file(path)
    except OSError as error:
        message = error.strerror if error.errno == errno.EFBIG else f"cannot read file: {error.strerror}"
        raise DataError(Problem(name or str(path), 1, 1, "", message, "yaml")) from None


class NotADataFile(OSError):
    """A path that names no regular file of a sensible size; strerror says why, as the OS's own do."""


def read_regular_file(path: Path, limit: int = MAX_DATA_FILE_BYTES, what: str = "a data file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or OSError (filename and strerror set):
    a FIFO would block forever, /dev/zero never ends, a symlink loop or a folder named *.yaml cannot
    be read. Every reader of data files goes through here; `what` the file is, as a refusal of
    its size says it."""
    # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise NotADataFile(errno.EINVAL, f"{_kind_of(status.st_mode)}, not a regular file", str(path))
        _refuse_size(status.st_size, limit, path, what)
        chunks, size = [], 0
        while size <= limit:  # the file may grow while it is read
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        _refuse_size(size, limit, path, what)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _refuse_size(size: int, limit: int, path: Path, what: str) -> None:
    if size > limit:
        raise NotADataFile(errno.EFBIG, _too_big(size, limit, what), str(path))


def _too_big(size: int, limit: int, what: str = "a data file") -> str:
    return f"the file is {size:,} bytes; {what} may be at most {limit:,} bytes"


def refuse_oversized(size: int, name: str) -> None:
    if size > MAX_DATA_FILE_BYTES:
        raise DataError(Problem(name, 1, 1, "", _too_big(size, MAX_DATA_FILE_BYTES), "yaml"))


def _kind_of(mode: int) -> str:
    for test, kind in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return f"it is {kind}"
    return "it is a special file"
