"""What the ledger's commands, and the queries that read the ledger, share on the command line:
loading the ledger of the data folder, a department named by --by, a report's day named by
--as-of, printing refused changes, and
printing what a change does to a report in `bizenv diff`'s words (recorded / changed / removed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from bizenv_cli.cli.app import EXIT_INVALID, fail_usage, settings

if TYPE_CHECKING:
    from bizenv_cli.ledger import Ledger


def load_ledger_of(ctx: typer.Context) -> "Ledger | None":
    """The ledger of the data folder in use, or None when data/progress holds no report; a report
    that cannot be read is named with file:line:col, exit 1."""
    data_dir = settings(ctx).data_dir()
    if not data_dir.ledger_files():
        return None
    from bizenv_cli.ledger import load_ledger
    from bizenv_cli.files.problems import DataError

    try:
        return load_ledger(data_dir)
    except DataError as error:
        typer.echo(f"{error.problem}", err=True)
        typer.echo("bizenv: the work ledger cannot be read; `bizenv validate` checks every file", err=True)
        raise typer.Exit(EXIT_INVALID)


def option_names():
    """The names the ledger's writers word their rules in (ledger/record.entries_for,
    ledger/spreadsheet.import_report): these options'. (The queries import this module too, and
    need no writer: ledger.record is imported here only when asked.)"""
    from bizenv_cli.ledger.record import ArgumentNames

    return ArgumentNames(item="ID", status="--status", status_given="--status S", actual="--actual",
                         actual_given="--actual RAW", raw="RAW", on="--on", on_given="--on DAY", body="--by",
                         as_of="--as-of", note="--note", evidence="--evidence")


def report_day(text: str | None, option: str = "--as-of"):
    """The day a day option names (today when not given), when a report can hold it (ledger/days.py):
    else a usage error (exit 2) naming the option and the days a report can hold, before any file
    is read. (`record` has its days held to the rule by ledger/record.entries_for, as the library's.)"""
    from bizenv_cli.cli.options import day_option
    from bizenv_cli.ledger.days import out_of_reach

    day = day_option(text, option)
    if refused := out_of_reach(day):
        fail_usage(f"{option}: {refused}")
    return day


def reporting_body(package, query: str, option: str = "--by"):
    """The one department a --by value names (its id, name, any alias, or an unambiguous part of
    one); usage error (exit 2) naming the candidates otherwise."""
    from bizenv_cli.model.wording import quoted_text
    from bizenv_cli.query.names import Ambiguous, NoMatch, find_department

    if not query or not query.strip():
        fail_usage(f"{option}: DEPT is empty; give the reporting body's id or name (e.g. {option} tax)")
    try:
        return find_department(package.registry, query)
    except NoMatch:
        fail_usage(f"{option}: no department matches {quoted_text(query)} (`bizenv departments` lists them all)")
    except Ambiguous as error:
        found = error.matches
    listed = ", ".join(f"{d.name} ({d.id})" for d in found[:8]) + (" ..." if len(found) > 8 else "")
    fail_usage(f"{option}: {quoted_text(query)} matches {len(found)} departments; say which: {listed}")


def refuse(problems, what: str) -> "typer.Exit":
    """Print why a change was refused (nothing was written) and exit 1."""
    for problem in problems:
        typer.echo(str(problem), err=True)
    typer.echo(f"bizenv: {what} refused; nothing was written", err=True)
    raise typer.Exit(EXIT_INVALID)


def report_findings(change) -> list:
    """What a planned change (ledger.record.Change) does to its report, as `bizenv diff` names it:
    progress-recorded, actual-changed, progress-removed ... (diff.ledger.diff_ledgers)."""
    from bizenv_cli.diff.ledger import diff_ledgers

    return diff_ledgers({"report": change.before} if change.before else {},
                        {"report": change.after} if change.after else {})


def print_changes(findings) -> dict[str, int]:
    """One line a finding on stdout (id, kind, field, and old → new); returns how many items were
    recorded, changed and removed."""
    from bizenv_cli.outputs.render import cell_text

    items: dict[str, set] = {"recorded": set(), "changed": set(), "removed": set()}
    for finding in findings:
        word = finding.kind.rsplit("-", 1)[-1]
        if word == "recorded":
            change = f"+ {cell_text(finding.new)}"
        elif word == "removed":
            change = f"- {cell_text(finding.old)}"
        else:
            change = f"{cell_text(finding.old)} → {cell_text(finding.new)}"
        typer.echo(f"{finding.id}  {finding.kind}  {finding.field}  {change}".rstrip())
        if word in items and finding.kind != "report-changed":
            items[word].add(finding.id)
    return {word: len(ids) for word, ids in items.items()}


def counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {word}" for word, count in counts.items())
