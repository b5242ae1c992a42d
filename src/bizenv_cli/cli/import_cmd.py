"""`bizenv import TEXT -o DIR`: a new package's published text drafted as a data folder."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
from pathlib import Path
from typing import Annotated, Optional

import typer

from bizenv_cli.cli.app import EXIT_INVALID, app, fail_usage, settings
from bizenv_cli.model.wording import plural
from bizenv_cli.outputs.render import terminal_safe


@app.command("import")
def import_text(
    ctx: typer.Context,
    text: Annotated[Path, typer.Argument(
        metavar="TEXT", help="The published package: a .txt (UTF-8 or GB18030), a .docx or a saved .html page.")],
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="DIR", help="The data folder to create (new, or an empty folder).")] = None,
    package: Annotated[Optional[str], typer.Option(
        "--package", metavar="ID",
        help="The package id the plans carry (e.g. pingdingshan-2023); default: from TEXT's file name.")] = None,
    registry: Annotated[Optional[Path], typer.Option(
        "--registry", metavar="FILE",
        help="A department registry (e.g. last year's data/departments.yaml) to resolve bodies against; "
             "bodies it lacks get new ids.")] = None,
) -> None:
    """Draft a data folder from a plan package's published text.

    Writes DIR/plans/NN-slug.yaml (one per document: the overall plan, then each 附件N),
    DIR/departments.yaml, DIR/source/ (the text and its sha256) and an empty DIR/progress/, then
    validates the draft. Every line the importer could not read as the format means it is kept as
    text with a `needs-review` note and listed on stderr as FILE:LINE why, with every new body.
    Exit 0 when the draft is valid, 1 when validate finds problems (the draft is kept), 2 on a
    usage error (nothing written).

    \b
    Examples:
      bizenv import plans-2023.txt -o data-2023 --package pingdingshan-2023 --registry data/departments.yaml
      bizenv --data data-2023 validate
      bizenv --data data-2023 due --before 2023-06
    """
    from bizenv_cli.importer.run import ImportNames, ImportRefused, import_package

    if output is None:
        fail_usage("import: give the data folder to create with -o DIR")
    if not text.exists():
        fail_usage(f"{text}: no such file")
    if registry is not None and not registry.exists():
        fail_usage(f"--registry: {registry}: no such file")
    try:
        result = import_package(text, output, package=package, registry_path=registry,
                                names=ImportNames(package="--package", registry="--registry"))
    except ImportRefused as error:
        fail_usage(str(error))
    # Every line below quotes the input (its names, the folder given): an escape sequence in it is
    # shown, not obeyed.
    source_name = str(result.source_file)
    for review in result.draft.reviews:
        typer.echo(terminal_safe(f"{source_name}:{review.line} {review.why}"), err=True)
    draft = result.draft
    measures = sum(len(plan.plan["measures"]) for plan in draft.plans)
    indicators = sum(len(plan.plan["indicators"]) for plan in draft.plans)
    bodies = len(draft.new_bodies)
    typer.echo(terminal_safe(f"drafted {plural(len(draft.plans), 'plan')} ({plural(measures, 'measure')}, "
                             f"{plural(indicators, 'indicator')}, {bodies} new {'body' if bodies == 1 else 'bodies'}) "
                             f"of package {draft.package} in {result.folder}; "
                             f"{plural(len(draft.reviews), 'line')} for review"), err=True)
    _validate_draft(result.folder, use_cache=settings(ctx).use_cache)


def _validate_draft(folder: Path, use_cache: bool) -> None:
    from bizenv_cli.api import validate
    from bizenv_cli.files.datadir import find_data_dir

    # --no-cache: the check of the draft, like any other, neither reads nor writes a store.
    report = validate(find_data_dir(folder), use_cache=use_cache)
    if report.ok:
        typer.echo(terminal_safe(f"ok: the draft is valid (bizenv --data {folder} validate)"), err=True)
        return
    for problem in report.problems:
        typer.echo(terminal_safe(str(problem)), err=True)
    found = len(report.problems)
    typer.echo(terminal_safe(f"invalid: the draft has {plural(found, 'problem')}; fix {'it' if found == 1 else 'them'} "
                             f"in {folder}"), err=True)
    raise typer.Exit(EXIT_INVALID)
