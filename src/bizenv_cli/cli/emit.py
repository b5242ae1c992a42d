"""The one way a listing is written out: to standard output or to -o FILE, in the format --format
names or, without it, the one FILE's extension names (outputs/formats.py decides both).

A workbook is bytes, so it needs -o; a file is written whole or not at all (options.write_output),
never onto a data file of the package, and stderr says what was written. Headers and status words
are in the language --lang names, else the format's own (outputs/words.py): a command declares
--lang (options.LangOption) and emit reads it from the command's parameters.
"""

from __future__ import annotations

from pathlib import Path

import typer

from bizenv_cli.cli.app import fail_usage
from bizenv_cli.cli.options import refuse_data_file, table_width, use_color, write_output
from bizenv_cli.outputs.formats import NotWritable, OutputFormat, UnknownExtension, format_for_path, format_of
from bizenv_cli.outputs.render import Column, Composed, Listing
from bizenv_cli.outputs.words import in_language, in_words, sheet_in, text_in


def resolve_format(output_format: OutputFormat | None, output: Path | None) -> OutputFormat:
    """--format if given, else the -o file's extension, else a table."""
    if output is not None and output.is_dir():
        # Checked before the extension, which a folder has none of (`-o ''` arrives as '.').
        fail_usage(f"-o: '{output}' is a folder; give a file name")
    if output_format is not None:
        return output_format
    try:
        return format_for_path(output) if output else OutputFormat.table
    except UnknownExtension as error:
        fail_usage(f"-o: {error}")


def emit(ctx: typer.Context, rows: list[dict], columns: list[Column], output_format: OutputFormat | None,
         output: Path | None, title: "str | Composed | None" = None, record: dict | None = None, calendar=None,
         width: int | None = None, names: dict[str, str] | None = None) -> None:
    """Write a listing to standard output or to -o FILE, in the chosen format.

    `title` is said in the listing's language (a Phrase, or a cell composed of them and data).
    `record`, when given, is what JSON writes instead of the rows (`bizenv show` prints one object).
    `calendar` (an outputs.ics.CalendarSource) lets the listing be written as a calendar.
    `width` is the table's width where the command decides it (default: table_width).
    `names` (each department id's name) shows the ids of a department column as names in Chinese.
    """
    chosen = resolve_format(output_format, output)
    written_as = format_of(chosen)
    if output is not None:
        refuse_data_file(ctx, output)
    elif written_as.binary:
        fail_usage(f"--format {written_as.name}: {written_as.what} is a file, not text for a terminal; "
                   f"give -o FILE{written_as.extensions[0]}")
    color = use_color(ctx, output is not None)
    language = listing_language(ctx, chosen)
    opened = written_as.opened
    listing = Listing(rows, in_language(columns, language, names, opened),
                      title=text_in(title, language, opened) if title else None,
                      record=record, color=color,
                      width=width or table_width(ctx), sheet=sheet_in(ctx.info_name or "listing", language),
                      calendar=calendar, language=language)
    try:
        written = written_as.write(listing)
    except NotWritable as error:
        fail_usage(f"--format {written_as.name}: {error}")
    for note in written.notes:
        typer.echo(f"bizenv: note: {note}", err=True)
    if output is None:
        # color= tells click not to strip the colour we chose (it strips it whenever stdout is no tty).
        typer.echo(written.content, nl=False, color=color)
        return
    write_output(output, written.content)
    typer.echo(f"wrote {written.count} to {output} ({written_as.name})", err=True)


def listing_language(ctx: typer.Context, chosen: OutputFormat) -> str:
    """The language a listing is written in: --lang if given, else the format's own (a workbook's
    and a calendar's is Chinese). A command whose cells hold words of their own (`plans`' tied
    leads) words them in it."""
    return chosen_language(ctx) or format_of(chosen).language


def listing_in_words(ctx: typer.Context, chosen: OutputFormat) -> bool:
    """Whether a listing says its values in words (outputs/words.in_words): in Chinese, and in a
    file people open in English; a command whose cells hold words of their own (`plans`' tied
    leads) says them then, and the JSON's values otherwise."""
    return in_words(listing_language(ctx, chosen), format_of(chosen).opened)


def chosen_language(ctx: typer.Context) -> str | None:
    """The command's --lang, if it has the option and it was given."""
    chosen = ctx.params.get("lang")
    return chosen.value if chosen is not None else None
