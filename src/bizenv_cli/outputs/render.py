"""Listings written out in every format: table, json, csv, tsv, md (one mapping decides them).

A listing is a list of rows (dicts that are the JSON contract of docs/json.md) and the columns that
the flat formats show. JSON writes the rows whole; the flat formats write the columns.
CSV is for Excel (README.md#exit-codes): UTF-8 with a BOM, Excel dialect, formula-like cells neutralised
(TSV's too: a spreadsheet opens it as readily). Text meant for a terminal (the table) shows
control characters escaped: an ESC, an OSC-8 link or a bidi override stored in the data must not
reach the terminal raw, where it would recolour, hide or reorder what the reader sees.
Only the table needs rich, and it imports it itself: `--format json` never pays for it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

from bizenv_cli.outputs.jsontext import dumps_indented


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


class Column(NamedTuple):
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


def one_decimal(value: float | None) -> str | None:
    """A percentage as a table shows it: one decimal is what a reader compares (JSON keeps six)."""
    return None if value is None else f"{value:.1f}"


# C0 controls (but line breaks, which the table keeps), DEL, C1 controls, the bidi embeddings,
# overrides and isolates (U+202A–202E, U+2066–2069) and the marks U+200E/200F/061C: what a
# terminal acts on instead of showing.
_TERMINAL_CONTROLS_PATTERN = "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
_TERMINAL_CONTROLS = None  # compiled on first use: a JSON listing never needs it (0.5 ms of each start)


def _terminal_controls() -> "re.Pattern[str]":
    global _TERMINAL_CONTROLS
    if _TERMINAL_CONTROLS is None:
        _TERMINAL_CONTROLS = re.compile(_TERMINAL_CONTROLS_PATTERN)
    return _TERMINAL_CONTROLS


def _escaped(match: "re.Match[str]") -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """`text` with every character a terminal would act on shown as an escape (`\\x1b`, `\\u202e`)."""
    controls = _TERMINAL_CONTROLS or _terminal_controls()
    return controls.sub(_escaped, text) if controls.search(text) else text


def _escaped_offsets(raw: str):
    """Where an offset into `raw` lands in terminal_safe(raw): marks on the text (search hits)
    follow the escapes, which are longer than the characters they stand for."""
    if not _terminal_controls().search(raw):
        return lambda offset: offset
    positions = [0]
    for char in raw:
        positions.append(positions[-1] + len(terminal_safe(char)))
    return lambda offset: positions[min(max(offset, 0), len(raw))]


def render(rows: list[dict], columns: list[Column], output_format: OutputFormat,
           title: str | None = None, color: bool = False, width: int | None = None) -> str:
    hidden = "flat" if output_format is OutputFormat.table else "table"
    shown = [column for column in columns if column.only != hidden]
    return RENDERERS[output_format](rows, shown, title, color, width)


def _json(rows, columns, title, color, width) -> str:
    return dumps_indented(rows) + "\n"


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
    lines += ["\t".join(excel_safe(clean(cell_text(column.value(row)))) for column in columns) for row in rows]
    return "\n".join(lines) + "\n"


def _md(rows, columns, title, color, width) -> str:
    def clean(text: str) -> str:
        # Markdown is read as text, often right in the terminal: controls show escaped, as in the table.
        return terminal_safe(text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>"))

    lines = [f"**{clean(title)}**", ""] if title else []
    lines.append("| " + " | ".join(clean(column.header) for column in columns) + " |")
    lines.append("|" + "|".join("---:" if column.justify == "right" else "---" for column in columns) + "|")
    lines += ["| " + " | ".join(clean(cell_text(column.value(row))) for column in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


HIGHLIGHT_STYLE = "bold reverse"


def _table(rows, columns, title, color, width) -> str:
    # rich is imported here: JSON and CSV output need not pay for it.
    from rich.cells import cell_len

    from bizenv_cli.outputs.linebreak import wrap_spans

    texts = [[terminal_safe(cell_text(column.value(row))) for column in columns] for row in rows]
    widths = column_widths(columns, texts, width or 80, cell_len)
    total = sum(widths) + 2 * (len(widths) - 1)
    if not color and _plain_header_fits(columns, widths, cell_len):
        return _plain_table(rows, columns, title, widths, texts, wrap_spans, cell_len)
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=max(total, width or 80), color_system="standard" if color else None,
                      force_terminal=color, no_color=not color, highlight=False, soft_wrap=False,
                      emoji=False, markup=False)
    if title:
        # One line whatever the width (soft_wrap): a heading is what a reader greps for. It is not
        # the table's own title, which rich would fold to a narrow table's width.
        console.print(Text(terminal_safe(title), style="bold" if color else ""), soft_wrap=True)
    # rich draws the header and its rule; the rows are laid out here, in the widths decided above,
    # each cell wrapped by linebreak's rules (rich's fold a number in two). Rendering every cell
    # through rich's table machinery cost ~100 ms for the 190 indicators, for the same lines.
    header = Table(header_style="bold" if color else "", box=box.SIMPLE_HEAD, pad_edge=False,
                   show_edge=False, collapse_padding=True)
    for column, column_width in zip(columns, widths):
        header.add_column(column.header, no_wrap=True, justify=column.justify, width=column_width)
    console.print(header)
    lines: list = []
    for row, cells in zip(rows, texts):
        wrapped = [(text, wrap_spans(text, column_width, cell_len)) for text, column_width in zip(cells, widths)]
        for index in range(max(len(spans) for _, spans in wrapped) if wrapped else 0):
            if color:
                lines.append(_styled_line(row, columns, widths, wrapped, index, Text, cell_len))
            else:
                lines.append("  ".join(_padded(text[start:end], column, column_width, cell_len)
                                       for column, column_width, (text, spans) in zip(columns, widths, wrapped)
                                       for start, end in [spans[index] if index < len(spans) else (0, 0)]))
    if color:
        for line in lines:
            console.print(line, soft_wrap=True)
    else:
        buffer.write("".join(line.rstrip() + "\n" for line in lines))
    if not rows:
        console.print("(no rows)")
    # rich pads every line to the table's width; a pipe or a diff is better without the spaces.
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def _plain_header_fits(columns, widths, measure) -> bool:
    """Whether the header is one line of plain text in these widths (it always is for our columns:
    a column is at least as wide as its header), which _plain_table writes as rich would."""
    return bool(columns) and all(
        measure(column.header) <= column_width and column.header.isprintable()
        for column, column_width in zip(columns, widths))


def _plain_table(rows, columns, title, widths, texts, wrap_spans, measure) -> str:
    """The table without colour, the same text rich prints for it (the header row, a rule under it,
    the rows laid out as in `_table`), without importing rich's console (~30 ms of a warm `gaps`,
    issue 14). Only rich's cell widths are used."""
    head = [terminal_safe(title)] if title else []
    head.append("  ".join(_padded(column.header, column, column_width, measure)
                          for column, column_width in zip(columns, widths)))
    head.append("\u2500" * (sum(widths) + 2 * (len(widths) - 1)))
    lines: list[str] = []
    for cells in texts:
        wrapped = [(text, wrap_spans(text, column_width, measure)) for text, column_width in zip(cells, widths)]
        for index in range(max(len(spans) for _, spans in wrapped)):
            lines.append("  ".join(_padded(text[start:end], column, column_width, measure)
                                   for column, column_width, (text, spans) in zip(columns, widths, wrapped)
                                   for start, end in [spans[index] if index < len(spans) else (0, 0)]))
    printed = "".join(line + "\n" for line in head) + "".join(line.rstrip() + "\n" for line in lines)
    if not rows:
        printed += "(no rows)\n"
    # As the rich path ends: no line padded to the table's width (a pipe or a diff is better without).
    return "".join(line.rstrip() + "\n" for line in printed.splitlines())


def _padded(text: str, column: Column, width: int, measure) -> str:
    gap = " " * (width - measure(text))
    return gap + text if column.justify == "right" else text + gap


def _styled_line(row, columns, widths, wrapped, index, Text, measure):
    """One printed line of a row in colour: each cell's piece padded to its column, in its style,
    with its highlights (search hits) moved onto the wrapped lines."""
    line = Text()
    for position, (column, column_width, (text, spans)) in enumerate(zip(columns, widths, wrapped)):
        if position:
            line.append("  ")
        start, end = spans[index] if index < len(spans) else (0, 0)
        piece = text[start:end]
        gap = " " * (column_width - measure(piece))
        cell = Text(piece, style=(column.style(row) or "") if column.style else "")
        if column.highlights:
            moved = _escaped_offsets(cell_text(column.value(row)))
            for low, high in column.highlights(row):
                low, high = max(moved(low), start), min(moved(high), end)
                if low < high:
                    cell.stylize(HIGHLIGHT_STYLE, low - start, high - start)
        if column.justify == "right":
            line.append(gap)
            line.append_text(cell)
        else:
            line.append_text(cell)
            line.append(gap)
    return line


# A number or word longer than this may still fold (a URL in a department's evidence, say).
MOST_KEPT_WHOLE = 12


def column_widths(columns: list[Column], texts: list[list[str]], width: int, measure) -> list[int]:
    """Each column's width in cells, so that the table fits `width` where it can.

    An id or a date (no_wrap) is as wide as its longest line, so that no squeeze can cut it;
    a folding column keeps at least 8 cells (or its header), so that the ids cannot squeeze it
    to nothing, and at least its widest number or date up to MOST_KEPT_WHOLE cells, so that
    2022-06-15 in a narrow column is not cut into 2022-06-1 and 5. Folding columns wider than
    their share give up width, the widest first, down to a common cap: a short column keeps its
    width while a long text folds. Rather a line longer than the terminal than an id or a date
    cut short.
    """
    from bizenv_cli.outputs.linebreak import longest_unbreakable

    natural, least = [], []
    for index, column in enumerate(columns):
        widest = max((measure(line) for cells in texts for line in cells[index].split("\n")), default=0)
        header = measure(column.header)
        natural.append(max(widest, header, 1))
        if column.no_wrap:
            least.append(natural[-1])
            continue
        number = max((longest_unbreakable(cells[index], measure) for cells in texts), default=0)
        least.append(max(min(widest, 8), min(number, MOST_KEPT_WHOLE), header, 1))
    available = width - 2 * (len(columns) - 1)
    if sum(natural) <= available:
        return natural
    folding = [index for index, column in enumerate(columns) if not column.no_wrap]
    fixed = sum(natural[index] for index in range(len(columns)) if index not in folding)

    def total(cap: int) -> int:
        return fixed + sum(max(least[index], min(natural[index], cap)) for index in folding)

    # The largest cap that fits: every folding column at most `cap` cells (never under its least).
    low, high = 1, max((natural[index] for index in folding), default=1)
    while low < high:
        middle = (low + high + 1) // 2
        if total(middle) <= available:
            low = middle
        else:
            high = middle - 1
    widths = [natural[index] if index not in folding else max(least[index], min(natural[index], low))
              for index in range(len(columns))]
    # The cap is whole cells; what is left of the width goes to the widest folding columns.
    spare = available - sum(widths)
    for index in sorted(folding, key=lambda index: -natural[index]):
        if spare <= 0:
            break
        grow = min(spare, natural[index] - widths[index])
        widths[index] += grow
        spare -= grow
    return widths


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

