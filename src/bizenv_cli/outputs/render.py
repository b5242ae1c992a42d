"""A listing, and the formats that write it as text: table, json, csv, tsv, md.

A listing is a list of rows (dicts that are the JSON contract of docs/json.md) and the columns that
the flat formats show. JSON writes the rows whole; the flat formats write the columns.
CSV is for Excel (docs/json.md#the-other-formats): UTF-8 with a BOM, Excel dialect, formula-like
cells neutralised (TSV's too: a spreadsheet opens it as readily). Text meant for a terminal (the
table) shows control characters escaped: an ESC, an OSC-8 link or a bidi override stored in the
data must not reach the terminal raw, where it would recolour, hide or reorder what the reader sees.
Only the coloured table needs rich's console, and it imports it itself: `--format json` and a
plain table never pay for it. outputs/formats.py names each format and its writer.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from operator import itemgetter
from typing import Any, NamedTuple

from bizenv_cli.files.formula_guard import guarded
from bizenv_cli.model.wording import LIST_SEPARATOR

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
    # csv/tsv/md and the workbook, where width costs nothing. None: everywhere.
    only: str | None = None
    # Workbook hints, for a column its content should not lay out: the blank columns of the
    # ledger's template, which hold what a person will type. None/False: the content decides.
    sheet_width: int | None = None     # in characters
    sheet_format: str | None = None    # the number format of every cell, blank ones included
    sheet_wrap: bool = False           # wrap the text even before any of it is long
    # Language hints (outputs/words.py), for a column its header does not name: `key`, the JSON
    # key a table's short header stands for (`drop` for `dropped`; `due` is a status's count in
    # one listing and the milestones due in another), which names it and its values in another
    # language; `words_of`, the key whose words each cell's values are in, from its row (`show`'s
    # value by its field: a `direction` field holds a direction).
    key: str | None = None
    words_of: Callable[[dict], str] | None = None

    @classmethod
    def of(cls, key: str, **hints) -> Column:
        """The column of the rows' own `key`, headed by it: the JSON key is the flat formats' header."""
        return cls(key, itemgetter(key), **hints)


class Listing(NamedTuple):
    """What a command hands to a format's writer (outputs/formats.py)."""
    rows: list[dict]
    columns: list[Column]
    title: str | None = None
    record: dict | None = None     # what JSON writes instead of the rows (`bizenv show`: one object)
    color: bool = False            # the table only: colour for a person at a terminal
    width: int | None = None       # the table only: the width to fit
    sheet: str = "listing"         # the workbook only: its sheet's name
    calendar: Callable | None = None  # the calendar only: an outputs.ics.CalendarSource (`bizenv due`)
    # The language its columns and title are in already (outputs/words.py): a writer that words
    # more than those (the calendar's descriptions) words it in this one.
    language: str = "en"


class Composed(tuple):
    """A cell written from parts: text as it is, any other part (a list, a number) as cell_text
    writes a value. A list inside a line of text (`lead:市税务局、市财政局`, `a, b → a, b, c`) is then
    joined by the listing's rule, as a list cell is, and a Phrase is said in the listing's language
    (outputs/words.py)."""

    @classmethod
    def lines(cls, lines) -> "Composed":
        """A cell of one line each of `lines` (each a part, or a Composed line of parts)."""
        parts: list = []
        for line in lines:
            parts += ["\n", line] if parts else [line]
        return cls(parts)


def cell_text(value: Any, language: str = "en") -> str:
    """`value` as a cell's text; a list's items joined by the language's LIST_SEPARATOR."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        # Every digit the JSON holds (to_target_pct -16.666667, which `:g` cut to -16.6667), and a
        # whole number without its `.0`.
        text = repr(value)
        return text.removesuffix(".0")
    if isinstance(value, Composed):
        return "".join(part if isinstance(part, str) else cell_text(part, language) for part in value)
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR[language].join(cell_text(item, language) for item in value)
    return str(value)


def one_decimal(value: float | None) -> str | None:
    """A percentage as a table shows it: one decimal is what a reader compares (JSON keeps six)."""
    return None if value is None else f"{value:.1f}"


# C0 controls (but line breaks, which the table keeps), DEL, C1 controls, the bidi embeddings,
# overrides and isolates (U+202A–202E, U+2066–2069) and the marks U+200E/200F/061C: what a
# terminal acts on instead of showing.
_TERMINAL_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escaped(match: "re.Match[str]") -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """`text` with every character a terminal would act on shown as an escape (`\\x1b`, `\\u202e`)."""
    return _TERMINAL_CONTROLS.sub(_escaped, text)


def _escaped_offsets(raw: str):
    """Where an offset into `raw` lands in terminal_safe(raw): marks on the text (search hits)
    follow the escapes, which are longer than the characters they stand for."""
    if not _TERMINAL_CONTROLS.search(raw):
        return lambda offset: offset
    positions = [0]
    for char in raw:
        positions.append(positions[-1] + len(terminal_safe(char)))
    return lambda offset: positions[min(max(offset, 0), len(raw))]


def shown_columns(columns: list[Column], table: bool) -> list[Column]:
    """The columns a format shows: the table hides those marked "flat", every other format those
    marked "table"."""
    hidden = "flat" if table else "table"
    return [column for column in columns if column.only != hidden]


def json_text(listing: Listing) -> str:
    value = listing.record if listing.record is not None else listing.rows
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def csv_text(listing: Listing) -> str:
    import csv

    columns = shown_columns(listing.columns, table=False)
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect="excel")
    writer.writerow([guarded(column.header) for column in columns])
    for row in listing.rows:
        writer.writerow([guarded(cell_text(column.value(row))) for column in columns])
    return "\ufeff" + buffer.getvalue()


def tsv_text(listing: Listing) -> str:
    # One record per line for cut/awk: tabs and line breaks inside a cell become spaces.
    def clean(text: str) -> str:
        return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")

    columns = shown_columns(listing.columns, table=False)
    lines = ["\t".join(clean(column.header) for column in columns)]
    lines += ["\t".join(guarded(clean(cell_text(column.value(row)))) for column in columns)
              for row in listing.rows]
    return "\n".join(lines) + "\n"


# What Markdown would act on in a cell (GitHub's and Python-Markdown's readings alike): `&`, `<`
# and `>` as HTML entities, so that no tag, entity or <autolink> of the data is markup; the
# characters of emphasis, code, strikethrough and links backslash-escaped (CommonMark §2.4); `_`
# only where it could open or close emphasis (days_left is a word); `|` ends a table cell. GitHub
# also links a bare URL, www. name or e-mail address: the `:` of `://`, the `.` after www and
# every `@` are escaped, which its autolinker does not see through.
_MARKDOWN_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# An underscore stays bare only between two letters or digits (file_name), where it cannot open
# or close emphasis; one beside another underscore (__strong__) is escaped like any other.
_MARKDOWN_ACTIVE = re.compile(r"[&<>\\`*~\[\]|@]|(?<![^\W_])_|_(?![^\W_])|:(?=//)|(?<=www)\.")


def markdown_safe(text: str) -> str:
    """`text` as a Markdown table cell that shows it as it is: never a tag, a link, emphasis or code."""
    def escaped(match: "re.Match[str]") -> str:
        char = match.group()
        return _MARKDOWN_ENTITIES.get(char) or "\\" + char

    return _MARKDOWN_ACTIVE.sub(escaped, text)


def markdown_text(listing: Listing) -> str:
    def clean(text: str) -> str:
        # Markdown is read as text, often right in the terminal: controls show escaped, as in the table.
        return terminal_safe(markdown_safe(text.replace("\r", "")).replace("\n", "<br>"))

    columns = shown_columns(listing.columns, table=False)
    lines = [f"**{clean(listing.title)}**", ""] if listing.title else []
    lines.append("| " + " | ".join(clean(column.header) for column in columns) + " |")
    lines.append("|" + "|".join("---:" if column.justify == "right" else "---" for column in columns) + "|")
    lines += ["| " + " | ".join(clean(cell_text(column.value(row))) for column in columns) + " |"
              for row in listing.rows]
    return "\n".join(lines) + "\n"


HIGHLIGHT_STYLE = "bold reverse"


def table_text(listing: Listing) -> str:
    """The listing as a table for a terminal: each column as wide as `column_widths` decides, each
    cell wrapped by linebreak's rules (rich's fold a number or a date in two), the header and a
    rule above the rows; coloured (by each column's style) only when the listing asks for colour.

    The rows are laid out here, not by rich's Table: for a plain table rich's Table prints the
    same bytes (tests/outputs/test_table.py holds the two to that), far more slowly
    (`benchmarks/bench_outputs.py --tables` measures by how much of a warm `gaps` or `due`)."""
    from rich.cells import cell_len

    from bizenv_cli.outputs.linebreak import wrap_spans

    columns = shown_columns(listing.columns, table=True)
    texts = [[terminal_safe(cell_text(column.value(row))) for column in columns] for row in listing.rows]
    widths = column_widths(columns, texts, listing.width or FALLBACK_WIDTH, cell_len)
    wrapped_rows = [[(text, wrap_spans(text, column_width, cell_len)) for text, column_width in zip(cells, widths)]
                    for cells in texts]
    if listing.color:
        printed = _coloured_table(listing, columns, widths, wrapped_rows, cell_len)
    else:
        printed = _plain_table(listing, columns, widths, wrapped_rows, cell_len)
    # No line padded to the table's width: a pipe or a diff is better without the spaces.
    return "".join(line.rstrip() + "\n" for line in printed.splitlines())


def _plain_table(listing: Listing, columns, widths, wrapped_rows, measure) -> str:
    """The table without colour: the title, the header, a rule under it (box.SIMPLE_HEAD's), the rows.
    rich's console is not imported for it (`benchmarks/bench_outputs.py --tables` measures what that saves)."""
    head = [terminal_safe(listing.title)] if listing.title else []
    head.append("  ".join(_padded(column.header, column, column_width, measure)
                          for column, column_width in zip(columns, widths)))
    head.append("\u2500" * (sum(widths) + 2 * (len(widths) - 1)))
    lines = [line for wrapped in wrapped_rows for line in _row_lines(columns, widths, wrapped, measure)]
    if not listing.rows:
        lines.append("(no rows)")
    return "".join(line + "\n" for line in head + lines)


def _row_lines(columns, widths, wrapped, measure) -> list[str]:
    """The printed lines of one row: each cell's wrapped pieces side by side, padded to their columns."""
    return ["  ".join(_padded(text[start:end], column, column_width, measure)
                      for column, column_width, (text, spans) in zip(columns, widths, wrapped)
                      for start, end in [spans[index] if index < len(spans) else (0, 0)])
            for index in range(max((len(spans) for _, spans in wrapped), default=0))]


def _coloured_table(listing: Listing, columns, widths, wrapped_rows, measure) -> str:
    """The table in colour: rich draws the title and the header (bold); the rows are the plain
    table's lines, each cell's piece in its column's style, with its highlights (search hits)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=max(sum(widths) + 2 * (len(widths) - 1), listing.width or FALLBACK_WIDTH),
                      color_system="standard", force_terminal=True, no_color=False, highlight=False, soft_wrap=False,
                      emoji=False, markup=False)
    if listing.title:
        # One line whatever the width (soft_wrap): a heading is what a reader greps for. It is not
        # the table's own title, which rich would fold to a narrow table's width.
        console.print(Text(terminal_safe(listing.title), style="bold"), soft_wrap=True)
    header = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True)
    for column, column_width in zip(columns, widths):
        header.add_column(column.header, no_wrap=True, justify=column.justify, width=column_width)
    console.print(header)
    for row, wrapped in zip(listing.rows, wrapped_rows):
        for index in range(max((len(spans) for _, spans in wrapped), default=0)):
            console.print(_styled_line(row, columns, widths, wrapped, index, Text, measure), soft_wrap=True)
    if not listing.rows:
        console.print("(no rows)")
    return buffer.getvalue()


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
# The width a table is laid out for when nothing names one (a pipe, no terminal), and when the
# width named is narrower than the table can fold to (column_widths).
FALLBACK_WIDTH = 80


def column_widths(columns: list[Column], texts: list[list[str]], width: int, measure) -> list[int]:
    """Each column's width in cells, so that the table fits `width` where it can.

    An id or a date (no_wrap) is as wide as its longest line, so that no squeeze can cut it;
    a folding column keeps at least 8 cells (or its header), so that the ids cannot squeeze it
    to nothing, and at least its widest number or date up to MOST_KEPT_WHOLE cells, so that
    2022-06-15 in a narrow column is not cut into 2022-06-1 and 5. Folding columns wider than
    their share give up width, the widest first, down to a common cap: a short column keeps its
    width while a long text folds. Rather a line longer than the terminal than an id or a date
    cut short.

    A table that cannot fit `width` even with every column at its least is laid out for
    FALLBACK_WIDTH (or its least, if wider) instead: its lines run past the edge either way, and
    squeezed, each row took more lines (docs/queries.md#output: `due --before 2022-06` in 40
    columns took 132 lines of the terminal squeezed, 74 laid out for 80).
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
    gaps = 2 * (len(columns) - 1)
    available = width - gaps
    if sum(least) > available:
        available = max(available, FALLBACK_WIDTH - gaps)
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
