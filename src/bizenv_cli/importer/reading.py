"""A published plan as text: a .txt (UTF-8 or GB18030), a .docx, or an .html page saved from a site.

The text returned is what the draft's source/ keeps and what every line number points into, laid
out as the 2022 text is: one paragraph a line with a blank line between paragraphs, and each table
cell on a line of its own that starts with a tab, a blank line after each row.
"""

from __future__ import annotations

import re
from pathlib import Path

from bizenv_cli.files.datadir import MAX_DATA_FILE_BYTES, read_regular_file

FORMATS = (".txt", ".docx", ".html", ".htm")
# A published package is some hundreds of KB of text; a .docx with pictures is more. The text read
# from it is bounded apart (MAX_DATA_FILE_BYTES): it becomes a data file, source/NAME.txt.
MAX_INPUT_BYTES = 64 * 1024 * 1024
# The characters no text the importer keeps holds: the C0 controls but tab and line feed, DEL and
# the C1 controls (U+0080-U+009F), which the loader refuses in a value (all but U+0085, which a
# terminal acts on too), and the byte-order mark and noncharacters an extraction leaves. A carriage
# return ends a line first (CRLF and a lone CR alike read as LF), so no line is added or lost.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")


# Where a table ends: text after a table read from a .docx or a page follows a second blank line, as
# in the 2022 text. After one blank line a short line still continues the last cell of the row above
# (a cell printed over several lines: importer/draft.py's table regions), so a short paragraph after
# a table (数据来源：…, a table's title) had been read into its last cell. A table right after another
# stays one with it, as before.


class UnreadableInput(ValueError):
    """An input the importer cannot read as a published plan; the message names the file."""


def read_published(path: Path) -> str:
    """The plan's text, lines ending in \\n, whatever the input's format."""
    suffix = path.suffix.lower()
    if path.is_dir():  # a folder named plans.txt too: never "a file without an extension"
        raise UnreadableInput(f"{path}: is a folder; give the published text (a {', '.join(FORMATS[:3])} or .htm file)")
    if suffix not in FORMATS:
        raise UnreadableInput(f"{path}: cannot import a {suffix or 'file without an extension'}; "
                              f"give a {', '.join(FORMATS[:3])} or .htm file")
    try:
        raw = read_regular_file(path, MAX_INPUT_BYTES, what="a published text to import")
    except OSError as error:
        raise UnreadableInput(f"{path}: {error.strerror}") from None
    if suffix == ".txt":
        # Kept as published, character for character but the controls no data file may hold: the
        # audit quotes it (a GB18030 text is re-encoded as UTF-8, the characters unchanged).
        text = without_controls(decode_text(raw, path))
    elif suffix == ".docx":
        text = _normalised(docx_text(raw, path))
    else:
        text = _normalised(html_text(decode_text(raw, path, _declared_charset(raw))))
    return _refuse_unusable(text, path)


def _refuse_unusable(text: str, path: Path) -> str:
    """`text`, unless no draft can be made of it: nothing but blank lines, or more than the source
    text of a data folder may be (validate reads it as a data file)."""
    if not text.strip():
        raise UnreadableInput(f"{path}: the text is empty (no line but blank ones)")
    size = len(text.encode("utf-8"))
    if size > MAX_DATA_FILE_BYTES:
        raise UnreadableInput(f"{path}: the text is {size:,} bytes as UTF-8; the source text of a data folder "
                              f"may be at most {MAX_DATA_FILE_BYTES:,} bytes (4 MiB)")
    return text


def decode_text(raw: bytes, path: Path, declared: str | None = None) -> str:
    """UTF-8 (with or without a byte-order mark), else GB18030, which every GBK/GB2312 file is too."""
    for encoding in dict.fromkeys(filter(None, (declared, "utf-8-sig", "gb18030"))):
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise UnreadableInput(f"{path}: the text is neither UTF-8 nor GB18030{_where_utf8_fails(raw)}")


def _where_utf8_fails(raw: bytes) -> str:
    """Where a text that is mostly UTF-8 stops being it: a download cut off inside a character, or a
    stray byte, is found by its line rather than by reading the whole file for it."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            raw.decode("utf-16")
            return " (it is UTF-16, Notepad's 'Unicode': save it as UTF-8)"
        except UnicodeDecodeError:
            pass
    try:
        # Plain UTF-8, not "utf-8-sig": a byte order mark is a character of it, so an error's place
        # counts from the file's first byte, as the lines below are counted.
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        if error.end == len(raw) and error.reason == "unexpected end of data":
            return f" (as UTF-8 it ends inside a character, on line {line}: is the file cut off?)"
        return f" (as UTF-8, line {line} holds a byte no character is written with)"
    return ""


def without_controls(text: str) -> str:
    """`text` without the control characters no data file may hold (_CONTROLS); lines stay as they are."""
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _normalised(text: str) -> str:
    """An extracted text (.docx, .html) as the importer lays a text out: without the controls no data
    file may hold, and without blank lines at its end."""
    cleaned = without_controls(text).split("\n")
    while cleaned and not cleaned[-1].strip():
        cleaned.pop()
    return "\n".join(cleaned) + "\n"


def docx_text(raw: bytes, path: Path) -> str:
    """The paragraphs and tables of a .docx in document order, through python-docx."""
    try:
        import docx  # python-docx: only this format needs it
    except ImportError:
        raise UnreadableInput(f"{path}: reading a .docx needs python-docx: pip install 'bizenv-cli[import]'") from None
    from io import BytesIO

    try:
        document = docx.Document(BytesIO(raw))
    except Exception as error:  # noqa: BLE001 - a damaged or foreign file: one message, not a traceback
        raise UnreadableInput(f"{path}: not a readable .docx ({type(error).__name__})") from None
    lines: list[str] = []
    after_table = False
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            after_table = True
            above: tuple = ()
            for index, row in enumerate(block.rows):
                # python-docx gives a merged cell once for each grid cell it spans, in each row: its
                # text is printed once, where it starts, and an empty cell keeps each later place.
                cells = row.cells
                if index == 0 and _is_caption([cell._tc for cell in cells]):
                    lines += [_caption([paragraph.text for paragraph in cells[0].paragraphs]), ""]
                    above = cells
                    continue
                for column, cell in enumerate(cells):
                    if (column and cell._tc is cells[column - 1]._tc) or (
                            column < len(above) and cell._tc is above[column]._tc):
                        lines.append("\t")
                    else:
                        lines.extend(_cell_lines([paragraph.text for paragraph in cell.paragraphs]))
                lines.append("")
                above = cells
        else:
            # A paragraph's indent (　　, a tab) is layout, left out as an .html page's is: kept, it
            # hid an assignment line from the block reader, and a tab made the paragraph a table cell.
            text = block.text.strip()
            if after_table and text:
                lines.append("")  # the table ends (see "Where a table ends" above)
                after_table = False
            lines += [text, ""]
    return "\n".join(lines)


def _is_caption(places: list) -> bool:
    """Whether a table's first row is one cell across its whole width (表1 指标对比): a caption,
    printed as a paragraph before the table, since as a cell it would make the header unreadable."""
    return len(places) > 1 and all(place is places[0] for place in places)


def _caption(paragraphs: list[str]) -> str:
    return " ".join(text.strip() for text in paragraphs if text.strip())


def _cell_lines(paragraphs: list[str]) -> list[str]:
    """A table cell as the 2022 text prints one: a tab, the cell's first line; its other lines follow."""
    texts = [text.replace("\t", " ").strip() for text in paragraphs] or [""]
    texts = [text for text in texts if text] or [""]
    return ["\t" + texts[0], *texts[1:]]


def _declared_charset(raw: bytes) -> str | None:
    found = re.search(rb"<meta[^>]*charset=[\"']?([A-Za-z0-9_-]+)", raw[:4096], re.IGNORECASE)
    if not found:
        return None
    declared = found.group(1).decode("ascii").lower()
    # A <meta> this search can read is in ASCII bytes, so the page is not UTF-16 whatever it says; a
    # browser reads such a page as UTF-8 (the HTML standard's prescan), where UTF-16 made it mojibake.
    return "utf-8" if declared.startswith(("utf-16", "utf16")) else declared


def _span(attrs: list[tuple[str, str | None]], name: str, most: int) -> int:
    """A cell's rowspan or colspan as the HTML standard reads it: digits, 1 when absent or not
    digits (0, a rowspan to the table's end, spans no row below here), at most `most`."""
    value = next((value for key, value in attrs if key == name), None)
    digits = re.match(r"\s*(\d+)", value or "")
    return min(max(int(digits.group(1)), 1), most) if digits else 1


def html_text(page: str) -> str:
    """The text of an HTML page, block by block, read with the standard library's HTML parser.

    A table row is written when it ends: at </tr>, and also at the next <tr>, at </table> or at the
    end of the page, since HTML lets a page omit </td>, </th> and </tr>; a cell ends likewise at the
    next <td>/<th> or where its row ends. A table inside a cell is laid out inside that cell: each of
    its cells becomes further lines of the outer cell (the cell's own text before and after it
    included), so every character of both tables is kept, and the outer table keeps its width.
    """
    from html.parser import HTMLParser

    class _Table:
        """A table being read: its open row and cell, and the outer cell it is printed in, if any."""

        def __init__(self, host: list[str] | None) -> None:
            self.host = host
            self.row: list[list[str]] | None = None
            self.cell: list[str] | None = None
            self.cell_span = (1, 1)  # the open cell's rowspan and colspan
            self.spans: list[int] = []  # the colspan of each cell the open row prints
            self.rows = 0  # the rows ended so far
            self.below: dict[int, int] = {}  # column → rows below that a rowspan still covers

    class _PlanPage(HTMLParser):
        BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "title",
                  "blockquote", "pre", "header", "footer", "table"}
        SKIPPED = {"script", "style", "head", "noscript", "template"}

        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.lines: list[str] = []
            self.current: list[str] = []
            self.skipping = 0
            self.tables: list[_Table] = []  # the tables open here, innermost last
            self.after_table = False  # a table ended, and no text has followed it yet

        def handle_starttag(self, tag, attrs):
            if tag in self.SKIPPED:
                self.skipping += 1
            elif tag == "table":
                cell = self._open_cell()
                if cell is None:
                    self._end_block()
                self.tables.append(_Table(cell))
            elif tag == "tr" and self.tables:
                self._end_row()
                if self.tables[-1].host is None:  # a caption's text goes before the rows
                    self._end_block()
                self.tables[-1].row = []
            elif tag in ("td", "th") and self.tables:
                table = self.tables[-1]
                self._end_cell()
                if table.row is None:  # a cell with no <tr> before it opens a row
                    table.row = []
                table.cell = [""]
                table.cell_span = (_span(attrs, "rowspan", 65534), _span(attrs, "colspan", 1000))
            elif tag == "br":
                cell = self._open_cell()
                if cell is not None:
                    cell.append("")
                else:
                    self._end_block()
            elif tag in self.BLOCKS and self._open_cell() is None:
                self._end_block()

        def handle_endtag(self, tag):
            if tag in self.SKIPPED:
                self.skipping = max(0, self.skipping - 1)
            elif tag in ("td", "th") and self.tables:
                self._end_cell()
            elif tag == "tr" and self.tables:
                self._end_row()
            elif tag == "table" and self.tables:
                self._end_table()
            elif tag in self.BLOCKS and self._open_cell() is None:
                self._end_block()

        def handle_data(self, data):
            if self.skipping:
                return
            text = " ".join(data.split()) if not data.isspace() else ""
            cell = self._open_cell()
            if cell is not None:
                cell[-1] += text
            elif text and self.tables and self.tables[-1].host is not None:
                self.tables[-1].host.extend([text, ""])  # text in an inner table outside its cells
            elif text:
                self.current.append(text)

        def _open_cell(self) -> list[str] | None:
            """The lines of the cell text goes to now: the innermost table's open cell."""
            return self.tables[-1].cell if self.tables else None

        def _end_cell(self):
            table = self.tables[-1]
            if table.cell is not None:  # a cell is opened in a row (<td> opens one when none is)
                self._covered(table)
                rows, columns = table.cell_span
                for column in range(len(table.row), len(table.row) + columns):
                    table.below[column] = rows - 1
                table.row.append(table.cell)
                table.row.extend([""] for _ in range(columns - 1))
                table.spans.append(columns)
                table.cell = None

        @staticmethod
        def _covered(table: _Table) -> None:
            """An empty cell in each place of the row a cell above spans (rowspan), as a .docx's
            merged cell has, so that the row keeps its width."""
            while table.below.get(len(table.row), 0) > 0:
                table.below[len(table.row)] -= 1
                table.row.append([""])

        def _end_row(self):
            self._end_cell()
            table = self.tables[-1]
            if table.row is None:
                return
            self._covered(table)
            row, table.row = table.row, None
            spans, table.spans = table.spans, []
            table.rows += 1
            if table.rows == 1 and table.host is None and len(spans) == 1 and spans[0] > 1:
                # <td colspan=4>表1 指标对比</td> alone in the first row: a caption (_is_caption).
                self.lines.extend([_caption(row[0]), ""])
                return
            lines = [line for cell in row for line in _cell_lines(cell)]
            if table.host is not None:
                # Inside an outer cell: each inner cell a line of it; what follows starts a line too.
                table.host.extend([line.lstrip("\t") for line in lines] + [""])
            else:
                self.lines.extend(lines + [""])

        def _end_table(self):
            self._end_row()
            if self.tables.pop().host is None:
                self._end_block()
                self.after_table = True

        def _end_block(self):
            text = "".join(self.current).strip()
            self.current = []
            if text:
                if self.after_table:
                    self.lines.append("")  # the table ends (see "Where a table ends" above)
                    self.after_table = False
                self.lines += [text, ""]

        def close(self):
            super().close()
            while self.tables:  # a page that ends inside a table: its last row and cell end here
                self._end_table()
            self._end_block()

    parser = _PlanPage()
    parser.feed(page)
    parser.close()
    return "\n".join(parser.lines)
