"""The table a terminal gets is laid out by render.table_text, not by rich's Table: without colour it
must be, byte for byte, what rich's Table prints for the same widths and the same wrapped cells, on
every listing of the real data. (benchmarks/bench_outputs.py measures what the layout saves.)"""

from __future__ import annotations

import io

import pytest

from bizenv_cli.outputs.formats import FORMATS
from bizenv_cli.outputs.render import Listing, cell_text, column_widths, shown_columns, terminal_safe
from conftest import DATA, invoke


def drawn_by_rich(listing: Listing) -> str:
    """The listing as rich's Table draws it: each cell given already wrapped by linebreak's rules,
    in the widths column_widths decides, the title above it (as render.table_text prints them)."""
    from rich import box
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from bizenv_cli.outputs.linebreak import wrap_spans

    columns = shown_columns(listing.columns, table=True)
    texts = [[terminal_safe(cell_text(column.value(row))) for column in columns] for row in listing.rows]
    widths = column_widths(columns, texts, listing.width or 80, cell_len)
    buffer = io.StringIO()
    console = Console(file=buffer, width=max(sum(widths) + 2 * (len(widths) - 1), listing.width or 80),
                      color_system=None, no_color=True, highlight=False, soft_wrap=False, emoji=False, markup=False)
    if listing.title:
        console.print(Text(terminal_safe(listing.title)), soft_wrap=True)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True, header_style="")
    for column, width in zip(columns, widths):
        table.add_column(column.header, no_wrap=True, overflow="fold", justify=column.justify, width=width)
    for cells in texts:
        table.add_row(*(Text("\n".join(text[start:end] for start, end in wrap_spans(text, width, cell_len)))
                        for text, width in zip(cells, widths)))
    console.print(table)
    if not listing.rows:
        console.print("(no rows)")
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


@pytest.mark.parametrize("args", [
    ["gaps"], ["due", "--by", "2022-12", "--include-ongoing", "--as-of", "2022-06-01"], ["search", "台账"],
    ["search", "一件事一次办"], ["plans"], ["show", "02.03"], ["show", "9"], ["measures", "--dept", "tax"],
    ["departments", "--as-of", "2022-07-01"], ["progress", "--as-of", "2022-10-15"], ["due", "--in", "2031-01"]])
@pytest.mark.parametrize("width", ["40", "100", "200"])
def test_the_plain_table_is_what_riches_table_prints(runner, monkeypatch, args, width):
    listings: list[Listing] = []
    table = FORMATS["table"]

    def keep(listing: Listing):
        listings.append(listing)
        return table.write(listing)

    monkeypatch.setitem(FORMATS, "table", table._replace(write=keep))
    result = invoke(runner, "--data", str(DATA), "--width", width, *args)
    assert result.exit_code == 0, result.stderr
    (listing,) = listings
    assert not listing.color and listing.width == int(width)
    assert result.stdout == drawn_by_rich(listing)
    assert "\u2500" * 10 in result.stdout


def test_a_listing_that_names_no_width_is_laid_out_for_80_columns():
    # A caller of the writers (the library, a pipe with no terminal) that names no width gets the
    # table a terminal of 80 columns would: a long text folds there, in colour or not.
    from bizenv_cli.outputs.render import Column, table_text

    rows = [{"id": "01.01", "text": "提高政务服务事项便利度。" * 8}]
    columns = [Column("id", lambda row: row["id"], no_wrap=True), Column("text", lambda row: row["text"])]
    for color in (False, True):
        unnamed = table_text(Listing(rows, columns, color=color))
        assert unnamed == table_text(Listing(rows, columns, color=color, width=80))
    rule = table_text(Listing(rows, columns)).splitlines()[1]
    assert rule == "\u2500" * 80
