"""`bizenv validate`: schema, semantics and source audit of the data files."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
import os
from pathlib import Path
from typing import List, Optional

import typer

from bizenv_cli.cli.app import EXIT_INVALID, app, data_folder_message, fail_usage, settings
from bizenv_cli.cli.options import one_of
from bizenv_cli.files.datadir import data_files_in
from bizenv_cli.outputs.problem_formats import PROBLEM_WRITERS, ProblemFormat
from bizenv_cli.model.wording import plural


@app.command()
def validate(
    ctx: typer.Context,
    paths: Optional[List[Path]] = typer.Argument(
        None, metavar="FILE", help="Plan or work-ledger files to check, or folders of them (default: every plan of the data "
             "folder). The registry is always checked; naming it (data/departments.yaml) checks it alone."
    ),
    output_format: Optional[ProblemFormat] = typer.Option(
        None, "--format", "-f", case_sensitive=False, parser=one_of(ProblemFormat),
        help="text (file:line:col field: message), json, or github (Actions annotations; the default "
             "when GITHUB_ACTIONS is true, as in GitHub Actions).",
    ),
    show_coverage: bool = typer.Option(
        False, "--coverage", help="Also report, per document, the share of source characters the data holds "
                                  "and the source lines no value holds."),
    staged: bool = typer.Option(
        False, "--staged", help="Check the data folder as git's index holds it for the next commit, not as the "
                                "folder holds it: what a pre-commit hook means. Unstaged edits, untracked files "
                                "and BIZENV_DATA play no part; the folder is --data or the nearest data/."),
) -> None:
    """Check the data against the schema, its own rules and the source text.

    Every problem is printed as file:line:col field: message. Exit 0 when valid, 1 when any
    problem is found, 2 on a usage error. The data folder is --data DIR, BIZENV_DATA, or the
    nearest data/ from here upward; never the copy shipped with bizenv (that one answers queries).
    With --staged, the files are those the next commit holds (git's index), as a hook checks them.

    \b
    Examples:
      bizenv validate
      bizenv validate data/plans/04-getting-electricity.yaml --format github
      bizenv validate data/departments.yaml        (the registry alone)
      bizenv validate data/progress                (the work ledger's reports)
      bizenv validate --coverage
      bizenv validate --staged                     (the next commit's data: the pre-commit hook)
    """
    from bizenv_cli.api import validate
    from bizenv_cli.files.datadir import DataDirNotFound, folder_to_check

    if staged:
        if paths:
            fail_usage("--staged checks the whole data folder as the next commit holds it; name no FILE")
        report, checked = _validate_staged(ctx)
    else:
        try:
            data_dir = folder_to_check(settings(ctx).data_dir())
            plan_paths = _without_registry(_plan_paths(paths), data_dir) if paths else None
            report = validate(data_dir, plan_paths, use_cache=settings(ctx).use_cache)
        except DataDirNotFound as error:
            fail_usage(data_folder_message(error))
        checked = data_dir.display(data_dir.root)
    chosen = output_format or (ProblemFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else ProblemFormat.text)
    typer.echo(PROBLEM_WRITERS[chosen](report.problems), nl=False)
    if chosen == ProblemFormat.github:
        _github_step_summary(report.problems)
    if show_coverage:
        _print_coverage(report)
    files = plural(len(report.files), "file")
    if report.ok:
        typer.echo(f"ok: {files} valid ({checked})", err=True)
        return
    typer.echo(f"invalid: {plural(len(report.problems), 'problem')} in {files} checked", err=True)
    raise typer.Exit(EXIT_INVALID)


def _validate_staged(ctx: typer.Context):
    """The report of the data folder as git's index holds it (api.validate_staged), and what it
    checked. BIZENV_DATA names a folder for queries, set long ago perhaps: a commit checks its own
    data, so only --data or the nearest data/ is the folder here."""
    from bizenv_cli.api import validate_staged
    from bizenv_cli.files.datadir import DataDirNotFound, find_data_dir
    from bizenv_cli.files.gitrev import GitError

    chosen = settings(ctx)
    try:
        data_dir = find_data_dir(None if chosen.data_from_env else chosen.data_option, environment=False)
        report = validate_staged(data_dir)  # which refuses the copy shipped with bizenv
    except DataDirNotFound as error:
        fail_usage(f"--staged: {data_folder_message(error)}")
    except (GitError, ValueError) as error:
        fail_usage(f"--staged: {error}")
    return report, f"{data_dir.display(data_dir.root)}, as staged"


def _github_step_summary(problems) -> None:
    """Past what GitHub shows as annotations, every finding goes to the job summary too (appended,
    as each step's part of it is), and one notice says so."""
    from bizenv_cli.outputs.problem_formats import github_step_summary, github_summary_needed, github_summary_notice

    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary or not github_summary_needed(problems):
        return
    try:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(github_step_summary(problems))
    except OSError as error:
        typer.echo(f"bizenv: warning: cannot write the step summary {summary}: {error.strerror}", err=True)
        return
    typer.echo(github_summary_notice(len(problems)), nl=False)


def _without_registry(paths: list[Path], data_dir) -> list[Path]:
    """The paths that name plans: the registry, when named, is checked as the registry (it always is).

    Read as a plan, data/departments.yaml gave 14 errors that said nothing about it.
    """
    registry = data_dir.departments_file.resolve()
    plans = []
    for path in paths:
        if path.is_file() and path.resolve() == registry:
            continue
        if path.is_file() and path.name == registry.name:
            # Another data folder's registry: checking it against this folder's plans would mislead.
            fail_usage(f"{path} is the registry of another data folder than {data_dir.display(data_dir.root)}; "
                       f"run: bizenv --data {path.parent} validate")
        plans.append(path)
    return plans


def _plan_paths(paths: list[Path]) -> list[Path]:
    """The files named, a folder standing for every *.yaml in it and in its subfolders (the work
    ledger keeps its reports in progress/YYYY-MM/), hidden ones aside."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            files = data_files_in(path, below=True)
            if not files:
                # Checking nothing and printing "ok" would pass a CI job that points at the wrong folder.
                fail_usage(f"no plan or report files (*.yaml) in the folder {path}")
            found.extend(files)
        elif path.suffix.lower() in _spreadsheet_suffixes():
            # Read as YAML a workbook is "not UTF-8 (byte 0x93)": name what it is and where it goes.
            fail_usage(f"{path} is a spreadsheet, not a data file (*.yaml); a filled-in ledger template goes in "
                       f"with `bizenv ledger import {path}`")
        elif path.is_file() or _readable_file(path):
            found.append(path)
    return found


def _spreadsheet_suffixes() -> tuple[str, ...]:
    """The template's own kinds (ledger/sheet_files.py) and the office formats it is saved in by mistake."""
    from bizenv_cli.ledger.sheet_files import SHEET_SUFFIXES

    return (*SHEET_SUFFIXES, ".xls", ".ods")


def _readable_file(path: Path) -> bool:
    """True for a file that became readable meanwhile; else a usage error that says what the path
    is, in the words every reader of data files uses: a FIFO or a device is "not a regular file",
    a symlink loop "too many levels of symbolic links" (both were "no such file or folder")."""
    import errno

    from bizenv_cli.files.datadir import read_regular_file

    try:
        read_regular_file(path)  # refuses a FIFO before waiting on it, a device before reading it
    except OSError as error:
        if error.errno == errno.ENOENT:  # missing, or a symlink to nothing
            fail_usage(f"no such file or folder: {path}")
        fail_usage(f"cannot read {path}: {error.strerror}")
    return True


def _print_coverage(report) -> None:
    from bizenv_cli.checks.coverage import coverage_lines

    for line in coverage_lines(report):
        typer.echo(line)
