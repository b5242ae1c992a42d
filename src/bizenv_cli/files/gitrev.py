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
    repository's top (a home folder reached through one) are, as git's own top is real."""
    import os

    top = repository.resolve()
    absolute = Path(os.path.abspath(place))
    for ancestor in [*reversed(absolute.parents), absolute]:  # from the top down: the first that is git's top
        try:
            if ancestor.resolve() == top:
                return PurePosixPath(absolute.relative_to(ancestor).as_posix())
        except (OSError, RuntimeError):  # a loop of links: no place of the repository's
            return None
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

    Two files with one blob id have the same bytes: a caller comparing revisions reads and parses
    only the files whose blob ids differ. A submodule's files are not in this repository's objects
    (its commit is), and what a checkout has in its folder is not that revision's: a caller names
    a submodule rather than read anything for it.
    """
    listing = _listing(commit, folder, repository, recursive)
    place = folder
    if not listing:
        # No such folder in that revision, or one that is a symbolic link there (or sits in a
        # linked one): git's tree decides where the link leads, not this machine's folder.
        place = _folder_through_links(commit, folder, repository)
        if place != folder:
            listing = _listing(commit, place, repository, recursive)
    entries = {path: held for path, held in _tree_entries(listing).items() if path.endswith(suffix)}
    if any(mode == _LINK for mode, _ in entries.values()):
        whole = _tree_entries(_git(["ls-tree", "-r", "-z", commit], repository, failure=f"cannot list {commit}"))
        entries = _links_followed(entries, whole, repository, "that revision")

    def where_named(path: str) -> str:
        # Named where the folder was asked for (data/progress/…), as a checkout shows it.
        return (folder / PurePosixPath(path).relative_to(place)).as_posix() if place != folder else path

    return Tree({where_named(path): object_id for path, (_, object_id) in entries.items()},
                {where_named(path): held for path, held in _tree_entries(listing, kind=b"commit").items()})


def _listing(commit: str, folder: PurePosixPath, repository: Path, recursive: bool) -> bytes:
    return _git(["ls-tree", *(["-r"] if recursive else []), "-z", commit, "--", f"{folder.as_posix()}/"],
                repository, failure=f"cannot list {folder} at {commit}")


def _folder_through_links(commit: str, folder: PurePosixPath, repository: Path) -> PurePosixPath:
    """Where `folder` is at `commit` when it, or a folder above it, is a symbolic link there: the
    folder its link leads to in that revision (as a checkout of it has it), else `folder` itself.

    GitError, as for a linked file (_links_followed), when a link leads outside the repository, to
    nothing that revision holds or to a file, or into a loop."""
    import posixpath

    listing = _git(["ls-tree", "-r", "-t", "-z", commit], repository, failure=f"cannot list {commit}")
    held = {**_tree_entries(listing, kind=b"tree"), **_tree_entries(listing)}
    parts, done, link = list(folder.parts), 0, None
    for _ in range(_MAX_LINKS):
        # The folders of the path in turn, up to the first that is a link.
        while done < len(parts):
            place = "/".join(parts[:done + 1])
            mode, object_id = held.get(place, (None, None))
            if mode == _LINK:
                break
            if mode != _FOLDER:
                if link is None:
                    return folder  # no such folder, and no link led there: the caller says so
                what = "a folder that revision does not hold" if mode is None else "a file, not a folder"
                raise GitError(f"{link[0]} is a symbolic link to {link[1]}, {what}")
            done += 1
        else:
            return PurePosixPath("/".join(parts))
        link = (place, read_blobs([object_id], repository)[0].decode("utf-8", "replace"))
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(place), link[1]))
        if posixpath.isabs(link[1]) or resolved == ".." or resolved.startswith("../"):
            raise GitError(f"{place} is a symbolic link to {link[1]}, outside the repository: that revision holds "
                           "the link, not the folder it names (commit the folder itself)")
        parts, done = [*([] if resolved == "." else resolved.split("/")), *parts[done + 1:]], 0
    raise GitError(f"{folder} is a loop of symbolic links")


def blobs_at(commit: str, folder: PurePosixPath, repository: Path, suffix: str = ".yaml",
             recursive: bool = False) -> dict[str, str]:
    """tree_at's files alone: {path in the repository: blob id}."""
    return tree_at(commit, folder, repository, suffix, recursive).blobs


# A symbolic link's mode in git: its blob holds the path it names, not the file's contents.
_LINK = b"120000"
# A folder's (a tree's) mode, and a submodule's (its object is a commit of another repository).
_FOLDER = b"040000"
_SUBMODULE = b"160000"


def _tree_entries(listing: bytes, kind: bytes = b"blob") -> dict:
    """{path: (mode, object id)} of the files (and links) in `git ls-tree -z` output, or of its
    folders (kind b"tree"); with kind b"commit", {path: commit id} of its submodules."""
    entries = {}
    for entry in listing.split(b"\0"):
        # "<mode> SP <type> SP <object id> TAB <path>"
        header, _, name = entry.partition(b"\t")
        fields = header.split()
        if len(fields) == 3 and fields[1] == kind:
            object_id = fields[2].decode("ascii")
            entries[name.decode("utf-8")] = object_id if kind == b"commit" else (fields[0], object_id)
    return entries


def _links_followed(entries: dict[str, tuple[bytes, str]], held: dict[str, tuple[bytes, str]], repository: Path,
                    holder: str) -> dict[str, tuple[bytes, str]]:
    """`entries` with each symbolic link replaced by the file it leads to in `held` (the whole tree
    or index the entries come from), as a checkout would read it: a link's blob is the path it
    names, which read as data was "no plan file" or, checked in a mirror, a file of this machine's.

    GitError when a link leads outside the repository (an absolute path, or ../ past its top) or
    to a file `holder` does not hold: what another clone of that commit would find there is not
    known."""
    import posixpath

    followed = {}
    for path, (mode, object_id) in entries.items():
        place = path
        for _ in range(_MAX_LINKS):
            if mode != _LINK:
                break
            target = read_blobs([object_id], repository)[0].decode("utf-8", "replace")
            place = posixpath.normpath(posixpath.join(posixpath.dirname(place), target))
            if posixpath.isabs(target) or place == ".." or place.startswith("../"):
                raise GitError(f"{path} is a symbolic link to {target}, outside the repository: {holder} holds "
                               "the link, not the file it names (commit the file itself)")
            if place not in held:
                if any(other.startswith(f"{place}/") for other in held):
                    raise GitError(f"{path} is a symbolic link to the folder {target}, which bizenv does not follow "
                                   "in git: keep the data in the folder itself")
                raise GitError(f"{path} is a symbolic link to {target}, a file {holder} does not hold")
            mode, object_id = held[place]
        else:
            raise GitError(f"{path} is a loop of symbolic links")
        followed[path] = (mode, object_id)
    return followed


# As many links as Linux follows in one path (MAXSYMLINKS).
_MAX_LINKS = 40


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

    Returns the submodules below `folders` ({path: commit id}): the index holds another
    repository's commit there, no file, so nothing of them is written and the caller names them."""
    listing = _git(["ls-files", "--stage", "-z", "--", *(folder.as_posix() for folder in folders)], repository,
                   failure="cannot list the files git's index holds")
    entries = _index_entries(listing)
    if any(mode == _LINK for mode, _ in entries.values()):
        # A link is written as the file it leads to in the index: what the commit holds there, not
        # what this machine has where the link points (an absolute link had passed any data).
        whole = _index_entries(_git(["ls-files", "--stage", "-z"], repository,
                                    failure="cannot list the files git's index holds"), unmerged_refused=False)
        entries = _links_followed(entries, whole, repository, "git's index")
    paths = list(entries)
    for path, content in zip(paths, read_blobs([entries[path][1] for path in paths], repository)):
        written = target / path
        written.parent.mkdir(parents=True, exist_ok=True)
        written.write_bytes(content)
    return _index_entries(listing, kind=_SUBMODULE)


def _index_entries(listing: bytes, unmerged_refused: bool = True, kind: bytes | None = None) -> dict:
    """{path: (mode, blob id)} of the files and links in `git ls-files --stage -z` output; no
    submodules (with `kind` _SUBMODULE, {path: commit id} of those alone). GitError when a file is
    unmerged (the index holds no one version of it), else (`unmerged_refused` False: the files a
    link may lead to) such a file is left out."""
    entries = {}
    for entry in listing.split(b"\0"):
        # "<mode> SP <object id> SP <stage> TAB <path>"
        header, _, name = entry.partition(b"\t")
        fields = header.split()
        if len(fields) != 3:
            continue
        path = name.decode("utf-8")
        if fields[2] != b"0":
            if not unmerged_refused:
                continue
            raise GitError(f"{path} is unmerged in git's index: resolve it and stage the result")
        if kind is not None:
            if fields[0] == kind:
                entries[path] = fields[1].decode("ascii")
        elif fields[0] in (b"100644", b"100755", _LINK):  # files and links; not submodules
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
