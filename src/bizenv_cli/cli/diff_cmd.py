"""`bizenv diff` (changes in meaning between two versions of the plans), `bizenv textconv` (for git diff) and
`bizenv git-setup` (which tells this clone's git to use it)."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Optional

import typer

from bizenv_cli.cli.app import EXIT_INVALID, app, fail_usage, settings
from bizenv_cli.cli.options import FormatOption, OutputOption, plural, resolve_format, table_width, use_color
from bizenv_cli.outputs.render import Column, OutputFormat, render



@dataclass
class VersionFile:
    """One data file of a side, known by its content id before anyone reads or parses it."""

    name: str  # as messages show it: a path, or REVISION:path
    content_id: str  # git's blob id: the same id means the same bytes
    raw: bytes | None = None  # None until read: a file in a git revision is read only when needed
    repository: Path | None = None  # where to read it from, for a file in a git revision


@dataclass
class PlanVersion:
    """One side of a comparison: the plan files (and registry) of a file, a folder or a git revision."""

    name: str
    plans: list[VersionFile]
    registry: VersionFile | None = None  # data/departments.yaml; None when the side is one plan file
    single: bool = False  # the side is one plan file: only its document is compared


@app.command()
def diff(
    ctx: typer.Context,
    old: str = typer.Argument(..., metavar="OLD", help="A plan file, a data folder (or its plans/ folder), or a git revision."),
    new: Optional[str] = typer.Argument(
        None, metavar="NEW",
        help="Likewise. Default: the data folder in use (in a checkout, the working tree)."),
    # The same --format/-o as every listing: same help, same checks, same messages.
    output_format: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Show what changed in meaning between two versions of the plans.

    Changes are listed by measure and indicator id: moved milestones (by how many days), bodies
    added, dropped or given another role, texts changed (shown inline), indicators' targets
    tightened or loosened, records that changed places (measure-moved ...), and changes to the
    department registry (a body's name, aliases, kind; bodies added or removed). Reformatting the
    YAML, reordering keys, notes and English glosses are no change. Plans of two folders or
    revisions are matched by document number; when one side is a single plan file, only that
    document is compared. Between revisions, files with the same blob id are not even read.
    Piped or written to a file, the table is not folded: one finding a line.

    Each version's files are checked against the schema first, as `bizenv validate` does: a
    file that breaks it (or is not readable YAML) is named with validate's file:line:col lines
    on stderr, and nothing is compared.

    Exit 0 when nothing changed in meaning; 1 when something did (the findings on stdout) or
    a version is invalid data (its problems on stderr, nothing on stdout); 2 on a usage error.

    \b
    Examples:
      bizenv diff main                     (main against the working tree)
      bizenv diff HEAD~1 HEAD --format json
      bizenv diff old.yaml data/plans/04-getting-electricity.yaml
      bizenv diff ../last-year/data data -o changes.csv
    """
    chosen = resolve_format(output_format, output)
    from bizenv_cli.ledger.diff import is_report_file, ledger_findings  # the work ledger (data/progress)

    before = PlanVersion(old, []) if is_report_file(old) else _plan_version(ctx, old)
    after = (PlanVersion(new, []) if is_report_file(new) else _plan_version(ctx, new)) if new is not None \
        else _working_tree(ctx)
    findings = _compare(before, after, _Reader(ctx))
    findings += ledger_findings(old, new, settings(ctx).data_dir().root)

    rows = [finding.as_row() for finding in findings]
    if chosen in (OutputFormat.xlsx, OutputFormat.ics):
        from bizenv_cli.cli.file_outputs import emit_file  # a workbook; a calendar is refused (no days)

        emit_file(rows, _columns(chosen), chosen, output, None, None, sheet="diff")
    elif output is not None:
        text = render(rows, _columns(chosen), chosen, color=False, width=_UNWRAPPED)
        from bizenv_cli.cli.options import refuse_data_file, write_output

        refuse_data_file(ctx, output)
        write_output(output, text)
    elif rows or chosen is not OutputFormat.table:
        # Colour only at a terminal, as the listings do: a pipe or a file gets plain text.
        color = use_color(ctx, to_file=False)
        typer.echo(render(rows, _columns(chosen), chosen, color=color, width=_diff_width()), nl=False, color=color)
    summary = f"{plural(len(rows), 'change')} in meaning" if rows else "no change in meaning"
    typer.echo(f"{summary} ({before.name} → {after.name})", err=True)
    if rows:
        raise typer.Exit(EXIT_INVALID)


@app.command()
def textconv(
    path: Path = typer.Argument(..., metavar="FILE", help="The plan file (git passes a temporary copy of each version)."),
) -> None:
    """Print a plan file as one fact per line, for git diff's textconv driver.

    Each line starts with the id of what it states, so git diff shows a moved deadline as one
    line: -02.03 deadline: 2022-06-30 / +02.03 deadline: 2022-12-31. A file that is not a readable
    plan (half-edited, say) is printed as it is, so git diff never fails on it.

    Set it up once per clone (.gitattributes already names the driver for data/plans/*.yaml):

    \b
      bizenv git-setup        (an absolute command: works where bizenv is not on PATH)

    \b
    Example:
      bizenv textconv data/plans/04-getting-electricity.yaml | grep deadline
    """
    from bizenv_cli.textconv import textconv_bytes

    try:
        raw = path.read_bytes()
    except OSError as error:
        fail_usage(f"cannot read {path}: {error.strerror}")
    # Bytes, so the text reaches git as UTF-8 whatever the locale of the hook's environment.
    typer.echo(textconv_bytes(raw, str(path)).encode("utf-8"), nl=False)


@app.command("git-setup")
def git_setup(
    cache: bool = typer.Option(False, "--cache", help="Also let git cache the converted text of each version "
                                                      "(git writes it as notes, which needs user.name and user.email)."),
) -> None:
    """Configure git diff's bizenv driver for this clone, with an absolute command.

    Writes diff.bizenv.textconv (this Python's full path, -m bizenv_cli textconv) into the
    clone's .git/config (and diff.bizenv.cachetextconv with --cache). git diff, git log -p and git show then
    print plan files as one fact per line, also where `bizenv` is not on PATH (GUI clients,
    another virtual environment): with the bare `bizenv textconv` they fail with exit 128 there.
    Run it again after moving or recreating the virtual environment.

    \b
    Example:
      bizenv git-setup && git log -p -1 -- data/plans
    """
    from bizenv_cli.gitrev import GitError, repository_root
    from bizenv_cli.textconv_setup import configure_driver

    try:
        repository = repository_root()
        settings_written = configure_driver(repository, cache=cache)
    except GitError as error:
        fail_usage(str(error))
    for key, value in settings_written.items():
        typer.echo(f"{key} = {value}")
    typer.echo(f"git diff driver configured for {repository}", err=True)


# A width no row reaches: the table is as wide as its longest row, one finding per line.
_UNWRAPPED = 100_000


def _diff_width() -> int:
    """A terminal's width at a terminal; elsewhere no wrapping at all.

    A CI log or a pipe folded at 80 columns split field names in two (deadline.milesto / nes[0].date)
    and spread one finding over several lines that grep and a log viewer then show apart.
    """
    return table_width() if sys.stdout.isatty() else _UNWRAPPED


def _columns(output_format: OutputFormat) -> list[Column]:
    ids = [
        Column("id", lambda row: row["id"], no_wrap=True),
        Column("kind", lambda row: row["kind"], no_wrap=True),
        # A field path is one name: folded, it reads as two wrong ones.
        Column("field", lambda row: row["field"], no_wrap=True),
    ]
    if output_format is OutputFormat.table:
        # For people: one column says what became what (a changed text inline), one says how much.
        return ids + [Column("change", _change), Column("detail", _how_much)]
    if output_format is OutputFormat.md:
        # A pull request's summary is read in full: changed texts whole, the change marked, nothing cut.
        return ids + [Column("change", _whole_change), Column("detail", _how_much)]
    return ids + [Column(key, lambda row, key=key: row[key]) for key in ("old", "new", "detail")]


def _whole_change(row: dict) -> str:
    from bizenv_cli.plandiff import INLINE_KINDS, inline_diff

    if row["kind"] in INLINE_KINDS:
        return inline_diff(row["old"], row["new"], context=None)
    return _change(row)


def _change(row: dict) -> str:
    from bizenv_cli.plandiff import INLINE_KINDS
    from bizenv_cli.outputs.render import cell_text

    if row["kind"] in INLINE_KINDS:
        return row["detail"]
    # The sign says what happened (added or removed), whatever the value: a removed section with no
    # heading has no value to show, and must not read as an addition.
    if row["kind"].endswith("-added"):
        return f"+ {cell_text(row['new'])}".rstrip()
    if row["kind"].endswith("-removed") or row["kind"] in ("body-dropped",):
        return f"- {cell_text(row['old'])}".rstrip()
    return f"{cell_text(row['old'])} → {cell_text(row['new'])}"


def _how_much(row: dict) -> str | None:
    from bizenv_cli.plandiff import INLINE_KINDS

    return None if row["kind"] in INLINE_KINDS else row["detail"]


def _compare(before: PlanVersion, after: PlanVersion, reader: "_Reader") -> list:
    """The findings between two sides, reading and parsing only the files whose contents differ.

    Every file read is checked before anything is compared, so the comparison only ever sees
    documents of the shape the schema promises."""
    from bizenv_cli.plandiff import diff_packages, diff_plans, diff_registries

    old_files, new_files = _without_identical(before.plans, after.plans)
    registries = [] if before.registry is None or after.registry is None \
        or before.registry.content_id == after.registry.content_id else [before.registry, after.registry]
    _read_from_git([*old_files, *new_files, *registries])
    if before.single and after.single:
        if not old_files:  # the same bytes: nothing to parse
            return []
        old_documents, new_documents = reader.documents(before.plans), reader.documents(after.plans)
        reader.refuse_invalid()
        (old_plan,), (new_plan,) = old_documents.values(), new_documents.values()
        return diff_plans(old_plan, new_plan)
    old_documents, new_documents = reader.documents(old_files), reader.documents(new_files)
    old_registry, new_registry = (reader.registry(file) for file in registries) if registries else (None, None)
    reader.refuse_invalid()
    single = before if before.single else after if after.single else None
    if single is not None:
        # Only the one plan file's document is compared; when its bytes are the same on both sides,
        # the pair was skipped above and there is nothing to compare.
        chosen = old_documents if single is before else new_documents
        only = next(iter(chosen), None)
        old_documents = {n: doc for n, doc in old_documents.items() if n == only}
        new_documents = {n: doc for n, doc in new_documents.items() if n == only}
    findings = diff_packages(old_documents, new_documents)
    if registries:
        findings += diff_registries(old_registry, new_registry)
    return findings


def _without_identical(old: list[VersionFile], new: list[VersionFile]) -> tuple[list[VersionFile], list[VersionFile]]:
    """Both lists without the files the other side has byte for byte (by content id, in pairs).

    The same bytes parse to the same document, so an identical pair can change nothing; with git
    revisions, such files are not even read (issue 14: `diff HEAD~5 HEAD` parsed all 58 versions).
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


def _plan_version(ctx: typer.Context, spec: str) -> PlanVersion:
    path = Path(spec)
    if path.is_file():
        return PlanVersion(spec, [_disk_file(str(path), path)], single=True)
    if path.is_dir():
        plans = path / "plans" if (path / "plans").is_dir() else path
        files = sorted(plans.glob("*.yaml"))
        if not files:
            fail_usage(f"{spec} is not a data folder: it has no plans/ folder and no .yaml files")
        # The registry sits beside plans/ (in the folder given, or above it when plans/ itself was given).
        registry = plans.parent / "departments.yaml"
        return PlanVersion(spec, [_disk_file(str(file), file) for file in files],
                           registry=_disk_file(str(registry), registry) if registry.is_file() else None)
    return _revision(ctx, spec)


def _working_tree(ctx: typer.Context) -> PlanVersion:
    data_dir = settings(ctx).data_dir()
    registry = data_dir.departments_file
    return PlanVersion(data_dir.display(data_dir.root),
                       [_disk_file(data_dir.display(file), file) for file in data_dir.plan_files()],
                       registry=_disk_file(data_dir.display(registry), registry) if registry.is_file() else None)


def _revision(ctx: typer.Context, spec: str) -> PlanVersion:
    from bizenv_cli.gitrev import GitError, blob_at, blobs_at, repository_root, resolve_commit

    try:
        repository = repository_root()
    except GitError as error:
        fail_usage(f"{spec}: no such file or folder, and not a git revision ({error})")
    commit = resolve_commit(spec, repository)
    if commit is None:
        fail_usage(f"{spec}: no such file or folder, and not a revision of the git repository {repository}")
    folder = _plans_folder_in(ctx, repository)
    try:
        blobs = blobs_at(commit, folder, repository)
        registry_path = folder.parent / "departments.yaml"
        registry_blob = blob_at(commit, registry_path, repository)
    except GitError as error:
        fail_usage(str(error))
    plans = [_git_file(f"{spec}:{path}", blob, repository) for path, blob in sorted(blobs.items())]
    registry = _git_file(f"{spec}:{registry_path}", registry_blob, repository) if registry_blob else None
    return PlanVersion(spec, plans, registry=registry)


def _plans_folder_in(ctx: typer.Context, repository: Path) -> PurePosixPath:
    """Where the plans sit in the repository: where the data folder in use sits, else data/plans."""
    from bizenv_cli.datadir import DataDirNotFound, find_data_dir

    try:
        plans = find_data_dir(settings(ctx).data_option).plans_dir.resolve()
        return PurePosixPath(plans.relative_to(repository.resolve()).as_posix())
    except (DataDirNotFound, ValueError):
        return PurePosixPath("data/plans")


def _disk_file(name: str, path: Path) -> VersionFile:
    raw = _read(path)
    return VersionFile(name, _blob_id(raw), raw)


def _git_file(name: str, blob: str, repository: Path) -> VersionFile:
    return VersionFile(name, blob, repository=repository)


def _read_from_git(files: list[VersionFile]) -> None:
    """Fill in the contents of the files still in git: one `git cat-file --batch` per repository."""
    from bizenv_cli.gitrev import GitError, read_blobs

    waiting: dict[Path, list[VersionFile]] = {}
    for file in files:
        if file.raw is None and file.repository is not None:
            waiting.setdefault(file.repository, []).append(file)
    for repository, unread in waiting.items():
        try:
            contents = read_blobs([file.content_id for file in unread], repository)
        except GitError as error:
            fail_usage(str(error))
        for file, raw in zip(unread, contents):
            file.raw = raw


def _blob_id(raw: bytes) -> str:
    # The id git gives these bytes as a blob (SHA-1 object format), so that a file on disk and its
    # version in a revision compare equal without reading the revision. In a SHA-256 repository the
    # ids never match, and every file is simply parsed: slower, never wrong.
    import hashlib

    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


def _read(path: Path) -> bytes:
    from bizenv_cli.datadir import read_regular_file

    try:
        return read_regular_file(path)  # a FIFO or a device is refused, not read forever
    except OSError as error:
        fail_usage(f"cannot read {path}: {error.strerror}")


class _Reader:
    """Loads the data files of both sides and checks each as the queries' load path does: strict
    YAML, then the schema (the compiled check; validate's own jsonschema problems for a file it
    rejects). The problems of every file are gathered, so that one run names them all."""

    def __init__(self, ctx: typer.Context) -> None:
        from bizenv_cli.datafile import Schemas

        self.schemas = Schemas(settings(ctx).data_dir())  # this bizenv's schemas: what its diff reads
        self.problems: list = []

    def registry(self, file: VersionFile) -> dict | None:
        document = self._load(file)
        if document is not None and not isinstance(document.data, dict):
            fail_usage(f"{file.name} is not a department registry: it holds no mapping")
        return self._checked(document, file, "registry")

    def documents(self, files: list[VersionFile]) -> dict[int, dict]:
        """Plan documents keyed by document number (those that pass the schema)."""
        documents: dict[int, dict] = {}
        names: dict[int, str] = {}
        for file in files:
            loaded = self._load(file)
            if loaded is not None and not isinstance(loaded.data, dict):
                fail_usage(f"{file.name} is not a plan file: it holds no mapping of plan fields")
            document = self._checked(loaded, file, "plan")
            if document is None:
                continue
            number = document["document"]  # the schema requires it: an integer
            if number in documents:
                fail_usage(f"{names[number]} and {file.name} both hold document {number}")
            documents[number], names[number] = document, file.name
        return documents

    def refuse_invalid(self) -> None:
        """Invalid data is exit 1 with validate's lines on stderr, and no findings at all: a diff
        of half the files would read as the whole change."""
        if not self.problems:
            return
        for problem in sorted(self.problems, key=lambda p: (p.file, p.line, p.column)):
            typer.echo(str(problem), err=True)
        typer.echo("bizenv: nothing compared: the diff reads only data that passes `bizenv validate`", err=True)
        raise typer.Exit(EXIT_INVALID)

    def _load(self, file: VersionFile):
        from bizenv_cli.problems import DataError
        from bizenv_cli.yamlload import load_yaml_bytes

        try:
            return load_yaml_bytes(file.raw, Path(file.name), file.name)
        except DataError as error:
            self.problems.append(error.problem)
            return None

    def _checked(self, loaded, file: VersionFile, kind: str) -> dict | None:
        """The document, or None when it breaks the schema (its problems kept)."""
        from bizenv_cli import schemacheck

        if loaded is None:
            return None
        schema = self.schemas.schema(kind)
        if schema is None:
            fail_usage("no schemas/ folder beside the data folder: the versions cannot be checked")
        if schemacheck.passes(schema, loaded.data):
            return loaded.data
        from bizenv_cli.validate import schema_problems

        found = schema_problems(loaded, schema, file.name)
        if not found:
            return loaded.data  # the compiled check is the stricter; jsonschema's verdict counts
        self.problems.extend(found)
        return None
