"""Listings written out in every format: table, json, csv, tsv, md (one mapping decides them).

A listing is a list of rows (dicts that are the JSON contract of DESIGN §6) and the columns that
the flat formats show. JSON writes the rows whole; the flat formats write the columns.
CSV is for Excel (DESIGN §8): UTF-8 with a BOM, Excel dialect, formula-like cells neutralised.
Only the table needs rich, and it imports it itself: `--format json` never pays for it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    md = "md"
    xlsx = "xlsx"  # a workbook (outputs/xlsx.py): a file, never standard output
    ics = "ics"    # a calendar (outputs/ics.py): `bizenv due` only


FORMAT_BY_EXTENSION = {
    ".json": OutputFormat.json,
    ".csv": OutputFormat.csv,
    ".tsv": OutputFormat.tsv,
    ".md": OutputFormat.md,
    ".txt": OutputFormat.table,
    ".xlsx": OutputFormat.xlsx,
    ".ics": OutputFormat.ics,
}


class UnknownExtension(ValueError):
    pass


def format_for_path(path: Path) -> OutputFormat:
    try:
        return FORMAT_BY_EXTENSION[Path(path).suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMAT_BY_EXTENSION))
        raise UnknownExtension(f"cannot tell the format of '{path}' from its extension (known: {known}); "
                               "pass --format") from None


Span = tuple[int, int]  # [start, end) character offsets into a cell's text


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[dict], Any]
    # Table hints: ids and dates never fold or truncate (no_wrap); long text folds.
    no_wrap: bool = False
    style: Callable[[dict], str | None] | None = None  # colour of a cell in the table, from its row
    justify: str = "left"
    highlights: Callable[[dict], list[Span]] | None = None  # parts of the cell to mark, e.g. search hits
    # "table": shown only in the table (a compact merge of other columns); "flat": only in
    # csv/tsv/md, where width costs nothing. None: everywhere.
    only: str | None = None


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(item) for item in value)
    return str(value)


def render(rows: list[dict], columns: list[Column], output_format: OutputFormat,
           title: str | None = None, color: bool = False, width: int | None = None) -> str:
    hidden = "flat" if output_format is OutputFormat.table else "table"
    shown = [column for column in columns if column.only != hidden]
    return RENDERERS[output_format](rows, shown, title, color, width)


def _json(rows, columns, title, color, width) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(text: str) -> str:
    # A cell Excel would run as a formula gets a leading apostrophe (OWASP's CSV-injection advice);
    # a plain negative number stays a number.
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _csv(rows, columns, title, color, width) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect="excel")
    writer.writerow([excel_safe(column.header) for column in columns])
    for row in rows:
        writer.writerow([excel_safe(cell_text(column.value(row))) for column in columns])
    return "\ufeff" + buffer.getvalue()


def _tsv(rows, columns, title, color, width) -> str:
    # One record per line for cut/awk: tabs and line breaks inside a cell become spaces.
    def clean(text: str) -> str:
        return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")

    lines = ["\t".join(clean(column.header) for column in columns)]
    lines += ["\t".join(clean(cell_text(column.value(row))) for column in columns) for row in rows]
    return "\n".join(lines) + "\n"


def _md(rows, columns, title, color, width) -> str:
    def clean(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>")

    lines = [f"**{clean(title)}**", ""] if title else []
    lines.append("| " + " | ".join(clean(column.header) for column in columns) + " |")
    lines.append("|" + "|".join("---:" if column.justify == "right" else "---" for column in columns) + "|")
    lines += ["| " + " | ".join(clean(cell_text(column.value(row))) for column in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


HIGHLIGHT_STYLE = "bold reverse"


def _table(rows, columns, title, color, width) -> str:
    # rich is imported here: JSON and CSV output need not pay for it.
    from rich import box
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    # The title is printed above the table, not as the table's own title: rich folds a table
    # title to the table's width, so a narrow table (few or empty rows) broke its heading in two.
    table = Table(header_style="bold" if color else "", box=box.SIMPLE_HEAD, pad_edge=False,
                  show_edge=False, collapse_padding=True)
    texts = [[cell_text(column.value(row)) for column in columns] for row in rows]
    needed = 0
    for index, column in enumerate(columns):
        # An id or a date is as wide as its longest cell, so that no squeeze can cut it; folding
        # text keeps up to 8 cells a line, so that the ids cannot squeeze it to nothing.
        widest = max((cell_len(line) for cells in texts for line in cells[index].splitlines() or [""]),
                     default=0)
        min_width = max(widest if column.no_wrap else min(widest, 8), cell_len(column.header), 1)
        needed += min_width + 2  # with the padding between columns
        table.add_column(column.header, no_wrap=column.no_wrap, overflow="fold", justify=column.justify,
                         min_width=min_width)
    # Rather a line longer than the terminal than an id or a date cut short.
    width = max(width or 80, needed)
    for row, cells in zip(rows, texts):
        rendered = []
        for column, text in zip(columns, cells):
            style = column.style(row) if (color and column.style) else None
            cell = Text(text, style=style or "")
            if color and column.highlights:
                for start, end in column.highlights(row):
                    cell.stylize(HIGHLIGHT_STYLE, start, end)
            rendered.append(cell)
        table.add_row(*rendered)
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system="standard" if color else None,
                      force_terminal=color, no_color=not color, highlight=False, soft_wrap=False,
                      emoji=False, markup=False)
    if title:
        # One line whatever the width (soft_wrap): a heading is what a reader greps for.
        console.print(Text(title, style="bold" if color else ""), soft_wrap=True)
    console.print(table)
    if not rows:
        console.print("(no rows)")
    # rich pads every line to the table's width; a pipe or a diff is better without the spaces.
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


RENDERERS: dict[OutputFormat, Callable[..., str]] = {
    OutputFormat.table: _table,
    OutputFormat.json: _json,
    OutputFormat.csv: _csv,
    OutputFormat.tsv: _tsv,
    OutputFormat.md: _md,
    OutputFormat.xlsx: lambda rows, columns, title, color, width: _xlsx(rows, columns, title),
    OutputFormat.ics: lambda rows, columns, title, color, width: _no_calendar(),
}


def _xlsx(rows, columns, title) -> bytes:
    from bizenv_cli.outputs.xlsx import listing_workbook

    return listing_workbook(rows, columns, title)


def _no_calendar():
    # A calendar needs the package (names, milestone numbers): emit() gets it from `bizenv due`.
    raise ValueError("a calendar is written from `bizenv due` rows with outputs.ics.due_calendar")

