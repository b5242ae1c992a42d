"""The report page as HTML: filters, escaping, print layout, the templates shipped with the
package, and the command's errors. (test_report_browser.py renders it in Chromium.)"""

import html as htmllib
import json
import re

import openpyxl
import pytest

from bizenv_cli.files.datadir import DataDir
from bizenv_cli.model.status_words import STATUS_IN_CHINESE
from bizenv_cli.outputs.report import indicator_strip, render_report, short_plan_name, status_words, words_in
from bizenv_cli.outputs.workbook import MILESTONE_STATUSES
from bizenv_cli.store.package import load_package

from conftest import DATA, data_strings, english_words, invoke, with_one_ledger_report


def marks(html: str) -> list[tuple[str, str, str]]:
    """The chart's milestone squares (the overdue list's rows carry the same attributes)."""
    return sorted(re.findall(r'<rect class="milestone"[^>]*? data-measure="([^"]+)" data-status="([^"]+)" '
                             r'data-date="([^"]+)"', html))


@pytest.mark.parametrize("options", [["--plan", "9"], ["--dept", "市税务局"], ["--plan", "15", "--dept", "finance"],
                                     ["--dept", "county-governments"], ["--plan", "9", "--plan", "10"],
                                     ["--dept", "tax", "--dept", "finance"]])
def test_a_filtered_report_shows_the_milestones_due_shows(runner, options):
    html = invoke(runner, "report", "--as-of", "2022-06-15", *options).stdout
    due = json.loads(invoke(runner, "due", "--as-of", "2022-06-15", *options, "--format", "json").stdout)
    assert due
    assert marks(html) == sorted((row["measure"], row["status"], row["date"]) for row in due)


def test_the_page_prints_on_a4_with_local_cjk_fonts(runner):
    html = invoke(runner, "report", "--as-of", "2022-07-01").stdout
    assert "@page { size: A4" in html
    family = re.search(r"font:[^;]*?\"Noto Sans CJK SC\"[^;]*;", html).group(0)
    for name in ("WenQuanYi", "Microsoft YaHei", "PingFang SC", "sans-serif"):
        assert name in family


def test_values_are_escaped():
    package = load_package(DataDir(DATA, "option"))
    index = package.plans.index(package.plan(9))
    package.plans[index] = package.plans[index]._replace(title='平顶山市<script>alert("x")</script>缴纳税费优化提升专项行动方案')
    html = render_report(package, __import__("datetime").date(2022, 7, 1), plans=[9])
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_indicators_are_placed_baseline_to_target_to_frontier():
    # Days to a licence, lower is better: better is drawn to the right.
    row = {"baseline": {"value": 10.0}, "year_end_target": {"value": 5.0, "level": 5.0},
           "frontier": {"value": 2.0}, "direction": "lower"}
    strip = indicator_strip(row)
    points = strip["points"]
    assert points["baseline"] < points["target"] < points["frontier"]
    assert 0 < points["baseline"] and points["frontier"] < strip["width"]
    higher = indicator_strip(dict(row, direction="higher"))["points"]
    assert higher["frontier"] < higher["target"] < higher["baseline"]
    assert indicator_strip({"baseline": {"value": None}, "year_end_target": {"value": 3.0, "level": 3.0},
                            "frontier": {"value": None}}) is None


def test_a_change_target_sits_at_the_level_it_sets_never_at_its_size():
    # 15.i4: +50% from a baseline of 7923.6 sets 11885.4; the change's size, 50, is no place.
    row = {"baseline": {"value": 7923.6}, "frontier": {"value": None}, "direction": "higher",
           "year_end_target": {"value": 50, "change": "from-baseline", "change_unit": "%", "level": 11885.4}}
    points = indicator_strip(row)["points"]
    assert points["baseline"] < points["target"]
    unplaced = dict(row, year_end_target={"value": -0.5, "change": "year-on-year", "change_unit": "次",
                                          "level": None}, frontier={"value": 3.0})
    assert "target" not in indicator_strip(unplaced)["points"]


def test_an_actual_in_another_unit_than_its_indicators_is_not_placed():
    # 09.i15 is in 小时: 66.5天 is no point on its line, as it has no progress_pct; 66.5 is.
    row = {"id": "09.i15", "name": "纳税时间", "unit": "小时", "baseline": {"value": 100.0},
           "year_end_target": {"value": 60.0, "level": 60.0}, "frontier": {"value": 50.0}, "direction": "lower"}
    in_its_unit = indicator_strip(dict(row, actual={"raw": "66.5", "value": 66.5}))["points"]
    assert in_its_unit["baseline"] < in_its_unit["actual"] < in_its_unit["target"]
    in_days = indicator_strip(dict(row, actual={"raw": "66.5天", "value": 66.5}))["points"]
    assert "actual" not in in_days and set(in_days) == {"baseline", "target", "frontier"}


def test_short_plan_names():
    assert short_plan_name("平顶山市缴纳税费优化提升专项行动方案") == "缴纳税费"
    assert short_plan_name("2022年营商环境优化提升总体行动方案") == "2022年营商环境"


def test_the_templates_are_package_data():
    # setuptools ships only the files it is told of: the templates must be declared in pyproject.
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    declared = pyproject["tool"]["setuptools"]["package-data"]["bizenv_cli"]
    assert "outputs/templates/*" in declared


@pytest.mark.parametrize("args, message", [
    (["-o", "r.pdf"], "bizenv: error: -o: a report is an HTML page; give a file name ending in .html (not 'r.pdf')"),
    (["--as-of", "2022-07"], "bizenv: error: --as-of: '2022-07' names a period, not a day: use YYYY-MM-DD (e.g. 2022-07-01) or today"),
])
def test_report_usage_errors(runner, args, message):
    result = invoke(runner, "report", *args)
    assert result.exit_code == 2
    assert result.stderr.strip() == message


def test_report_writes_a_file_and_says_so(runner, tmp_path):
    target = tmp_path / "r.html"
    result = invoke(runner, "report", "--as-of", "2022-07-01", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.strip() == f"wrote the report as of 2022-07-01 to {target}"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_each_department_row_counts_its_milestones_by_status(runner):
    html = invoke(runner, "report", "--as-of", "2022-07-01").stdout
    for department in ("tax", "finance", "county-governments"):
        row = re.search(rf'<tr data-department="{department}">(.*?)</tr>', html, re.DOTALL).group(1)
        # What `due --dept` lists: a collective's row holds the entries it covers too (Registry.scope).
        mine = json.loads(invoke(runner, "due", "--as-of", "2022-07-01", "--include-ongoing", "--dept", department,
                                 "--format", "json").stdout)
        assert f'<td class="num">{len(mine)}</td>' in row
        for status in ("overdue", "upcoming", "ongoing"):
            count = sum(1 for r in mine if r["status"] == status)
            assert (f"{STATUS_IN_CHINESE[status]} {count}" in row) == (count > 0)




def headline(html: str) -> dict[str, int]:
    return {label: int(value) for value, label in
            re.findall(r'<div class="value">(\d+)</div><div class="label">([^<]*)</div>', html)}


def department_rows(html: str) -> dict[str, list[str]]:
    """Each row of the table of bodies: its figures (milestones, then measures as lead, support,
    implement, responsible; an empty cell for none)."""
    return {body: re.findall(r'<td class="num">(\d*)</td>', cells)
            for body, cells in re.findall(r'<tr data-department="([^"]+)">(.*?)</tr>', html, re.DOTALL)}


def test_the_headline_counts_the_bodies_the_measures_name_and_the_table_lists_them(runner):
    # 72 bodies of the registry's 74 are named by a measure; 全市行政执法部门 and the 双随机 joint
    # meeting's members only by document 19's indicator table. The headline said 责任单位 72 beside
    # the export's 责任单位数 74: it now says what it counts, and lists each body it counts.
    html = invoke(runner, "report", "--as-of", "2022-07-01").stdout
    named = [row["id"] for row in json.loads(invoke(runner, "departments", "--format", "json").stdout)
             if row["measures"]]
    assert headline(html)["措施所列责任单位"] == len(named) == 72
    assert sorted(department_rows(html)) == sorted(named)
    english = invoke(runner, "report", "--as-of", "2022-07-01", "--lang", "en").stdout
    assert headline(english)["bodies the measures name"] == 72
    # Plan 1's measures print no 时间节点 but name 43 bodies: the page said 责任单位 0 and listed none.
    plan_1 = invoke(runner, "report", "--plan", "1", "--as-of", "2022-07-01").stdout
    bodies = {body for measure in json.loads(invoke(runner, "measures", "--plan", "1", "--format", "json").stdout)
              for role in ("lead", "support", "implement", "responsible") for body in measure["responsible"][role]}
    assert headline(plan_1)["措施所列责任单位"] == len(department_rows(plan_1)) == len(bodies) == 43
    assert department_rows(plan_1)["finance"][:2] == ["0", "4"]  # no milestone; leads 4 measures (01.08, 01.15-17)


def test_the_role_columns_count_measures_as_departments_does(runner):
    # The columns under 措施数（按职责） had counted rows of the chart: 市发展改革委 "led" 14, where it
    # leads 13 measures (01.35 at source line 160 … 29.04 at 3769), whose rows are 11 milestones
    # (29.02's four among them), 3 ongoing measures (29.01, 29.03, 29.04) and none for 01.35 and 01.51.
    html = invoke(runner, "report", "--as-of", "2022-07-01").stdout
    assert "措施数（按职责）" in html
    counts = {row["id"]: row["counts"] for row in json.loads(invoke(runner, "departments", "--format", "json").stdout)}
    for body, figures in department_rows(html).items():
        assert figures[1:] == [str(counts[body][role] or "") for role in ("lead", "support", "implement",
                                                                          "responsible")], body
    assert department_rows(html)["development-reform"][1] == "13"
    nine = department_rows(invoke(runner, "report", "--plan", "9", "--as-of", "2022-07-01").stdout)
    tax = json.loads(invoke(runner, "measures", "--plan", "9", "--dept", "tax", "--role", "responsible",
                            "--format", "json").stdout)
    assert nine["tax"][4] == str(len(tax))  # within the plans shown


def test_with_a_ledger_the_report_shows_what_due_shows(runner, data_copy):
    # Whatever the ledger makes of a report (done, once bizenv has the ledger module), the chart
    # and `bizenv due` agree on every milestone.
    with_one_ledger_report(data_copy)
    html = invoke(runner, "--data", str(data_copy), "report", "--as-of", "2022-07-01", "--plan", "9").stdout
    due = json.loads(invoke(runner, "--data", str(data_copy), "due", "--as-of", "2022-07-01", "--plan", "9",
                            "--format", "json").stdout)
    assert marks(html) == sorted((row["measure"], row["status"], row["date"]) for row in due)
    assert ("09.02", "done", "2022-06-30") in marks(html)  # the ledger's word, not "overdue"


def test_a_plan_without_dated_milestones_says_so(runner):
    # Plan 1's measures name only who is responsible (no 时间节点): nothing to chart, and the page says why.
    html = invoke(runner, "report", "--plan", "1", "--as-of", "2022-07-01").stdout
    assert marks(html) == []
    assert "没有时间节点的方案：01 2022年营商环境" in html


def test_the_report_is_chinese_unless_asked_in_english(runner):
    chinese = invoke(runner, "report", "--as-of", "2022-07-01").stdout
    english = invoke(runner, "report", "--as-of", "2022-07-01", "--lang", "en").stdout
    assert '<html lang="zh-CN">' in chinese and '<html lang="en">' in english
    assert "截至 2022-07-01 已逾期的时间节点（39 项）" in chinese and "Overdue as of 2022-07-01 (39)" in english
    assert chinese.count(">未报送<") == 39 and english.count(">never reported<") == 39
    assert ">已逾期<" in chinese and "已逾期" not in english
    assert marks(chinese) == marks(english)  # the data attributes stay English in both


def test_a_rows_bodies_are_joined_as_the_listings_of_its_language_join_a_list(runner):
    # 04.01's bodies in the overdue list: the English page joined them by 、 as the Chinese one does.
    bodies = "市发展和改革委员会{}国网平顶山供电公司{}市自然资源和规划局"
    chinese = invoke(runner, "report", "--plan", "4", "--as-of", "2022-07-01").stdout
    english = invoke(runner, "report", "--plan", "4", "--as-of", "2022-07-01", "--lang", "en").stdout
    assert bodies.format("、", "、") in chinese and bodies.format(", ", ", ") not in chinese
    assert bodies.format(", ", ", ") in english and bodies.format("、", "、") not in english


def test_the_note_under_the_chart_counts_only_the_ongoing_measures_it_leaves_out(runner):
    # 27.01 … (2022年12月，持续推进) are ongoing and charted on 2022-12-31: the note that says
    # what the chart leaves out counts only the ongoing measures that have no date at all.
    html = invoke(runner, "report", "--as-of", "2022-07-01").stdout
    rows = json.loads(invoke(runner, "due", "--as-of", "2022-07-01", "--include-ongoing", "--format", "json").stdout)
    dated = {row["measure"] for row in rows if row["date"]}
    left_out = {row["measure"] for row in rows if not row["date"]} - dated
    assert len(left_out) == 109 and "27.01" in dated
    assert f"另有 {len(left_out)} 项持续推进的措施没有时间节点，不在图中。" in html
    plan_27 = invoke(runner, "report", "--plan", "27", "--as-of", "2022-07-01").stdout
    assert "持续推进的措施没有时间节点" not in plan_27  # every one of its 23 measures is charted


def test_the_page_says_how_many_measures_state_no_deadline(runner):
    # 02.04 prints no 时间节点: plan 2's chart shows 9 squares for its 10 measures, and the page
    # said nothing of the tenth. Plan 1's 51 measures have none either.
    plan_2 = invoke(runner, "report", "--plan", "2", "--as-of", "2022-07-01").stdout
    assert len(marks(plan_2)) == 9
    assert "另有 1 项措施未列时间节点，不在图中。" in plan_2
    whole = invoke(runner, "report", "--as-of", "2022-07-01").stdout
    assert "另有 52 项措施未列时间节点，不在图中。" in whole
    english = invoke(runner, "report", "--plan", "2", "--as-of", "2022-07-01", "--lang", "en").stdout
    assert "1 measure states no 时间节点 and is not charted." in english
    assert "未列时间节点" not in invoke(runner, "report", "--plan", "9", "--as-of", "2022-07-01").stdout


def test_the_headline_counts_the_ongoing_measures_the_note_and_the_export_count(runner, tmp_path):
    # The headline said 持续推进 132, every ongoing row, 23 of them measures printed 2022年12月，持续推进
    # (charted on their day), while the note under the chart and the export's summary said 109:
    # an office read two figures for one. Now one figure, in the same words everywhere.
    measures = json.loads(invoke(runner, "measures", "--format", "json").stdout)
    undated = [m for m in measures if m["deadline"] and m["deadline"]["ongoing"] and not m["deadline"]["milestones"]]
    dated = [m for m in measures if m["deadline"] and m["deadline"]["ongoing"] and m["deadline"]["milestones"]]
    assert (len(undated), len(dated)) == (109, 23)
    for language, label in (("zh", "持续推进的措施（无时间节点）"), ("en", "ongoing measures (no date)")):
        html = invoke(runner, "report", "--as-of", "2022-07-01", "--lang", language).stdout
        figures = headline(html)
        assert figures[label] == len(undated)
        assert STATUS_IN_CHINESE["ongoing"] not in figures and "ongoing" not in figures
        # The statuses beside it are the milestones', and add up to them.
        said = status_words(language)
        assert sum(figures.get(said[status], 0) for status in MILESTONE_STATUSES) == \
            figures[words_in(language)["milestones"]] == 255
        book = tmp_path / f"{language}.xlsx"
        assert invoke(runner, "export", "-o", str(book), "--as-of", "2022-07-01", "--lang", language).exit_code == 0
        sheet = openpyxl.load_workbook(book).worksheets[0]
        assert {row[0].value: row[1].value for row in sheet.iter_rows(min_row=2)}[label] == len(undated)
    assert f"另有 {len(undated)} 项持续推进的措施没有时间节点" in invoke(runner, "report", "--as-of", "2022-07-01").stdout


def test_the_page_in_chinese_shows_no_english_word_but_data(runner):
    # The indicator strips' tooltips said `baseline 3个`, `target …`, `frontier …`; the scope line
    # `plan 9: …`. What is left in English is data: ids, the package, a value as printed.
    html = invoke(runner, "report", "--as-of", "2022-07-01", "--plan", "9", "--plan", "15", "--dept", "tax").stdout
    text = htmllib.unescape(re.sub(r"<[^>]+>", "\n", re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)))
    data = {"pingdingshan-2022", "bizenv report"}
    for listing in (["gaps"], ["due", "--include-ongoing", "--as-of", "2022-07-01"], ["departments"], ["plans"]):
        data |= data_strings(json.loads(invoke(runner, *listing, "--format", "json").stdout))
    assert "基期值" in text and not english_words(text, data)


def page_words(html: str) -> dict[str, list[str]]:
    """The words the page itself says (headings, column heads, the headline's labels, the legend,
    the months), each place in order; the figures and the data beside them left out."""
    def texts(pattern: str) -> list[str]:
        return [htmllib.unescape(re.sub(r"<[^>]+>", "", text)) for text in re.findall(pattern, html, re.DOTALL)]

    return {"subtitle": texts(r'<p class="subtitle">(.*?)</p>'), "headings": texts(r"<h2>(.*?)</h2>"),
            "columns": texts(r"<th[^>]*>(.*?)</th>"), "headline": texts(r'<div class="label">(.*?)</div>'),
            "legend": texts(r'<span><i [^>]*></i>(.*?)</span>'),
            "months": texts(r'<text class="month"[^>]*>(.*?)</text>')[:3],
            "keys": [" ".join(text.split()) for text in texts(r'<p class="keys">(.*?)</p>')]}


def test_the_page_says_its_words_in_either_language(runner):
    # Every word of plan 9's page for 市税务局 (8 milestones overdue on 2022-07-01), in Chinese and in
    # English: outputs/words.py's REPORT_IN_CHINESE holds the Chinese of the page's English words.
    args = ["report", "--as-of", "2022-07-01", "--plan", "9", "--dept", "tax"]
    chinese, english = (page_words(invoke(runner, *args, *lang).stdout) for lang in ((), ("--lang", "en")))
    assert chinese == {
        "subtitle": ["截至 2022-07-01 · 方案 9：平顶山市缴纳税费优化提升专项行动方案；市税务局 (tax) · pingdingshan-2022"],
        "headings": ["时间节点（按月份、方案）", "责任单位：任务量与进度", "指标：基期 → 目标 → 国内前沿",
                     "截至 2022-07-01 已逾期的时间节点（8 项）"],
        "columns": ["单位", "时间节点（含持续推进）", "状态", "措施数（按职责）", "牵头", "配合", "落实", "责任",
                    "编号", "指标", "单位", "基期值", "年末目标", "国内前沿", "实际值", "",
                    "时间节点", "编号", "措施", "逾期天数", "责任单位", "报送情况"],
        "headline": ["措施", "时间节点", "已逾期", "临近到期", "未到期", "指标", "措施所列责任单位"],
        "legend": ["已逾期", "临近到期", "未到期", "已完成", "逾期完成", "已取消", "持续推进"],
        "months": ["1月", "2月", "3月"],
        "keys": ["基期值 年末目标 国内前沿 实际值 · 右为更优"]}
    assert english == {
        "subtitle": ["as of 2022-07-01 · plan 9: 平顶山市缴纳税费优化提升专项行动方案; 市税务局 (tax) · pingdingshan-2022"],
        "headings": ["Milestones by month and plan", "Responsible bodies: load and status",
                     "Indicators: baseline → target → frontier", "Overdue as of 2022-07-01 (8)"],
        "columns": ["body", "milestones (incl. ongoing)", "status", "measures, by role", "lead", "support", "implement",
                    "responsible", "id", "indicator", "unit", "baseline", "year-end target", "frontier", "actual", "",
                    "date", "id", "measure", "days overdue", "responsible bodies", "reported"],
        "headline": ["measures", "milestones", "overdue", "due within 30 days", "upcoming", "indicators",
                     "bodies the measures name"],
        "legend": ["overdue", "due within 30 days", "upcoming", "done", "done late", "dropped", "ongoing"],
        "months": ["Jan", "Feb", "Mar"],
        "keys": ["baseline year-end target frontier actual · better is to the right"]}


def test_the_english_page_says_its_own_words_in_english_punctuation(runner):
    # The English page put the Chinese page's full-width （…） around `lower is better`, beside
    # each indicator's name. Now every character the page itself writes is English, but for its
    # title, the office's name for the chart (docs/outputs.md); the rest is data: a name, a value
    # as printed, a plan's short name.
    args = ["report", "--as-of", "2022-07-01", "--plan", "9", "--dept", "tax"]
    chinese, english = (invoke(runner, *args, *lang).stdout for lang in ((), ("--lang", "en")))
    assert "（越低越好）" in chinese and "(lower is better)" in english and "（lower" not in english
    page = re.search(r"<body>(.*)</body>", english, re.DOTALL).group(1)
    text = htmllib.unescape(re.sub(r"<[^>]+>", "\n", page))
    plans = json.loads(invoke(runner, "plans", "--format", "json").stdout)
    data = {short_plan_name(plan["title"]) for plan in plans} | data_strings(plans)
    for listing in (["gaps", "--plan", "9"], ["due", "--plan", "9", "--include-ongoing", "--as-of", "2022-07-01"]):
        data |= data_strings(json.loads(invoke(runner, *listing, "--format", "json").stdout))
    title = re.search(r"<h1>(.*?)</h1>", english).group(1)
    assert title == "平顶山市2022年营商环境优化提升 挂图作战"
    for string in sorted(data | {title}, key=len, reverse=True):
        text = text.replace(string, " ")
    assert not re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", text)


def test_a_milestone_in_the_last_month_the_calendar_holds_is_charted_not_a_traceback(runner, data_copy, tmp_path):
    # A date typed 9999-12-31 (validate names it against its raw string; a query answers from it)
    # ended the report in `ValueError: year 10000 is out of range`, working out the month after it.
    plan = data_copy / "plans" / "04-getting-electricity.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("    - date: '2022-03-31'", "    - date: '9999-12-31'", 1), encoding="utf-8")
    result = invoke(runner, "--data", str(data_copy), "report", "--plan", "4", "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 0, result.output
    assert 'data-date="9999-12-31"' in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_a_long_plan_name_goes_on_more_lines_in_its_lane_instead_of_over_january(runner):
    # 12px text: LABEL_WIDTH (190) holds about 30 display cells; 23 包容普惠创新（基本公共服务群众满意度）
    # is 42, and ran over January and February, where a square of January would sit on it.
    from bizenv_cli.outputs.xlsx import display_width

    label_cells, line_height = 30, 12  # of 12px text, in the lane's 190 units

    html = invoke(runner, "report", "--as-of", "2022-07-01").stdout
    lanes = re.findall(r'<g class="lane" data-plan="(\d+)">\s*<line class="grid" x1="0" y1="([\d.]+)".*?'
                       r'<text class="lane-label"[^>]*><title>[^<]*</title>(.*?)</text>', html, re.S)
    tops = [float(top) for _, top, _ in lanes] + [float(re.search(r'<svg[^>]*viewBox="0 0 [\d.]+ ([\d.]+)"',
                                                                   html[html.find('class="timeline"'):]).group(1))]
    labels = {}
    for (plan, top, label), bottom in zip(lanes, tops[1:]):
        lines = [htmllib.unescape(line) for line in re.findall(r"<tspan[^>]*>([^<]*)</tspan>", label)] or [label]
        labels[plan] = lines
        assert all(display_width(line) <= label_cells for line in lines), (plan, lines)
        assert bottom - float(top) >= len(lines) * line_height, (plan, lines)
    assert labels["23"] == ["23 包容普惠创新", "（基本公共服务群众满意度）"]
    assert labels["9"] == ["09 缴纳税费"]
