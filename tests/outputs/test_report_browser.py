"""The 挂图作战 report as a person sees it: rendered by headless Chromium (Debian's `chromium`,
which .ci/run installs), its DOM checked against `bizenv due` for the same day, and every
request the page made recorded by Chromium's own network log, which must hold none.

Chromium missing is a failure, not a skip: the report is only tested when a browser renders it.
"""

import json
import re
import shutil
import subprocess
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
    """Every element carrying data-measure, with its attributes; and the page's text."""

    def __init__(self):
        super().__init__()
        self.marks: list[dict] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "data-measure" in attributes:
            self.marks.append({"tag": tag, **attributes})

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Marks:
    parser = Marks()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    from typer.testing import CliRunner

    from conftest import CLI_ENV

    workdir = tmp_path_factory.mktemp("report")
    page = workdir / "report.html"
    result = invoke(CliRunner(env=CLI_ENV), "report", "--as-of", AS_OF, "-o", str(page))
    assert result.exit_code == 0, result.output
    dom, requests = run_chromium(page, workdir)
    return page, dom, requests


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
    assert "截至 as of 2022-07-01" in text
    # The overdue list names who is responsible for each overdue milestone.
    overdue = re.findall(r'<tr data-overdue="([^"]+)">', dom)
    assert len(overdue) == 39 and "牵头" in text


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


def test_the_page_prints_on_a4(rendered, tmp_path):
    page, _, _ = rendered
    pdf = tmp_path / "report.pdf"
    result = subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                             "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.resolve().as_uri()],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf.read_bytes())
    assert len(boxes) > 3  # the page runs over several sheets
    # A4 is 595.28 x 841.89 points; Chromium rounds to whole device pixels.
    assert all(abs(float(w) - 595.28) < 2 and abs(float(h) - 841.89) < 2 for w, h in boxes)
