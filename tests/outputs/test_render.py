"""The text formats: CSV is for Excel; tables align Chinese and never cut ids (the registry: test_formats.py)."""

import csv
import io
import json
import pytest

from bizenv_cli.outputs.formats import OutputFormat, format_of
from bizenv_cli.files.formula_guard import guarded
from bizenv_cli.outputs.render import Column, Listing, cell_text

ROWS = [
    {"id": "09.01", "date": "2022-09-30", "title": "推进“可视化咨询”。", "count": 3, "flag": True, "ids": ["tax", "finance"]},
    {"id": "15.11", "date": "2022-03-31", "title": "=HYPERLINK(\"http://x\")", "count": -2, "flag": None, "ids": []},
    {"id": "17.06", "date": "2022-03-31", "title": "加强数据共享服务。2022年4月前完成数据普查工作\t|第二行\n第三行",
     "count": 0.5, "flag": False, "ids": ["gov"]},
]
COLUMNS = [
    Column("id", lambda row: row["id"], no_wrap=True),
    Column("date", lambda row: row["date"], no_wrap=True),
    Column("title", lambda row: row["title"]),
    Column("n", lambda row: row["count"], justify="right"),
    Column("ok", lambda row: row["flag"]),
    Column("ids", lambda row: row["ids"], only="flat"),
]


def render(rows, columns, output_format, title=None, color=False, width=None):
    """What a format writes for a listing, as `emit` asks it."""
    return format_of(output_format).write(Listing(rows, columns, title, color=color, width=width)).content


def test_json_writes_the_rows_whole_in_utf8():
    text = render(ROWS, COLUMNS, OutputFormat.json)
    assert json.loads(text) == ROWS
    assert "推进" in text  # ensure_ascii off


def test_csv_is_for_excel():
    text = render(ROWS, COLUMNS, OutputFormat.csv)
    assert text.startswith("\ufeffid,date,title,n,ok,ids\r\n")  # BOM, Excel's CRLF
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1] == ["09.01", "2022-09-30", "推进“可视化咨询”。", "3", "yes", "tax, finance"]
    assert rows[2][2] == "'=HYPERLINK(\"http://x\")"  # a formula is neutralised...
    assert rows[2][3] == "-2"                         # ...a negative number is not
    assert rows[3][2].endswith("第二行\n第三行")        # a line break stays inside its quoted cell


@pytest.mark.parametrize("text, safe", [
    ("=1+1", "'=1+1"), ("+SUM(A1)", "'+SUM(A1)"), ("-x", "'-x"), ("@cmd", "'@cmd"), ("\tx", "'\tx"),
    ("-1.5", "-1.5"), ("+3", "+3"), ("市税务局", "市税务局"), ("", "")])
def test_excel_formula_cells(text, safe):
    assert guarded(text) == safe


def test_tsv_keeps_one_record_per_line():
    lines = render(ROWS, COLUMNS, OutputFormat.tsv).splitlines()
    assert len(lines) == 4
    assert lines[3].split("\t")[2] == "加强数据共享服务。2022年4月前完成数据普查工作 |第二行 第三行"


def test_markdown_escapes_pipes_and_keeps_line_breaks():
    text = render(ROWS, COLUMNS, OutputFormat.md, title="Title")
    lines = text.splitlines()
    assert lines[:4] == ["**Title**", "", "| id | date | title | n | ok | ids |", "|---|---|---|---:|---|---|"]
    assert "\\|第二行<br>第三行" in lines[6]


def test_cell_text():
    assert [cell_text(v) for v in (None, True, False, 0.5, 2.0, 7, ["a", 1])] == ["", "yes", "no", "0.5", "2", "7", "a, 1"]


def test_table_aligns_chinese_text_by_display_width():
    from rich.cells import cell_len

    rows = [{"id": "01.01", "name": "市税务局", "n": 1}, {"id": "01.02", "name": "abc", "n": 22}]
    columns = [Column("name", lambda r: r["name"]), Column("id", lambda r: r["id"], no_wrap=True),
               Column("n", lambda r: r["n"], justify="right")]
    lines = render(rows, columns, OutputFormat.table, width=80).splitlines()
    # The id column starts at the same display column on every line, whatever the script before it.
    starts = {cell_len(line[:line.index(identifier)]) for line, identifier in ((lines[2], "01.01"), (lines[3], "01.02"))}
    assert len(starts) == 1
    assert cell_len(lines[2]) == cell_len(lines[3])  # right-justified counts end together


def test_table_never_cuts_ids_or_dates_and_folds_text():
    long_text = "优化营商环境" * 30
    rows = [{"id": "double-random-joint-meeting-members", "date": "2022-12-31", "title": long_text}]
    columns = [Column("id", lambda r: r["id"], no_wrap=True), Column("date", lambda r: r["date"], no_wrap=True),
               Column("title", lambda r: r["title"])]
    for width in (80, 50, 30):
        text = render(rows, columns, OutputFormat.table, width=width)
        assert "double-random-joint-meeting-members" in text and "2022-12-31" in text
        assert "…" not in text
    folded = render(rows, columns, OutputFormat.table, width=80)
    assert all(len(line) <= 80 for line in folded.splitlines())
    assert "".join(folded.split()).count("优化营商环境") == 30  # folded, nothing lost


def test_table_has_no_trailing_spaces_no_colour_unless_asked_and_says_when_empty():
    plain = render(ROWS, COLUMNS, OutputFormat.table, title="3 rows", width=80)
    assert plain.splitlines()[0] == "3 rows"
    assert "\x1b[" not in plain
    assert all(line == line.rstrip() for line in plain.splitlines())
    assert "ids" not in plain.splitlines()[1]  # a flat-only column
    assert "(no rows)" in render([], COLUMNS, OutputFormat.table)
    coloured = render(ROWS, [Column("id", lambda r: r["id"], style=lambda r: "red")], OutputFormat.table, color=True)
    assert "\x1b[31m09.01" in coloured


def test_table_title_is_not_markup():
    assert "[bold]x[/bold]" in render(ROWS, COLUMNS, OutputFormat.table, title="[bold]x[/bold]")


def test_highlights_mark_hits_in_colour_only():
    rows = [{"text": "推行一件事一次办改革"}]
    columns = [Column("text", lambda r: r["text"], highlights=lambda r: [(2, 8)])]
    coloured = render(rows, columns, OutputFormat.table, color=True)
    assert "\x1b[1;7m一件事一次办\x1b[0m" in coloured
    assert render(rows, columns, OutputFormat.table).splitlines()[-1] == "推行一件事一次办改革"


# --- the table: widths decided once, cells wrapped by the line-breaking rules, controls escaped ---------

def test_a_table_fits_its_width_and_keeps_ids_and_dates_whole():
    from rich.cells import cell_len

    rows = [{"id": f"09.{n:02d}", "date": "2022-06-30", "title": "纳税次数同比压缩0.25次，纳税时间同比压缩5%。" * 3,
             "count": n, "flag": True, "ids": []} for n in range(1, 4)]
    for width in (50, 80, 120):
        lines = render(rows, COLUMNS, OutputFormat.table, width=width).splitlines()
        assert max(cell_len(line) for line in lines) <= width
        text = "\n".join(lines)
        assert "09.01" in text and text.count("2022-06-30") == 3
        assert "0.25次" in text  # the number and its unit never fold apart


def test_column_widths_shrink_the_longest_text_first():
    from bizenv_cli.outputs.render import column_widths

    columns = [Column("id", None, no_wrap=True), Column("short", None), Column("long", None)]
    texts = [["09.01", "市税务局", "很长的文字" * 20]]
    widths = column_widths(columns, texts, 60, len)
    assert widths[0] == 5 and widths[1] == 5  # "市税务局" by len() is 4, the header 5: both kept
    assert sum(widths) + 2 * 2 == 60


def test_a_squeezed_column_stays_as_wide_as_its_widest_date_or_number():
    from bizenv_cli.outputs.render import MOST_KEPT_WHOLE, column_widths

    columns = [Column("id", None, no_wrap=True), Column("actual", None), Column("long", None)]
    texts = [["09.i1", "4次\n市税务局 2022-06-15", "很长的文字" * 30]]
    least = 5 + 10 + 8 + 2 * 2  # the id, the date, a folding column's 8 cells, the gaps between
    widths = column_widths(columns, texts, least, len)  # just wide enough: each column at its least
    assert widths[1] == len("2022-06-15"), "the date is not cut into 2022-06-1 and 5"
    rendered = render([{"id": "09.i1", "actual": texts[0][1], "long": texts[0][2]}],
                      [Column("id", lambda row: row["id"], no_wrap=True), Column("actual", lambda row: row["actual"]),
                       Column("long", lambda row: row["long"])], OutputFormat.table, width=least)
    assert "2022-06-15" in rendered
    # A longer token (a URL in a department's evidence) may fold: the width it keeps is bounded.
    url = "https://example.org/" + "a" * 40
    widths = column_widths(columns, [["09.i1", url, "很长的文字" * 30]], least - 10 + MOST_KEPT_WHOLE, len)
    assert widths[1] == MOST_KEPT_WHOLE


def test_a_table_that_cannot_fit_is_laid_out_for_80_columns_not_squeezed():
    # Squeezed to its least it would run past the edge all the same, every row taller.
    from bizenv_cli.outputs.render import FALLBACK_WIDTH, column_widths

    columns = [Column("id", None, no_wrap=True), Column("actual", None), Column("long", None)]
    texts = [["09.i1", "4次\n市税务局 2022-06-15", "很长的文字" * 30]]
    least = column_widths(columns, texts, 27, len)
    assert sum(least) + 4 == 27
    for narrower in (26, 20, 1):
        assert column_widths(columns, texts, narrower, len) == column_widths(columns, texts, FALLBACK_WIDTH, len)
    assert sum(column_widths(columns, texts, FALLBACK_WIDTH, len)) + 4 == FALLBACK_WIDTH
    # Wider than 80 at its least, it is as wide as that, never cut.
    wide = [["09.i1", "4次", "很长的文字" * 30, "x" * 90]]
    columns = [*columns, Column("key", None, no_wrap=True)]
    assert column_widths(columns, wide, 40, len)[3] == 90


def test_a_table_shows_terminal_controls_escaped():
    from bizenv_cli.outputs.render import terminal_safe

    assert terminal_safe("a\x1b[31mb\x07\x9b\u202ec\u2066d") == r"a\x1b[31mb\x07\x9b\u202ec\u2066d"
    assert terminal_safe("第一行\n第二行") == "第一行\n第二行"  # a line break is the table's own
    rows = [{"id": "01.01", "date": "x", "title": "\x1b]8;;http://e\x07链接\x1b]8;;\x07", "count": 1, "flag": None,
             "ids": []}]
    text = render(rows, COLUMNS, OutputFormat.table, width=200)
    assert "\x1b" not in text and "\x07" not in text and r"\x1b]8;;http://e\x07链接" in text
    markdown = render(rows, COLUMNS, OutputFormat.md)
    # Markdown escapes the link's `]` and `:` as well (issue 22 point 14): no link renders either.
    assert "\x1b" not in markdown and r"\x1b\]8;;http\://e\x07链接" in markdown


def test_tsv_neutralises_formula_cells_as_csv_does():
    tsv = render(ROWS, COLUMNS, OutputFormat.tsv)
    assert "\t'=HYPERLINK(\"http://x\")\t" in tsv and "\t-2\t" in tsv  # a negative number stays a number


def test_highlights_follow_the_escapes_before_them():
    rows = [{"text": "a\x1bb命中c", "hits": [(3, 5)]}]
    columns = [Column("text", lambda row: row["text"], highlights=lambda row: row["hits"])]
    text = render(rows, columns, OutputFormat.table, color=True, width=80)
    assert "\\x1bb\x1b[1;7m命中\x1b[0m" in text



HOSTILE = ('<script>alert(1)</script><img src=x onerror=alert(2)> *强* _斜_ `代码` [链接](http://e.invalid) '
           '![图](http://e.invalid/x.png) <http://e.invalid> ~~删~~ __粗__ 甲__乙 &lt;b&gt; a|b \\ 9:30 done_late')


def rendered_markdown(text: str) -> str:
    """Markdown as a CommonMark reader renders it, raw HTML allowed (as Python-Markdown and a pull
    request's comment allow it), with GitHub's tables and strikethrough."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


def cell_texts(html: str) -> list[str]:
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.cells, self.inside = [], False

        def handle_starttag(self, tag, attrs):
            if tag == "td":
                self.cells.append("")
                self.inside = True

        def handle_endtag(self, tag):
            self.inside = self.inside and tag != "td"

        def handle_data(self, data):
            if self.inside:
                self.cells[-1] += data

    parser = Cells()
    parser.feed(html)
    return parser.cells


def test_markdown_shows_the_data_as_it_is_never_as_markup():
    # Issue 22 point 14: no tag, link, image, emphasis, code or strikethrough from the data renders.
    text = render([{"id": "01.01", "text": HOSTILE}],
                  [Column("id", lambda row: row["id"]), Column("text", lambda row: row["text"])], OutputFormat.md)
    html = rendered_markdown(text)
    body = html[html.index("<tbody>"):]
    for markup in ("<script", "<img", "<a ", "<em>", "<strong>", "<code>", "<s>", "<del>", "<b>"):
        assert markup not in body, markup
    assert cell_texts(html) == ["01.01", HOSTILE]  # what the reader sees is the data, character for character


def test_the_diff_summary_in_markdown_shows_hostile_evidence_as_text(runner, tmp_path):
    # `bizenv diff --format md` is what a pull request's summary shows (docs/review.md).
    from conftest import REPO, invoke

    old = (REPO / "tests" / "examples" / "ledger" / "one-report" / "2022-06" / "tax.yaml").read_text(encoding="utf-8")
    before, after = tmp_path / "a.yaml", tmp_path / "b.yaml"
    before.write_text(old, encoding="utf-8")
    after.write_text(old.replace("evidence: 已上线", "evidence: " + json.dumps(HOSTILE, ensure_ascii=False)),
                     encoding="utf-8")
    result = invoke(runner, "diff", str(before), str(after), "--format", "md")
    assert result.exit_code == 1, result.output
    html = rendered_markdown(result.stdout)
    for markup in ("<script", "<img", "<a ", "<em>", "<strong>", "<code>", "<del>"):
        assert markup not in html, markup
    assert f"已上线 → {HOSTILE}" in cell_texts(html)
