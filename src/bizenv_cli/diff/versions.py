"""The two versions `bizenv diff` compares: a plan file, a data folder or a git revision, each known
by its files' git blob ids, so that files with the same bytes on both sides are never read or
parsed; the rest are loaded strictly and checked against the schemas before diff.plan compares them.

Nothing here prints: a version that cannot be read as asked raises VersionError (the CLI's usage
error), and data that breaks the schema raises InvalidVersions with validate's problems for every
file, so that one run names them all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from bizenv_cli.files.datadir import DataDir, data_files_in
from bizenv_cli.ledger.format import SCHEMA_FILE as LEDGER_SCHEMA_FILE
from bizenv_cli.store.datafile import SCHEMA_FILES


class VersionError(Exception):
    """A version that cannot be read as asked: no such file, folder or revision; not a data folder."""


class InvalidVersions(Exception):
    """Files of either version that break the schema (or are not readable YAML): nothing is
    compared, since a diff of half the files would read as the whole change."""

    def __init__(self, problems: list) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column))


@dataclass
class VersionFile:
    """One data file of a side, known by its content id before anyone reads or parses it."""

    name: str  # as messages show it: a path, or REVISION:path
    content_id: str  # git's blob id: the same id means the same bytes
    raw: bytes | None = None  # None until read: a file in a git revision is read only when needed
    repository: Path | None = None  # where to read it from, for a file in a git revision
    # Why the file on disk is invalid data before any parsing (over the size a data file may
    # have), as validate says it: the same bytes in a git revision are refused by the loader alike.
    problem: object | None = None


@dataclass
class PlanVersion:
    """One side of a comparison: the plan files (and registry) of a file, a folder or a git revision."""

    name: str
    plans: list[VersionFile]
    registry: VersionFile | None = None  # data/departments.yaml; None when the side is one plan file
    # A data folder or a revision, where the registry has its place: one it lacks while the other
    # side has one was removed (or not yet added), every body with it. A plan file, or a folder of
    # plan files alone, has no such place.
    registry_expected: bool = False
    single: bool = False  # the side is one plan file: only its document is compared
    # A git revision's own schemas (file name -> blob id, None where it has none): the files of a
    # revision written for other schemas may not pass the ones in use, and the CLI says why.
    schemas: dict[str, str | None] | None = None
    # A git revision's data folder, where its plans were read (its ledger is read there too).
    data_root: Path | None = None
    # The git submodules among its plans (another repository's files, never read): named in a note.
    submodules: list[Submodule] = field(default_factory=list)


@dataclass(frozen=True)
class Submodule:
    """A git submodule where a side keeps data: another repository's commit, whose files are not
    this repository's; what a checkout has in its folder is no revision's, so nothing is read."""

    side: str  # the version's name (HEAD, data)
    path: str  # in the repository, or on disk
    commit: str | None  # the submodule's commit in a revision; None for a checkout's folder on disk


def submodule_notes(submodules: list[Submodule]) -> list[str]:
    """One line for each submodule path, naming where each side holds it (the CLI's notes)."""
    by_path: dict[str, dict[str, str | None]] = {}
    for submodule in submodules:
        by_path.setdefault(submodule.path, {})[submodule.side] = submodule.commit
    notes = []
    for path, sides in by_path.items():
        at: dict[str, list[str]] = {}
        for side, commit in sides.items():
            at.setdefault(f"commit {commit[:7]}" if commit else "checked out", []).append(side)
        where = "; ".join(f"{what} in {' and '.join(names)}" for what, names in at.items())
        notes.append(f"{path} is a git submodule ({where}): another repository's files, which diff does not "
                     "read; compare them in that repository")
    return notes


# --- the sides --------------------------------------------------------------------------------

def version_of(spec: str, data_dir: DataDir | None, beside: str | None = None) -> PlanVersion:
    """The version `spec` names: a plan file, a data folder (or its plans/ folder), else a git
    revision of the repository around the current folder, whose plans are read where `data_dir`'s
    sit in it; with no data folder of the user's in use, where the plans of `beside` (the other
    side, a folder or a plan file) sit; else at data/plans."""
    path = Path(spec)
    if path.is_file():
        return PlanVersion(spec, [_disk_file(str(path), path)], single=True)
    if path.is_dir():
        plans = _plans_folder_on_disk(path)
        files = data_files_in(plans)
        if not files:
            raise VersionError(f"{spec} is not a data folder: it has no plans/ folder and no .yaml files")
        # The registry sits beside plans/ (in the folder given, or above it when plans/ itself was given).
        registry = plans.parent / "departments.yaml"
        return PlanVersion(spec, [_disk_file(str(file), file) for file in files],
                           registry=_disk_file(str(registry), registry) if registry.is_file() else None,
                           registry_expected=plans != path or path.name == "plans")
    return _revision(spec, data_dir, beside)


def working_tree(data_dir: DataDir) -> PlanVersion:
    """The data folder in use, as it is on disk."""
    registry = data_dir.departments_file
    return PlanVersion(data_dir.display(data_dir.root),
                       [_disk_file(data_dir.display(file), file) for file in data_dir.plan_files()],
                       registry=_disk_file(data_dir.display(registry), registry) if registry.is_file() else None,
                       registry_expected=True)


def _plans_folder_on_disk(path: Path) -> Path:
    """The plans of a folder given as a side: its plans/ folder, or the folder itself."""
    return path / "plans" if (path / "plans").is_dir() else path


def plans_folder_in_repository(data_dir: DataDir | None, repository: Path,
                               beside: str | None = None) -> tuple[PurePosixPath, str]:
    """Where a revision's plans sit in the repository, and what says so (for a message): where the
    data folder in use sits; with none of the user's in use (the copy shipped with bizenv answers
    queries, it is no place in the repository), where the other side's plans sit, so that `diff
    HEAD mydata` compares mydata with itself at HEAD; else data/plans. The place is where the folder
    sits, a link there unfollowed: each revision's tree says where its link leads (gitrev.tree_at)."""
    from bizenv_cli.files.gitrev import path_in_repository

    places: list[tuple[Path, str]] = []
    if data_dir is not None and data_dir.how_found != "package":
        places.append((data_dir.plans_dir, "where the data folder in use keeps them"))
    if beside is not None and Path(beside).exists():
        other = Path(beside)
        places.append((other.parent if other.is_file() else _plans_folder_on_disk(other), f"where {beside} sits"))
    for place, why in places:
        inside = path_in_repository(place, repository)
        if inside is not None:
            return inside, why
    return PurePosixPath("data/plans"), ("where bizenv looks when no data folder in use is in this repository "
                                        "(--data DIR names one)")


def _revision(spec: str, data_dir: DataDir | None, beside: str | None = None) -> PlanVersion:
    from bizenv_cli.files.gitrev import GitError, blob_at, blobs_at, data_tree_at, repository_root, resolve_commit

    try:
        repository = repository_root()
    except GitError as error:
        raise VersionError(f"{spec}: no such file or folder, and not a git revision ({error})") from None
    commit = resolve_commit(spec, repository)
    if commit is None:
        raise VersionError(f"{spec}: no such file or folder, and not a revision of the git repository {repository}")
    plans_folder, why_there = plans_folder_in_repository(data_dir, repository, beside)
    try:
        tree = data_tree_at(commit, plans_folder, repository)
        registry_path = plans_folder.parent / "departments.yaml"
        registry_blob = blob_at(commit, registry_path, repository)
        schemas_folder = plans_folder.parent.parent / "schemas"
        in_folder = blobs_at(commit, schemas_folder, repository, suffix=".json")  # one git call for both
        # The ledger's reports of a revision are checked by the schema in use too (diff.ledger).
        schemas = {name: in_folder.get((schemas_folder / name).as_posix())
                   for name in (*SCHEMA_FILES.values(), LEDGER_SCHEMA_FILE)}
    except GitError as error:
        raise VersionError(f"{spec}: {error}") from None
    if plans_folder.as_posix() in tree.submodules:
        # Its files are another repository's (the revision holds its commit alone), and the folder
        # on disk holds a checkout of whatever commit of it, not this revision's plans.
        raise VersionError(f"{spec} holds {plans_folder} as a git submodule (commit "
                           f"{tree.submodules[plans_folder.as_posix()][:7]} of another repository), not as "
                           "files of this one: diff reads a revision's plans from git; compare them in that "
                           "repository")
    if not tree.blobs:
        # As a folder with no plans is no data folder: comparing would call every plan new (a copy of
        # the data made after that commit, an office/ folder of the ledger's tour, holds none in git).
        raise VersionError(f"{spec} holds no plans in {plans_folder}/, {why_there}; "
                           "name the folder or file to compare it with")
    plans = [VersionFile(f"{spec}:{path}", blob, repository=repository) for path, blob in sorted(tree.blobs.items())]
    registry = VersionFile(f"{spec}:{registry_path}", registry_blob, repository=repository) if registry_blob else None
    return PlanVersion(spec, plans, registry=registry, registry_expected=True, schemas=schemas,
                       data_root=repository / plans_folder.parent,
                       submodules=[Submodule(spec, path, commit) for path, commit in sorted(tree.submodules.items())])


def schemas_differ(version: PlanVersion, data_dir: DataDir) -> list[str]:
    """The schema files of a git revision whose bytes differ from the ones in use (none for a file
    or a folder on disk, whose schemas are those in use)."""
    if version.schemas is None:
        return []
    differ = []
    for name, blob in version.schemas.items():
        try:
            current = _blob_id((data_dir.schemas_dir / name).read_bytes())
        except OSError:
            current = None
        if blob != current:
            differ.append(name)
    return differ


def _disk_file(name: str, path: Path) -> VersionFile:
    import errno

    from bizenv_cli.files.datadir import NotADataFile, read_regular_file
    from bizenv_cli.files.problems import Problem

    try:
        raw = read_regular_file(path)  # a FIFO or a device is refused, not read forever
    except NotADataFile as error:
        if error.errno != errno.EFBIG:
            raise VersionError(f"cannot read {path}: {error.strerror}") from None
        # Too big to be data: invalid data (exit 1, validate's line), as the same file committed is.
        return VersionFile(name, f"unread:{name}", problem=Problem(name, 1, 1, "", error.strerror, "yaml"))
    except OSError as error:
        raise VersionError(f"cannot read {path}: {error.strerror}") from None
    return VersionFile(name, _blob_id(raw), raw)


def _blob_id(raw: bytes) -> str:
    # The id git gives these bytes as a blob (SHA-1 object format), so that a file on disk and its
    # version in a revision compare equal without reading the revision. In a SHA-256 repository the
    # ids never match, and every file is simply parsed: slower, never wrong.
    import hashlib

    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


# --- the comparison ---------------------------------------------------------------------------

def compare(before: PlanVersion, after: PlanVersion, data_dir: DataDir) -> list:
    """diff.plan's findings between two sides, reading and parsing only the files whose contents
    differ; each file read is checked against the schemas of `data_dir` (what this bizenv's diff
    understands) before anything is compared."""
    from bizenv_cli.diff.plan import diff_packages, diff_plans, diff_registries

    reader = _Reader(data_dir)
    old_files, new_files = _without_identical(before.plans, after.plans)
    registries = _registries_to_compare(before, after)
    _read_from_git([*old_files, *new_files, *registries])
    if before.single and after.single:
        if not old_files:  # the same bytes: nothing to parse
            return []
        old_documents, new_documents = reader.documents(before.plans), reader.documents(after.plans)
        reader.refuse_invalid()
        (old_plan,), (new_plan,) = old_documents.values(), new_documents.values()
        return diff_plans(old_plan, new_plan)
    old_documents, new_documents = reader.documents(old_files), reader.documents(new_files)
    # A registry only one side holds is compared with none: every body of it added (or removed).
    old_registry, new_registry = (reader.registry(side.registry) if side.registry in registries else {}
                                  for side in (before, after))
    reader.refuse_invalid()
    single = before if before.single else after if after.single else None
    if single is None:
        for side, documents, others in ((before, old_documents, new_documents), (after, new_documents, old_documents)):
            if set(documents) - set(others):
                _refuse_a_second_file(side, data_dir)
    if single is not None:
        # Only the one plan file's document is compared; when its bytes are the same on both sides,
        # the pair was skipped above and there is nothing to compare.
        chosen = old_documents if single is before else new_documents
        only = next(iter(chosen), None)
        old_documents = {n: doc for n, doc in old_documents.items() if n == only}
        new_documents = {n: doc for n, doc in new_documents.items() if n == only}
    findings = diff_packages(old_documents, new_documents)
    if registries:
        findings += diff_registries(old_registry or {}, new_registry or {})
    return findings


def _registries_to_compare(before: PlanVersion, after: PlanVersion) -> list[VersionFile]:
    """The registry files whose contents may differ: none when both hold the same bytes or neither
    holds one; the one a side holds where the other, a data folder or a revision too, has none (a
    registry deleted, or added, changes what every responsibility's body means)."""
    held = [side.registry for side in (before, after) if side.registry is not None]
    if len(held) == 2:
        return [] if held[0].content_id == held[1].content_id else held
    return held if before.registry_expected and after.registry_expected else []


def _refuse_a_second_file(side: PlanVersion, data_dir: DataDir) -> None:
    """VersionError when two plan files of a side hold one document.

    Files with the same bytes on both sides are not read, so a plan copied under a second name
    (06-gas.yaml beside an unchanged 06-getting-gas.yaml) would read as document 6 added. Called
    only when a side seems to hold a document the other lacks: every plan file of that side is then
    read, for its document number alone."""
    _read_from_git(side.plans)
    _Reader(data_dir).documents(side.plans)  # raises on a document held twice; its problems are not ours


def _without_identical(old: list[VersionFile], new: list[VersionFile]) -> tuple[list[VersionFile], list[VersionFile]]:
    """Both lists without the files the other side has byte for byte (by content id, in pairs).

    The same bytes parse to the same document, so an identical pair can change nothing; with git
    revisions, such files are not even read (`diff HEAD~5 HEAD` would otherwise parse every version).
    """
    unpaired = Counter(file.content_id for file in old) & Counter(file.content_id for file in new)
    kept_old, kept_new = [], []
    for files, kept in ((old, kept_old), (new, kept_new)):
        left = Counter(unpaired)
        for file in files:
            if left[file.content_id] > 0:
                left[file.content_id] -= 1
            else:
                kept.append(file)
    return kept_old, kept_new


def _read_from_git(files: list[VersionFile]) -> None:
    """Fill in the contents of the files still in git: one `git cat-file --batch` per repository."""
    from bizenv_cli.files.gitrev import GitError, read_blobs

    waiting: dict[Path, list[VersionFile]] = {}
    for file in files:
        if file.raw is None and file.repository is not None:
            waiting.setdefault(file.repository, []).append(file)
    for repository, unread in waiting.items():
        try:
            contents = read_blobs([file.content_id for file in unread], repository)
        except GitError as error:
            raise VersionError(str(error)) from None
        for file, raw in zip(unread, contents):
            file.raw = raw


class _Reader:
    """Loads the data files of both sides and checks each as the queries' load path does: strict
    YAML, then the schema (the compiled check; validate's own jsonschema problems for a file it
    rejects). The problems of every file are gathered, so that one run names them all."""

    def __init__(self, data_dir: DataDir) -> None:
        from bizenv_cli.store.datafile import Schemas

        self.schemas = Schemas(data_dir)  # this bizenv's schemas: what its diff reads
        self.problems: list = []

    def registry(self, file: VersionFile) -> dict | None:
        document = self._load(file)
        if document is not None and not isinstance(document.data, dict):
            raise VersionError(f"{file.name} is not a department registry: it holds no mapping")
        return self._checked(document, file, "registry")

    def documents(self, files: list[VersionFile]) -> dict[int, dict]:
        """Plan documents keyed by document number (those that pass the schema)."""
        documents: dict[int, dict] = {}
        names: dict[int, str] = {}
        for file in files:
            loaded = self._load(file)
            if loaded is not None and not isinstance(loaded.data, dict):
                raise VersionError(f"{file.name} is not a plan file: it holds no mapping of plan fields")
            document = self._checked(loaded, file, "plan")
            if document is None:
                continue
            number = document["document"]  # the schema requires it: an integer
            if number in documents:
                raise VersionError(f"{names[number]} and {file.name} both hold document {number}")
            documents[number], names[number] = document, file.name
        return documents

    def refuse_invalid(self) -> None:
        if self.problems:
            raise InvalidVersions(self.problems)

    def _load(self, file: VersionFile):
        from bizenv_cli.files.problems import DataError
        from bizenv_cli.files.yamlload import load_yaml_bytes

        if file.problem is not None:
            self.problems.append(file.problem)
            return None
        try:
            return load_yaml_bytes(file.raw, Path(file.name), file.name)
        except DataError as error:
            self.problems.append(error.problem)
            return None

    def _checked(self, loaded, file: VersionFile, kind: str) -> dict | None:
        """The document, or None when it breaks the schema (its problems kept)."""
        from bizenv_cli.checks import schemacheck

        if loaded is None:
            return None
        schema = self.schemas.schema(kind)
        if schema is None:
            raise VersionError("no schemas/ folder beside the data folder: the versions cannot be checked")
        if schemacheck.passes(schema, loaded.data):
            return loaded.data
        from bizenv_cli.checks.validate import schema_problems

        found = schema_problems(loaded, schema, file.name)
        if not found:
            return loaded.data  # the compiled check is the stricter; jsonschema's verdict counts
        self.problems.extend(found)
        return None
