"""`bizenv diff` (changes in meaning between two versions of the plans), `bizenv textconv` (for git diff) and
`bizenv git-setup` (which tells this clone's git to use it)."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
import sys
from pathlib import Path
from typing import Optional

import typer

from bizenv_cli.cli.app import EXIT_INVALID, app, fail_usage, settings
from bizenv_cli.cli.emit import emit, resolve_format
from bizenv_cli.cli.options import FormatOption, LangOption, OutputOption, refuse_special_file, table_width
from bizenv_cli.model.wording import plural
from bizenv_cli.outputs.formats import OutputFormat
from bizenv_cli.outputs.render import Column, Composed, cell_text


@app.command()
def diff(
    ctx: typer.Context,
    old: str = typer.Argument(..., metavar="OLD", help="A plan file, a work-ledger report, a data folder (or its "
                                                          "plans/ folder), or a git revision."),
    new: Optional[str] = typer.Argument(
        None, metavar="NEW",
        help="Likewise. Default: the data folder in use (in a checkout, the working tree)."),
    # The same --format/-o as every listing: same help, same checks, same messages.
    output_format: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
) -> None:
    """Show what changed in meaning between two versions of the plans.

    Changes are listed by measure and indicator id: moved milestones (by how many days), bodies
    added, dropped or given another role, texts changed (shown inline), indicators' targets
    tightened or loosened, records that changed places (measure-moved ...), and changes to the
    department registry (a body's name, aliases, kind; bodies added or removed). Reformatting the
    YAML, reordering keys, notes and English glosses are no change. Plans of two folders or
    revisions are matched by document number; when one side is a single plan file, only that
    document is compared, and a single report is compared with its body's report of that day.
    Between revisions, files with the same blob id are not even read.
    Piped or written to a file, the table is not folded (unless --width N): one finding a line.

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
    from bizenv_cli.diff.ledger import ledger_findings, report_files  # the work ledger (data/progress)
    from bizenv_cli.diff.versions import (InvalidVersions, PlanVersion, VersionError, compare, schemas_differ,
                                     submodule_notes, version_of, working_tree)

    for side in (old, new):
        refuse_special_file(side)
    problems: list = []
    submodules: list = []
    try:
        data_dir = _data_dir_if_any(ctx)
        reports = report_files(old, new)
        # A revision compared with a folder is read where that folder sits, when no data folder of
        # the user's is in use (a repository keeping its data in mydata/: `diff HEAD mydata`).
        before = PlanVersion(old, []) if old in reports else version_of(old, data_dir, beside=new)
        after = (PlanVersion(new, []) if new in reports else version_of(new, data_dir, beside=old)) \
            if new is not None else working_tree(settings(ctx).data_dir())
        try:
            # A report is compared with a report (of the other side's ledger): no plan is compared,
            # else every plan of a folder or revision beside one report read as added.
            findings = [] if reports else compare(before, after, settings(ctx).data_dir())
        except InvalidVersions as invalid:
            findings, problems = [], list(invalid.problems)
        # The ledger's reports are checked as the plans are, in the same run: every invalid file named.
        try:
            # A revision's reports are read in the data folder its plans were read in.
            revision_root = before.data_root or after.data_root
            ledger, submodules = ledger_findings(old, new, settings(ctx).data_dir().root, _schemas_dir_if_any(ctx),
                                                 revision_root=revision_root, reports=reports)
        except InvalidVersions as invalid:
            ledger, problems = [], problems + list(invalid.problems)
    except VersionError as error:
        fail_usage(str(error))
    # Another repository's files where a side keeps data: named, never read (nor read from disk).
    for note in submodule_notes([*before.submodules, *after.submodules, *submodules]):
        typer.echo(f"bizenv: note: {note}", err=True)
    if problems:
        # Invalid data is exit 1 with validate's lines on stderr and no findings at all.
        for problem in InvalidVersions(list(dict.fromkeys(problems))).problems:
            typer.echo(str(problem), err=True)
        typer.echo("bizenv: nothing compared: the diff reads only data that passes `bizenv validate`", err=True)
        for version in (before, after):
            differ = schemas_differ(version, settings(ctx).data_dir())
            if differ:
                # Its files were written for its own schemas; this bizenv reads them by today's.
                typer.echo(f"bizenv: note: {version.name} has other schemas than the ones in use "
                           f"({', '.join(differ)}): its files may be of an older format, which this bizenv "
                           "does not read", err=True)
        raise typer.Exit(EXIT_INVALID)
    findings += ledger

    rows = [finding.as_row() for finding in findings]
    if output is not None or rows or chosen is not OutputFormat.table:
        # Written to a file, the table is not folded: one finding a line.
        emit(ctx, rows, _columns(chosen), chosen, output, width=_diff_width(ctx, to_file=output is not None))
    summary = f"{plural(len(rows), 'change')} in meaning" if rows else "no change in meaning"
    typer.echo(f"{summary} ({before.name} → {after.name})", err=True)
    if new is None and settings(ctx).data_dir().how_found == "package":
        # Run outside a checkout, OLD was compared with what bizenv ships, not with the user's data.
        typer.echo("bizenv: note: no data folder here: NEW is the copy shipped with bizenv (give NEW, or --data "
                   "DIR, to compare with your data)", err=True)
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
    from bizenv_cli.diff.textconv import textconv_bytes

    refuse_special_file(str(path))  # a FIFO would block the read, /dev/zero never end: each is named as what it is
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
    from bizenv_cli.files.gitrev import GitError, repository_root
    from bizenv_cli.diff.git_setup import configure_driver

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


def _diff_width(ctx: typer.Context, to_file: bool) -> int:
    """--width if given; else a terminal's width at a terminal, and elsewhere no wrapping at all.

    A CI log or a pipe folded at 80 columns split field names in two (deadline.milesto / nes[0].date)
    and spread one finding over several lines that grep and a log viewer then show apart.
    """
    if settings(ctx).width:
        return settings(ctx).width
    return table_width(ctx) if not to_file and sys.stdout.isatty() else _UNWRAPPED


def _columns(output_format: OutputFormat) -> list[Column]:
    ids = [
        Column.of("id", no_wrap=True),
        Column.of("kind", no_wrap=True),
        # A field path is one name: folded, it reads as two wrong ones.
        Column.of("field", no_wrap=True),
    ]
    if output_format is OutputFormat.table:
        # For people: one column says what became what (a changed text inline), one says how much.
        return ids + [Column("change", _change, words_of=_words_of), Column("detail", _how_much)]
    if output_format is OutputFormat.md:
        # A pull request's summary is read in full: changed texts whole, the change marked, nothing cut.
        return ids + [Column("change", _whole_change, words_of=_words_of), Column("detail", _how_much)]
    # The files a script or a spreadsheet reads (csv, tsv, a workbook) carry every JSON key, as the
    # other listings' do (docs/json.md#the-other-formats): the plan first, as in gaps and search.
    return [Column.of("plan"), *ids, *(Column.of(key, words_of=_words_of) for key in ("old", "new")),
            Column.of("detail")]


# The kinds whose old and new are a body's role (diff/plan/kinds.py).
_ROLE_KINDS = frozenset({"body-added", "body-dropped", "role-changed"})


def _words_of(row: dict) -> str:
    """What words a finding's old and new values are in: a role, or those of its field (a direction)."""
    return "role" if row["kind"] in _ROLE_KINDS else row["field"]


def _whole_change(row: dict) -> "str | Composed":
    from bizenv_cli.diff.plan import INLINE_KINDS, inline_diff

    if row["kind"] in INLINE_KINDS:
        return inline_diff(row["old"], row["new"], context=None)
    return _change(row)


def _change(row: dict) -> "str | Composed":
    from bizenv_cli.diff.plan import INLINE_KINDS

    if row["kind"] in INLINE_KINDS:
        return row["detail"]
    # The sign says what happened (added or removed), whatever the value: a removed section with no
    # heading has no value to show, and must not read as an addition. A list (a body's aliases) is
    # joined as the listing's language joins one.
    if row["kind"].endswith("-added"):
        return _signed("+", row["new"])
    if row["kind"].endswith("-removed") or row["kind"] in ("body-dropped",):
        return _signed("-", row["old"])
    return Composed((row["old"], " → ", row["new"]))


def _signed(sign: str, value) -> "str | Composed":
    return Composed((sign, " ", value)) if cell_text(value) else sign


def _how_much(row: dict) -> str | None:
    from bizenv_cli.diff.plan import INLINE_KINDS

    return None if row["kind"] in INLINE_KINDS else row["detail"]


def _schemas_dir_if_any(ctx: typer.Context):
    """The schemas the data folder in use is read with (the ledger's among them), or None."""
    from bizenv_cli.files.datadir import DataDirNotFound

    try:
        return settings(ctx).data_dir().schemas_dir
    except DataDirNotFound:
        return None


def _data_dir_if_any(ctx: typer.Context):
    """The data folder in use, or None when there is none (a diff of two files or folders needs none).

    Named by --data or BIZENV_DATA, it is the folder as given, a link not followed (find_data_dir
    resolves it): it places a revision's plans in the repository, and each revision's tree says
    where a link there leads, not this machine's (a data folder linked since had been looked for
    at the link's target in revisions from before the link)."""
    import os

    from bizenv_cli.files.datadir import DataDirNotFound, find_data_dir

    option = settings(ctx).data_option
    try:
        found = find_data_dir(option)
    except DataDirNotFound:
        return None
    return found._replace(root=Path(os.path.abspath(option))) if option is not None else found
