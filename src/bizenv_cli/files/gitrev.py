"""Data files (plans, the registry, schemas, ledger reports) as they were at a git revision, or as
git's index holds them for the next commit (`write_staged`), read from the repository of the
current folder; and `set_local_config`, which writes a git setting.

Files are read only with plumbing commands (rev-parse, ls-tree, cat-file), whose output does not
change with the user's git configuration. `ls-tree` gives each file's blob id, so a comparison of
two revisions reads (with one `git cat-file --batch`) only the files that differ. The one command
that writes is `git config --local`, and only into the repository's own .git/config.
"""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath


class GitError(Exception):
    """git is missing, the folder is not in a repository, or a revision does not exist."""


def repository_root(folder: Path | None = None) -> Path:
    output = _git(["rev-parse", "--show-toplevel"], folder or Path.cwd(),
                  failure="the current folder is not inside a git repository")
    return Path(output.decode("utf-8").strip())


def resolve_commit(revision: str, repository: Path) -> str | None:
    """The commit id a revision names, or None when it names none."""
    if not revision or revision.startswith("-"):  # never let a revision be read as an option
        return None
    try:
        output = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], repository, failure="")
    except GitError:
        return None
    return output.decode("ascii").strip() or None


def blobs_at(commit: str, folder: PurePosixPath, repository: Path, suffix: str = ".yaml",
             recursive: bool = False) -> dict[str, str]:
    """{path in the repository: blob id} of the files directly in `folder` at `commit` (in its
    subfolders too, `recursive`: the ledger's progress/YYYY-MM/).

    Two files with one blob id have the same bytes: a caller comparing revisions reads and parses
    only the files whose blob ids differ.
    """
    listing = _git(["ls-tree", *(["-r"] if recursive else []), "-z", commit, "--", f"{folder.as_posix()}/"],
                   repository, failure=f"cannot list {folder} at {commit}")
    blobs: dict[str, str] = {}
    for entry in listing.split(b"\0"):
        # "<mode> SP <type> SP <object id> TAB <path>"
        header, _, name = entry.partition(b"\t")
        fields = header.split()
        if len(fields) == 3 and fields[1] == b"blob" and name.endswith(suffix.encode()):
            blobs[name.decode("utf-8")] = fields[2].decode("ascii")
    return blobs


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


def write_staged(folders: list[PurePosixPath], repository: Path, target: Path) -> None:
    """Write every file git's index holds below `folders` (paths in the repository) into `target`,
    at the same paths: the files as the next commit will hold them, whatever the working tree
    holds (unstaged edits, untracked files, a file removed with `git rm --cached`). GitError when a
    file is unmerged (the index holds no one version)."""
    listing = _git(["ls-files", "--stage", "-z", "--", *(folder.as_posix() for folder in folders)], repository,
                   failure="cannot list the files git's index holds")
    entries = []
    for entry in listing.split(b"\0"):
        # "<mode> SP <object id> SP <stage> TAB <path>"
        header, _, name = entry.partition(b"\t")
        fields = header.split()
        if len(fields) != 3:
            continue
        path = name.decode("utf-8")
        if fields[2] != b"0":
            raise GitError(f"{path} is unmerged in git's index: resolve it and stage the result")
        if fields[0] in (b"100644", b"100755", b"120000"):  # files and links; not submodules
            entries.append((fields[0], fields[1].decode("ascii"), path))
    for (mode, _, path), content in zip(entries, read_blobs([blob for _, blob, _ in entries], repository)):
        written = target / path
        written.parent.mkdir(parents=True, exist_ok=True)
        if mode == b"120000":  # a link: its target, as git stores it
            written.symlink_to(content.decode("utf-8"))
        else:
            written.write_bytes(content)


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
