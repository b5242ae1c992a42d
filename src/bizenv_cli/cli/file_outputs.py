"""How a listing becomes a file people open (docs/outputs.md): `-o F.xlsx` for any listing, and
`--format ics` / `-o F.ics` for `bizenv due`. `options.emit` hands these formats over here.

The writers themselves live in outputs/ (xlsx.py, ics.py); this module only checks that the
request makes sense, writes the file atomically and says what it wrote.
"""

from __future__ import annotations

from pathlib import Path

import typer

from bizenv_cli.cli.app import fail_usage
from bizenv_cli.cli.options import plural
from bizenv_cli.outputs.render import Column, OutputFormat


def emit_file(rows: list[dict], columns: list[Column], chosen: OutputFormat, output: Path | None,
              title: str | None, calendar, sheet: str | None = None) -> None:
    """Write `rows` as a workbook (its one sheet named after the command) or, for `due`, a calendar."""
    if chosen is OutputFormat.ics:
        if calendar is None:
            fail_usage("--format ics: only `bizenv due` writes a calendar (of its milestones); "
                       "this listing can be xlsx, csv, json, tsv or md")
        written = calendar(rows, title)
        if written.left_out:
            typer.echo(f"bizenv: left out {plural(written.left_out, 'ongoing row')} (持续推进): a calendar has "
                       "no day for them", err=True)
        if output is None:
            typer.echo(written.text, nl=False)
            return
        _write(output, written.text.encode("utf-8"))
        typer.echo(f"wrote {plural(written.events, 'event')} to {output} (ics)", err=True)
        return
    if output is None:
        fail_usage("--format xlsx: a workbook is a file, not text for a terminal; give -o FILE.xlsx")
    from bizenv_cli.outputs.xlsx import listing_workbook

    _write(output, listing_workbook(rows, columns, title, sheet or "listing"))
    typer.echo(f"wrote {plural(len(rows), 'row')} to {output} (xlsx)", err=True)


def _write(output: Path, content: bytes) -> None:
    from bizenv_cli.cli.options import write_output  # -o's one writer: whole or not at all, exit 3 on failure

    write_output(output, content)
