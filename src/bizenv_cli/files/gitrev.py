"""Data files (plans, the registry, schemas, ledger reports) as they were at a git revision, or as
git's index holds them for the next commit (`write_staged`), read from the repository of the
current folder; and `set_local_config`, which writes a git setting.

Files are read only with plumbing commands (rev-parse, ls-tree, cat-file), whose output does not
change with the user's git configuration. `ls-tree` gives each file's blob id, so a comparison of
two revisions reads (with one `git cat-file --batch`) only the files that differ; a submodule there
is its commit id alone (tree_at), whose files are another repository's. The one command
that writes is `git config --local`, and only into the repository's own .git/config.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


class GitError(Exception):
    """git is missing, the folder is not in a repository, or a revision does not exist."""


def repository_root(folder: Path | None = None) -> Path:
    output = _git(["rev-parse", "--show-toplevel"], folder or Path.cwd(),
                  failure="the current folder is not inside a git repository")
    return Path(output.decode("utf-8").strip())


def path_in_repository(place: Path, repository: Path) -> PurePosixPath | None:
    """Where `place` (a folder or file on disk) sits in the repository, as git names it; None when
    outside it. Symbolic links inside the repository are not followed: at a revision, git's tree
    says where a link leads (tree_at), not what it leads to on this machine now. Links above the
    repository's top (a home folder reached through one) are, as git's own top is real.

    A place at or below the working folder, or above it, is taken first as the shell reached it
    (as_reached): from inside a linked data/ the system gives the link's target as the working
    folder, and a data folder found from there had been placed at the target in every revision."""
    import os

    top = repository.resolve()
    for absolute in dict.fromkeys((as_reached(place), Path(os.path.abspath(place)))):
        if absolute is None:
            continue
        for ancestor in [*reversed(absolute.parents), absolute]:  # from the top down: the first that is git's top
            try:
                if ancestor.resolve() == top:
                    return PurePosixPath(absolute.relative_to(ancestor).as_posix())
            except (OSError, RuntimeError):  # a loop of links: no place of the repository's
                break
    return None


def as_reached(place: Path) -> Path | None:
    """`place` as the shell reached it, through the links $PWD names (POSIX shells keep the working
    folder's path as typed there; the system gives only its real path, and git too): relative to
    $PWD, or an absolute place below a folder $PWD passes through, renamed by that folder. None
    when $PWD does not name the working folder (a program changed it without saying so)."""
    import os

    logical = os.environ.get("PWD", "")
    try:
        if not os.path.isabs(logical) or not os.path.samefile(logical, os.getcwd()):
            return None
    except OSError:
        return None
    if not os.path.isabs(place):
        return Path(os.path.normpath(os.path.join(logical, place)))
    absolute = Path(os.path.abspath(place))
    for ancestor in (Path(logical), *Path(logical).parents):
        real = ancestor.resolve()
        if absolute.is_relative_to(real):
            return ancestor / absolute.relative_to(real)
    return None


def resolve_commit(revision: str, repository: Path) -> str | None:
    """The commit id a revision names, or None when it names none."""
    if not revision or revision.startswith("-"):  # never let a revision be read as an option
        return None
    try:
        output = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], repository, failure="")
    except GitError:
        return None
    return output.decode("ascii").strip() or None


@dataclass(frozen=True)
class Tree:
    """What a folder holds at a commit: its files, and the submodules in it (or the folder itself
    being one), which are another repository's commits, not files of this one."""

    blobs: dict[str, str]  # {path in the repository: blob id}, links followed to the files they name
    submodules: dict[str, str]  # {path in the repository: the submodule's commit id}


def tree_at(commit: str, folder: PurePosixPath, repository: Path, suffix: str = ".yaml",
            recursive: bool = False) -> Tree:
    """The files directly in `folder` at `commit` whose names end in `suffix` (in its subfolders
    too, `recursive`: the ledger's progress/YYYY-MM/), and the submodules there.

    Symbolic links are followed in the revision's own tree, as a checkout of it has them: `folder`
    or a folder above it that is a link there, a link to a file, and (`recursive`) a link to a
    folder, whose files count as if they were below the link (a month of the ledger kept
    elsewhere in the repository). Each folder's files are read once, as on disk: a link back to a
    folder it is in, to a folder `folder` holds, or into one an earlier link led to adds nothing
    (_expanded). GitError (_resolved) for a link out of the repository, to what the
    revision does not hold, or into a loop: what another clone of that commit finds there is not
    known.

    Two files with one blob id have the same bytes: a caller comparing revisions reads and parses
    only the files whose blob ids differ. A submodule's files are not in this repository's objects
    (its commit is), and what a checkout has in its folder is not that revision's: a caller names
    a submodule rather than read anything for it.
    """
    listing = _listing(commit, folder, repository, recursive)
    place, held = folder.as_posix(), None
    if not listing:
        # No such folder in that revision, or one that is a symbolic link there (or sits in a
        # linked one): git's tree decides where the link leads, not this machine's folder.
        held = _held_at(commit, repository)
        resolved = _resolved(place, held, "a folder", folder_only=True)
        if resolved is not None and resolved[1] is None and resolved[0] != place:
            place = resolved[0]
            listing = _listing(commit, PurePosixPath(place or "."), repository, recursive)
    entries = {**_tree_entries(listing), **_tree_entries(listing, kind=b"commit")}
    if held is None and any(mode == _LINK for mode, _ in entries.values()):
        held = _held_at(commit, repository)
    entries = _expanded(entries, held, suffix, recursive, (place,))

    def where_named(path: str) -> str:
        # Named where the folder was asked for (data/progress/…), as a checkout shows it.
        return _moved(path, place, folder.as_posix())

    return Tree({where_named(path): object_id for path, (mode, object_id) in entries.items() if mode != _SUBMODULE},
                {where_named(path): object_id for path, (mode, object_id) in entries.items() if mode == _SUBMODULE})


def _listing(commit: str, folder: PurePosixPath, repository: Path, recursive: bool) -> bytes:
    return _git(["ls-tree", *(["-r"] if recursive else []), "-z", commit, "--", f"{folder.as_posix()}/"],
                repository, failure=f"cannot list {folder} at {commit}")


@dataclass(frozen=True)
class _Held:
    """Everything a commit's tree or git's index holds, for following links through it."""

    entries: dict[str, tuple[bytes, str]]  # {path: (mode, object id)}: files, links, submodules
    folders: frozenset[str]
    holder: str  # as messages name it: "that revision", "git's index"
    repository: Path


def _held_at(commit: str, repository: Path) -> _Held:
    listing = _git(["ls-tree", "-r", "-t", "-z", commit], repository, failure=f"cannot list {commit}")
    return _Held({**_tree_entries(listing), **_tree_entries(listing, kind=b"commit")},
                 frozenset(_tree_entries(listing, kind=b"tree")), "that revision", repository)


def _held_in_index(repository: Path) -> _Held:
    entries = _index_entries(_git(["ls-files", "--stage", "-z"], repository,
                                  failure="cannot list the files git's index holds"))
    # The index lists files alone: its folders are the ones they sit in.
    folders = {"/".join(path.split("/")[:end]) for path in entries for end in range(1, path.count("/") + 1)}
    return _Held(entries, frozenset(folders), "git's index", repository)


# Modes in git: a symbolic link's (its blob holds the path it names, not the file's contents) and a
# submodule's (its object is a commit of another repository). An index entry that is unmerged has
# several versions and no mode of its own: _UNMERGED stands for them.
_LINK = b"120000"
_SUBMODULE = b"160000"
_UNMERGED = b"unmerged"


def _tree_entries(listing: bytes, kind: bytes = b"blob") -> dict[str, tuple[bytes, str]]:
    """{path: (mode, object id)} of the files (and links) in `git ls-tree -z` output; of its
    folders with kind b"tree", of its submodules with kind b"commit"."""
    entries = {}
    for entry in listing.split(b"\0"):
        # "<mode> SP <type> SP <object id> TAB <path>"
        header, _, name = entry.partition(b"\t")
        fields = header.split()
        if len(fields) == 3 and fields[1] == kind:
            entries[name.decode("utf-8")] = (fields[0], fields[2].decode("ascii"))
    return entries


def _within(path: str, folder: str) -> bool:
    return folder == "" or path == folder or path.startswith(f"{folder}/")


def _moved(path: str, place: str, folder: str) -> str:
    """`path`, below `place`, named below `folder` instead (where a link to `place` sits)."""
    if place == folder:
        return path
    inner = path if place == "" else path[len(place) + 1:]
    return f"{folder}/{inner}" if folder else inner


def _expanded(entries: dict[str, tuple[bytes, str]], held: _Held | None, suffix: str, recursive: bool,
              visiting: tuple[str, ...], followed: list[str] | None = None) -> dict[str, tuple[bytes, str]]:
    """The files of `entries` (a folder's listing) whose names end in `suffix`, and its submodules,
    each symbolic link replaced by what it leads to in `held` (the whole tree or index the entries
    come from), as a checkout reads it: a link to a file by that file; with `recursive`, a link
    to a folder by that folder's files, named below the link. A link's blob is the path it names,
    which read as data was "no plan file" or, checked in a mirror, a file of this machine's.

    Each folder's files are read once, as on disk (files.datadir.walk_data_folder): a link adds
    nothing when it leads to a folder being read (`visiting`: the one listed, and those linked
    folders that led here) or above one, to a folder the one listed holds (not hidden: read where it
    is), or into one an earlier link led to (`followed`, in path order). A link in a hidden folder
    is not followed: nothing there is data, and on disk it is never reached."""
    import posixpath

    followed = [] if followed is None else followed
    found = {}
    for path, (mode, object_id) in entries.items():
        named_as_data = path.endswith(suffix)
        if mode != _LINK:
            if named_as_data or mode == _SUBMODULE:
                found[path] = (mode, object_id)
            continue
        if not (named_as_data or recursive) or _hidden(path, visiting[-1]):
            # Hidden is never data (files.datadir.is_data_file_name), nor is a hidden folder's: an
            # editor's lock file (.#02-x.yaml) is a link to nowhere while the plan is open.
            continue
        # A name with an extension (02-x.yaml) is read as a file's, else as a folder's (2022-06).
        place, entry = _resolved(path, held, "a file" if PurePosixPath(path).suffix else "a folder")
        if entry is not None:
            if named_as_data or entry[0] == _SUBMODULE:
                found[path] = entry
            continue
        if not recursive:
            raise GitError(f"{path} is a symbolic link to the folder {place or '.'}, not a file")
        if (any(_within(folder, place) for folder in (*visiting, posixpath.dirname(path)))
                or (_within(place, visiting[0]) and not _hidden(place, visiting[0]))
                or any(_within(place, earlier) for earlier in followed)):
            continue  # the files of `place` are read where they are, or where a link led first
        followed.append(place)
        below = {inner: held_entry for inner, held_entry in held.entries.items()
                 if _within(inner, place) and inner != place}
        for inner, held_entry in _expanded(below, held, suffix, recursive, (*visiting, place), followed).items():
            found[_moved(inner, place, path)] = held_entry
    return found


def _hidden(path: str, folder: str) -> bool:
    """Whether `path`, below `folder`, is hidden there or sits in a hidden folder of it (an editor's
    lock file, .#02-x.yaml, a link to nowhere while the plan is open): never data."""
    inner = path if folder == "" else path[len(folder) + 1:]
    return any(part.startswith(".") for part in inner.split("/"))


def _resolved(path: str, held: _Held, what: str,
              folder_only: bool = False) -> tuple[str, tuple[bytes, str] | None] | None:
    """Where `path` leads in `held`, every symbolic link on the way followed, as a checkout has
    it: (its place, its entry) for a file or a submodule, (its place, None) for a folder; None
    when `path` is nothing and no link led there (the caller says so). `what` the caller expects
    there ("a file", "a folder"), as a message names it.

    GitError when a link leads outside the repository (an absolute path, or ../ past its top), to
    nothing `held` holds, to a file where a folder is read (anywhere on the way, and at the end
    with `folder_only`), or into a loop: git stores the link, and what another clone of that
    commit would find there is not known."""
    import posixpath

    parts, done, link = path.split("/"), 0, None
    for _ in range(_MAX_LINKS):
        # The folders of the path in turn, up to the first that is a link.
        while done < len(parts):
            place = "/".join(parts[:done + 1])
            entry = held.entries.get(place)
            if entry is not None and entry[0] == _LINK:
                break
            last = done == len(parts) - 1
            if entry is not None and last and not (folder_only and link is not None):
                return place, entry
            if entry is None and place in held.folders:
                done += 1
                continue
            if link is None:
                return None
            if entry is not None:
                raise GitError(f"{link[0]} is a symbolic link to {link[1]}, a file, not a folder")
            raise GitError(f"{link[0]} is a symbolic link to {link[1]}, {what} {held.holder} does not hold")
        else:
            return "/".join(parts), None
        target = read_blobs([entry[1]], held.repository)[0].decode("utf-8", "replace")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(place), target))
        if posixpath.isabs(target) or resolved == ".." or resolved.startswith("../"):
            named = what.replace("a ", "the ", 1)
            raise GitError(f"{place} is a symbolic link to {target}, outside the repository: {held.holder} holds "
                           f"the link, not {named} it names (commit {named} itself)")
        link = (place, target)
        parts, done = [*([] if resolved == "." else resolved.split("/")), *parts[done + 1:]], 0
    raise GitError(f"{path} is a loop of symbolic links")


# As many links as Linux follows in one path (MAXSYMLINKS).
_MAX_LINKS = 40


def blobs_at(commit: str, folder: PurePosixPath, repository: Path, suffix: str = ".yaml",
             recursive: bool = False) -> dict[str, str]:
    """tree_at's files alone: {path in the repository: blob id}."""
    return tree_at(commit, folder, repository, suffix, recursive).blobs


def data_tree_at(commit: str, folder: PurePosixPath, repository: Path, recursive: bool = False) -> Tree:
    """tree_at's data files only, as the folder on disk has them (files.datadir.data_files_in): an
    editor's hidden file (.#02-x.yaml, a backup .02-old.yaml), or one in a hidden folder, committed
    by mistake is no plan or report of the revision either; nor is a hidden submodule."""
    from bizenv_cli.files.datadir import is_data_file_name

    def hidden(parts) -> bool:
        return any(part.startswith(".") for part in parts)

    def is_data(path: str) -> bool:
        *folders, name = PurePosixPath(path).relative_to(folder).parts
        return is_data_file_name(name) and not hidden(folders)

    tree = tree_at(commit, folder, repository, recursive=recursive)
    return Tree({path: blob for path, blob in tree.blobs.items() if is_data(path)},
                {path: held for path, held in tree.submodules.items()
                 if not hidden(PurePosixPath(path).relative_to(folder).parts)})


def blob_at(commit: str, path: PurePosixPath, repository: Path) -> str | None:
    """The blob id of one file at `commit`, or None when the revision has no such file."""
    blobs = blobs_at(commit, path.parent, repository, suffix=path.name)
    return blobs.get(path.as_posix())


def read_blobs(blob_ids: list[str], repository: Path) -> list[bytes]:
    """The contents of these blobs, in order, read by one `git cat-file --batch`."""
    if not blob_ids:
        return []
    request = "".join(f"{blob}\n" for blob in blob_ids).encode("ascii")
    output = _git(["cat-file", "--batch"], repository, failure="cannot read files from git", stdin=request)
    return _split_batch(output, len(blob_ids))


def write_staged(folders: list[PurePosixPath], repository: Path, target: Path) -> dict[str, str]:
    """Write every file git's index holds below `folders` (paths in the repository) into `target`,
    at the same paths: the files as the next commit will hold them, whatever the working tree
    holds (unstaged edits, untracked files, a file removed with `git rm --cached`). GitError when a
    file is unmerged (the index holds no one version).

    Symbolic links are followed in the index as tree_at follows them in a revision, so that the
    hook checks what `diff` reads once the commit is made: a folder of `folders` that is a link
    there (data/progress -> ../ledger, data itself), a link to a file, a link to a folder (its
    files written below the link); a link out of the repository, to what the index does not hold,
    or into a loop is GitError (an absolute link had passed any data: this machine's file was read).

    Returns the submodules below `folders` ({path: commit id}): the index holds another
    repository's commit there, no file, so nothing of them is written and the caller names them."""
    held = _held_in_index(repository)
    files: dict[str, tuple[bytes, str]] = {}
    for folder in folders:
        asked = folder.as_posix()
        resolved = _resolved(asked, held, "a folder", folder_only=True)
        if resolved is None or resolved[1] is not None:
            continue  # the index holds no such folder
        place = resolved[0]
        below = {path: entry for path, entry in held.entries.items() if _within(path, place) and path != place}
        files.update((_moved(path, place, asked), entry)
                     for path, entry in _expanded(below, held, "", True, (place,)).items())
    for path, (mode, _) in files.items():
        if mode == _UNMERGED:
            raise GitError(f"{path} is unmerged in git's index: resolve it and stage the result")
    paths = [path for path, (mode, _) in files.items() if mode != _SUBMODULE]
    for path, content in zip(paths, read_blobs([files[path][1] for path in paths], repository)):
        written = target / path
        written.parent.mkdir(parents=True, exist_ok=True)
        written.write_bytes(content)
    return {path: object_id for path, (mode, object_id) in files.items() if mode == _SUBMODULE}


def _index_entries(listing: bytes) -> dict[str, tuple[bytes, str]]:
    """{path: (mode, object id)} of the files, links and submodules in `git ls-files --stage -z`
    output; an unmerged file (several versions, none of them the commit's) as (_UNMERGED, "")."""
    entries = {}
    for entry in listing.split(b"\0"):
        # "<mode> SP <object id> SP <stage> TAB <path>"
        header, _, name = entry.partition(b"\t")
        fields = header.split()
        if len(fields) != 3:
            continue
        path = name.decode("utf-8")
        if fields[2] != b"0":
            entries[path] = (_UNMERGED, "")
        elif fields[0] in (b"100644", b"100755", _LINK, _SUBMODULE):
            entries[path] = (fields[0], fields[1].decode("ascii"))
    return entries


def set_local_config(repository: Path, key: str, value: str) -> None:
    """Set `key` in the repository's own config (.git/config), not the user's."""
    _git(["config", "--local", key, value], repository, failure=f"cannot set {key}")


def _split_batch(output: bytes, count: int) -> list[bytes]:
    # Each object comes as "<sha> <type> <size>\n<content>\n".
    contents, position = [], 0
    for _ in range(count):
        header_end = output.index(b"\n", position)
        header = output[position:header_end].split()
        if len(header) != 3:
            raise GitError(f"unexpected answer from git cat-file: {output[position:header_end]!r}")
        size = int(header[2])
        contents.append(output[header_end + 1: header_end + 1 + size])
        position = header_end + 1 + size + 1
    return contents


def _git(arguments: list[str], folder: Path, failure: str, stdin: bytes | None = None) -> bytes:
    try:
        completed = subprocess.run(["git", "-C", str(folder), *arguments], input=stdin, capture_output=True,
                                   check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"{failure}: {message}" if message and failure else failure or message)
    return completed.stdout
