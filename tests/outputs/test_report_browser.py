"""The 挂图作战 report as a person sees it: rendered by headless Chromium (Debian's `chromium`,
which .ci/run installs), its DOM checked against `bizenv due` for the same day, and every
request the page made recorded by Chromium's own network log, which must hold none.

Chromium missing is a failure, not a skip: the report is only tested when a browser renders it.
"""

import json
import re
import shutil
import subprocess
from calendar import monthrange
from datetime import date
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import invoke

AS_OF = "2022-07-01"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars",
                  # Any host the page named would resolve to nothing: a request can be seen, never answered.
                  "--host-resolver-rules=MAP * ~NOTFOUND"]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "chromium is not installed: `apt-get install chromium fonts-noto-cjk` (.ci/run does it)"
    return found


def run_chromium(page: Path, workdir: Path, *extra: str) -> tuple[str, list[dict]]:
    """The DOM Chromium built from `page`, and the requests that page made (from the net log)."""
    net_log = workdir / "net-log.json"
    profile = workdir / "profile"
    result = subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--log-net-log={net_log}",
                             *extra, "--dump-dom", page.resolve().as_uri()],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, page_requests(json.loads(net_log.read_text(encoding="utf-8")))


def page_requests(net_log: dict) -> list[dict]:
    """Requests the page itself started. Chromium's own services (update checks, time sync) run
    whatever the flags say; the page's requests are those keyed to the page's site, file://."""
    types = {number: name for name, number in net_log["constants"]["logEventTypes"].items()}
    return [event["params"] for event in net_log["events"]
            if types.get(event["type"]) == "URL_REQUEST_START_JOB"
            and str(event.get("params", {}).get("network_isolation_key", "")).startswith("file://")]


class Marks(HTMLParser):
    """The chart's marks and the overdue list's rows (the elements carrying data-measure), with
    their attributes; and the page's text."""

    def __init__(self):
        super().__init__()
        self.marks: list[dict] = []
        self.overdue: list[dict] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "data-measure" in attributes:
            (self.overdue if "data-overdue" in attributes else self.marks).append({"tag": tag, **attributes})

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Marks:
    parser = Marks()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """(the report page, the DOM Chromium built from it, the requests it made); the same run prints
    it to `printed_pdf` (Chromium's print options: no header or footer line of its own)."""
    from typer.testing import CliRunner

    from conftest import CLI_ENV

    workdir = tmp_path_factory.mktemp("report")
    page = workdir / "report.html"
    result = invoke(CliRunner(env=CLI_ENV), "report", "--as-of", AS_OF, "-o", str(page))
    assert result.exit_code == 0, result.output
    dom, requests = run_chromium(page, workdir, "--no-pdf-header-footer", f"--print-to-pdf={printed_pdf(workdir)}")
    return page, dom, requests


def printed_pdf(workdir: Path) -> Path:
    return workdir / "report.pdf"


def test_the_marks_chromium_shows_are_the_milestones_of_due(runner, rendered):
    page, dom, _ = rendered
    due = json.loads(invoke(runner, "due", "--as-of", AS_OF, "--format", "json").stdout)
    marks = parse(dom).marks
    assert len(marks) == len(due) > 200
    assert sorted((m["data-measure"], m["data-date"], m["data-status"]) for m in marks) == sorted(
        (row["measure"], row["date"], row["status"]) for row in due)
    assert {m["data-status"] for m in marks} == {"overdue", "due", "upcoming"}
    assert all(m["tag"] == "rect" and m["class"] == "milestone" for m in marks)


def test_the_page_reads_as_it_should(rendered):
    _, dom, _ = rendered
    text = " ".join(parse(dom).text)
    assert "平顶山市2022年营商环境优化提升 挂图作战" in text
    assert "截至 2022-07-01" in text and "已逾期" in text and "临近到期" in text  # an office's page: Chinese
    # The overdue list names who is responsible for each overdue milestone, and what they reported:
    # with no report in the ledger, nothing.
    overdue = parse(dom).overdue
    assert len(overdue) == 39 and "牵头" in text
    assert all(row["data-status"] == "overdue" and row["data-reported"] == "" for row in overdue)
    assert len(re.findall(r'<td class="reported never">未报送</td>', dom)) == 39


def test_the_overdue_list_says_who_reported_what(runner, data_copy, tmp_path):
    # 市税务局 reports 09.10's first milestone (due 2022-03-31) in progress as of 2022-06-30.
    report = data_copy / "progress" / "2022-06" / "tax.yaml"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("format: bizenv/progress/1\npackage: pingdingshan-2022\nreported_by: tax\n"
                      "as_of: '2022-06-30'\nupdates:\n- measure: '09.10'\n  milestone: 1\n"
                      "  status: in-progress\n  evidence: 正在推进\nactuals: []\n", encoding="utf-8")
    page = tmp_path / "report.html"
    assert invoke(runner, "--data", str(data_copy), "report", "--as-of", AS_OF, "-o", str(page)).exit_code == 0
    dom, _ = run_chromium(page, tmp_path)
    due = json.loads(invoke(runner, "--data", str(data_copy), "due", "--as-of", AS_OF, "--status", "overdue",
                            "--format", "json").stdout)
    overdue = parse(dom).overdue
    # Each row carries the as_of its status rests on, as `due` does (`reported`), empty when never reported.
    assert sorted((row["data-measure"], row["data-date"], row["data-reported"]) for row in overdue) == sorted(
        (row["measure"], row["date"], row["reported"] or "") for row in due)
    reported = [row for row in overdue if row["data-reported"]]
    assert [(row["data-measure"], row["data-reported"]) for row in reported] == [("09.10", "2022-06-30")]
    assert re.search(r'data-overdue="09.10"[^>]*>.*?<td class="reported">推进中（2022-06-30 报送）</td>', dom, re.S)
    assert dom.count("未报送") == len(overdue) - 1
    # The chart's square for it carries the same day.
    marks = [mark for mark in parse(dom).marks if mark["data-measure"] == "09.10" and mark["data-date"] == "2022-03-31"]
    assert [mark["data-reported"] for mark in marks] == ["2022-06-30"]


def test_each_mark_sits_on_its_day_within_its_month(rendered):
    from bizenv_cli.outputs.report import DAY_COLUMNS, MARK, MONTH_WIDTH, PITCH

    _, dom, _ = rendered
    # The month columns as Chromium has them: each grid line's x, in the order of the month labels.
    lines = [float(x) for x in re.findall(r'<line class="grid" x1="([\d.]+)" y1="18"', dom)]
    labels = re.findall(r'<text class="month"[^>]*>(\d+)月</text>', dom)
    start = dict(zip((int(label) for label in labels), lines))
    checked = 0
    for mark in parse(dom).marks:
        day = date.fromisoformat(mark["data-date"])
        days_in_month = monthrange(day.year, day.month)[1]
        month_x = start[day.month]
        end_of_day = month_x + MONTH_WIDTH * day.day / days_in_month
        left = float(mark["x"])
        assert month_x <= left and left + MARK <= month_x + MONTH_WIDTH + 0.1, mark  # within its month
        assert left + MARK <= end_of_day + 0.1, mark  # never past its day
        # Beside the other marks of its day, at most DAY_COLUMNS of them, whose last ends on the day.
        assert left >= min(end_of_day - (DAY_COLUMNS - 1) * PITCH - MARK, month_x) - 0.1, mark
        if day.day == days_in_month:
            # Due on the month's last day: right of its 15th, never where an early day would be.
            assert left > month_x + MONTH_WIDTH * 15 / days_in_month, mark
            checked += 1
    assert checked > 200  # most milestones fall on a month's last day (2022-06-30, 2022-12-31)


def lines_per_cell(page, tmp_path, selector: str) -> tuple[list[int], str]:
    """How many lines each cell matching `selector` takes as Chromium lays the page out at the width
    of an A4 page, and the laid-out DOM."""
    probe = tmp_path / "probe.html"
    script = ("<script>document.body.setAttribute('data-lines', JSON.stringify("
              f"[...document.querySelectorAll('{selector}')].map(cell => {{"
              "const range = document.createRange(); range.selectNodeContents(cell);"
              "return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size; })));</script>")
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", script + "</body>"), encoding="utf-8")
    dom, _ = run_chromium(probe, tmp_path, "--window-size=794,1123")
    return json.loads(html_unescape(re.search(r'data-lines="([^"]*)"', dom).group(1))), dom


def test_the_indicator_table_prints_as_a_table(rendered, tmp_path):
    # Laid out by Chromium at the width of an A4 page: a unit (个工作日) on one line, never one
    # character a line; a target of prose shows its start and folds the rest.
    page, _, _ = rendered
    lines, dom = lines_per_cell(page, tmp_path, "#indicators td.unit")
    assert len(lines) == 189 and set(lines) <= {0, 1}
    folded = re.findall(r'<details class="prose"><summary>([^<]*)</summary>', dom)
    assert folded and all(summary.endswith("…") and len(summary) <= 25 for summary in folded)


def test_the_overdue_list_says_never_reported_on_one_line(rendered, tmp_path):
    # At the width of an A4 page the 报送情况 column was as narrow as two characters: 未报送 read
    # 未报 / 送 on two lines, on every one of the 39 rows.
    page, _, _ = rendered
    lines, _ = lines_per_cell(page, tmp_path, "#overdue td.reported")
    assert len(lines) == 39 and set(lines) == {1}


def test_no_request_left_the_page(rendered):
    page, _, requests = rendered
    assert requests == [], [request.get("url") for request in requests]
    html = page.read_text(encoding="utf-8")
    # Nothing that could fetch: no src/href to another place, no @import, no url(...).
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:[a-z]+:)?//""", html, re.IGNORECASE)
    assert "@import" not in html and "url(" not in html and "<script" not in html


def test_the_network_check_sees_a_page_that_fetches(tmp_path):
    # The check above is only worth something if it catches a page that does ask the network.
    page = tmp_path / "fetches.html"
    page.write_text('<!DOCTYPE html><html><head><style>@font-face{font-family:X;'
                    'src:url(https://fonts.bizenv-probe.invalid/x.woff2)} body{font-family:X}</style></head>'
                    '<body>平顶山<img src="http://bizenv-probe.invalid/x.png"></body></html>', encoding="utf-8")
    _, requests = run_chromium(page, tmp_path)
    urls = {request["url"] for request in requests}
    assert {"http://bizenv-probe.invalid/x.png", "https://fonts.bizenv-probe.invalid/x.woff2"} <= urls


def test_chinese_renders_with_a_local_font(tmp_path):
    # fc-match picks what Chromium on Linux gets for the page's first CJK family.
    matched = subprocess.run(["fc-match", "Noto Sans CJK SC"], capture_output=True, text=True).stdout
    assert "Noto Sans CJK" in matched, f"no local CJK font (fonts-noto-cjk): {matched}"


def test_the_page_prints_on_a4(rendered):
    page, _, _ = rendered
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", printed_pdf(page.parent).read_bytes())
    assert len(boxes) > 3  # the page runs over several sheets
    # A4 is 595.28 x 841.89 points; Chromium rounds to whole device pixels.
    assert all(abs(float(w) - 595.28) < 2 and abs(float(h) - 841.89) < 2 for w, h in boxes)
