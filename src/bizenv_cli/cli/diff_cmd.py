"""`bizenv diff` (changes in meaning between two versions of the plans) and `bizenv textconv` (for git diff)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Optional

import typer

from bizenv_cli.cli.app import EXIT_INVALID, app, fail_usage, settings
from bizenv_cli.cli.options import FormatOption, OutputOption, plural, resolve_format, table_width, use_color
from bizenv_cli.outputs.render import Column, OutputFormat, render



@dataclass
class PlanVersion:
    """One side of a comparison: the plan documents of a file, a folder or a git revision."""

    name: str
    documents: dict[int, dict]
    single: int | None = None  # the document number, when the side is one plan file


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
    tightened or loosened. Reformatting the YAML, reordering keys, notes and English glosses are
    no change. Plans of two folders or revisions are matched by document number; when one side is
    a single plan file, only that document is compared.

    Exit 0 when nothing changed in meaning, 1 when something did, 2 on a usage error.

    \b
    Examples:
      bizenv diff main                     (main against the working tree)
      bizenv diff HEAD~1 HEAD --format json
      bizenv diff old.yaml data/plans/04-getting-electricity.yaml
      bizenv diff ../last-year/data data -o changes.csv
    """
    from bizenv_cli.plandiff import diff_packages, diff_plans

    chosen = resolve_format(output_format, output)
    before = _plan_version(ctx, old)
    after = _plan_version(ctx, new) if new is not None else _working_tree(ctx)
    if before.single is not None and after.single is not None:
        findings = diff_plans(before.documents[before.single], after.documents[after.single])
    else:
        only = before.single if before.single is not None else after.single
        findings = diff_packages(_only(before.documents, only), _only(after.documents, only))

    rows = [finding.as_row() for finding in findings]
    if chosen in (OutputFormat.xlsx, OutputFormat.ics):
        from bizenv_cli.cli.file_outputs import emit_file  # a workbook; a calendar is refused (no days)

        emit_file(rows, _columns(chosen), chosen, output, None, None)
    elif output is not None:
        text = render(rows, _columns(chosen), chosen, color=False, width=table_width())
        try:
            output.write_text(text, encoding="utf-8", newline="")
        except OSError as error:
            fail_usage(f"-o: cannot write {output}: {error.strerror}")
    elif rows or chosen is not OutputFormat.table:
        # Colour only at a terminal, as the listings do: a pipe or a file gets plain text.
        color = use_color(ctx, to_file=False)
        typer.echo(render(rows, _columns(chosen), chosen, color=color, width=table_width()), nl=False, color=color)
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
      git config diff.bizenv.textconv "bizenv textconv"

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


def _columns(output_format: OutputFormat) -> list[Column]:
    ids = [
        Column("id", lambda row: row["id"], no_wrap=True),
        Column("kind", lambda row: row["kind"], no_wrap=True),
        Column("field", lambda row: row["field"]),
    ]
    if output_format in (OutputFormat.table, OutputFormat.md):
        # For people: one column says what became what (a changed text inline), one says how much.
        return ids + [Column("change", _change), Column("detail", _how_much)]
    return ids + [Column(key, lambda row, key=key: row[key]) for key in ("old", "new", "detail")]


def _change(row: dict) -> str:
    from bizenv_cli.plandiff import INLINE_KINDS
    from bizenv_cli.outputs.render import cell_text

    if row["kind"] in INLINE_KINDS:
        return row["detail"]
    if row["old"] is None:
        return f"+ {cell_text(row['new'])}"
    if row["new"] is None:
        return f"- {cell_text(row['old'])}"
    return f"{cell_text(row['old'])} → {cell_text(row['new'])}"


def _how_much(row: dict) -> str | None:
    from bizenv_cli.plandiff import INLINE_KINDS

    return None if row["kind"] in INLINE_KINDS else row["detail"]


def _only(documents: dict[int, dict], number: int | None) -> dict[int, dict]:
    return documents if number is None else {n: doc for n, doc in documents.items() if n == number}


def _plan_version(ctx: typer.Context, spec: str) -> PlanVersion:
    path = Path(spec)
    if path.is_file():
        documents = _documents([(str(path), _read(path))])
        return PlanVersion(spec, documents, single=next(iter(documents)))
    if path.is_dir():
        plans = path / "plans" if (path / "plans").is_dir() else path
        files = sorted(plans.glob("*.yaml"))
        if not files:
            fail_usage(f"{spec} is not a data folder: it has no plans/ folder and no .yaml files")
        return PlanVersion(spec, _documents([(str(file), _read(file)) for file in files]))
    return _revision(ctx, spec)


def _working_tree(ctx: typer.Context) -> PlanVersion:
    data_dir = settings(ctx).data_dir()
    files = data_dir.plan_files()
    documents = _documents([(data_dir.display(file), _read(file)) for file in files])
    return PlanVersion(data_dir.display(data_dir.root), documents)


def _revision(ctx: typer.Context, spec: str) -> PlanVersion:
    from bizenv_cli.gitrev import GitError, files_at, repository_root, resolve_commit

    try:
        repository = repository_root()
    except GitError as error:
        fail_usage(f"{spec}: no such file or folder, and not a git revision ({error})")
    commit = resolve_commit(spec, repository)
    if commit is None:
        fail_usage(f"{spec}: no such file or folder, and not a revision of the git repository {repository}")
    folder = _plans_folder_in(ctx, repository)
    try:
        files = files_at(commit, folder, repository)
    except GitError as error:
        fail_usage(str(error))
    return PlanVersion(spec, _documents([(f"{spec}:{path}", raw) for path, raw in sorted(files.items())]))


def _plans_folder_in(ctx: typer.Context, repository: Path) -> PurePosixPath:
    """Where the plans sit in the repository: where the data folder in use sits, else data/plans."""
    from bizenv_cli.datadir import DataDirNotFound, find_data_dir

    try:
        plans = find_data_dir(settings(ctx).data_option).plans_dir.resolve()
        return PurePosixPath(plans.relative_to(repository.resolve()).as_posix())
    except (DataDirNotFound, ValueError):
        return PurePosixPath("data/plans")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        fail_usage(f"cannot read {path}: {error.strerror}")


def _documents(files: list[tuple[str, bytes]]) -> dict[int, dict]:
    """Plan documents keyed by document number; an unreadable file is a usage error, not a change."""
    from bizenv_cli.problems import DataError
    from bizenv_cli.yamlload import load_yaml_bytes

    documents: dict[int, dict] = {}
    names: dict[int, str] = {}
    for name, raw in files:
        try:
            document = load_yaml_bytes(raw, Path(name), name).data
        except DataError as error:
            fail_usage(f"cannot compare: {error.problem}")
        number = _document_number(document, name)
        if number in documents:
            fail_usage(f"{names[number]} and {name} both hold document {number}")
        documents[number], names[number] = document, name
    return documents


def _document_number(document, name: str) -> int:
    if not isinstance(document, dict):
        fail_usage(f"{name} is not a plan file: it holds no mapping of plan fields")
    if isinstance(document.get("document"), int):
        return document["document"]
    stem = PurePosixPath(name.rsplit(":", 1)[-1]).name[:2]
    if stem.isdigit():  # a file still being written: its NN- file name says which document it is
        return int(stem)
    fail_usage(f"{name} is not a plan file: it has no document number")
