"""The language of a file's headers and status words: Chinese for the files offices open (the
workbooks, the report), English for what a terminal or a script reads (the table, CSV, TSV,
Markdown), either one by `--lang`. JSON is a contract and always English (docs/json.md).

A listing's columns are named in English, after the JSON keys they show (`deadline.raw`,
`progress.status`); `in_language` gives the same columns under Chinese headers, with the words
of a status (model/status_words.py), a role and a direction in Chinese too. Every header a
listing or the export can show is in HEADER_IN_CHINESE: tests/outputs/test_words.py holds it so.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from bizenv_cli.model.status_words import DIRECTION_IN_CHINESE, ROLE_IN_CHINESE, STATUS_IN_CHINESE
from bizenv_cli.outputs.render import Column, cell_text


class Language(str, Enum):
    zh = "zh"
    en = "en"


HEADER_IN_CHINESE = {
    # a measure (`measures`, the export's plan sheets)
    "id": "编号", "plan": "方案", "no.": "序号", "number": "序号", "seq": "序号", "label": "条目号",
    "title": "标题", "text": "内容", "line": "原文行号", "source line": "原文行号", "section": "所属部分",
    "deadline": "时间节点（原文）", "deadline.raw": "时间节点（原文）", "deadline.milestones": "各时间节点",
    "deadline.ongoing": "持续推进", "deadline.recurrence": "周期", "first due": "首个时间节点",
    "milestones": "时间节点", "ongoing": "持续推进", "recurrence": "周期",
    "responsible": "责任单位", "responsible.raw": "责任单位（原文）", "responsible_raw": "责任单位（原文）",
    "responsible (as printed)": "责任单位（原文）",
    **{f"responsible.{role}": f"{word}单位" for role, word in ROLE_IN_CHINESE.items() if role != "responsible"},
    "responsible.responsible": "责任单位",
    "lead": "牵头单位", "support": "配合单位", "implement": "负责落实单位",
    "resp": "责任", "supp": "配合", "impl": "落实",
    # a milestone (`due`, the export's milestones sheet)
    "date": "时间节点", "measure": "措施", "status": "状态", "days_left": "剩余天数", "days left": "剩余天数",
    "milestone": "节点说明", "departments": "涉及单位", "departments_from": "涉及单位来源",
    "reported": "报送截至日期",
    # the ledger's columns (`progress.*`, `actual.*`, the export's progress and actuals sheets)
    "progress": "进展", "progress.status": "报送状态", "progress.milestone": "报送节点序号", "progress.done_on": "完成日期",
    "progress.reported_by": "报送单位", "progress.as_of": "报送截至日期", "progress.evidence": "进展情况",
    "progress.note": "备注", "progress_pct": "完成进度（%）", "progress %": "进度 %",
    "actual": "实际值", "actual.raw": "实际值", "actual.value": "实际值（数值）", "actual.measured_on": "测量日期",
    "actual.reported_by": "报送单位", "actual.as_of": "报送截至日期", "actual.evidence": "进展情况",
    "report": "报送文件", "reported_by": "报送单位", "as_of": "截至日期", "position": "文件内序号",
    "submitted": "报送日期", "done_on": "完成日期", "evidence": "进展情况", "note": "备注",
    "indicator": "指标", "raw": "原文", "value": "数值", "measured_on": "测量日期",
    # an indicator (`gaps`, the export's indicators sheet)
    "name": "名称", "unit": "单位", "direction": "方向", "baseline": "基期值", "baseline.raw": "基期值",
    "baseline.value": "基期值（数值）", "baseline value": "基期值（数值）",
    "target": "目标", "targets": "各期目标", "target.by": "目标期限", "target.raw": "目标值",
    "target.value": "目标值（数值）", "target.change": "目标变化口径", "target.change_unit": "目标变化单位",
    "target.level": "目标水平值",
    "year-end target": "年末目标", "target value": "年末目标（数值）", "target change": "年末目标（变化）",
    "frontier": "国内前沿", "frontier.raw": "国内前沿", "frontier.value": "国内前沿（数值）",
    "frontier value": "国内前沿（数值）", "frontier.where": "前沿地区", "frontier where": "前沿地区",
    "to_target": "距目标", "to target": "距目标", "to_target_pct": "距目标（%）", "to target %": "距目标（%）",
    "to_target_why": "距目标无值原因",
    "to_frontier": "距前沿", "to frontier": "距前沿", "improving": "是否改善", "meets_frontier": "是否达到前沿",
    "meets frontier": "是否达到前沿", "completion": "完成时限",
    "Δ target": "距目标", "Δ %": "距目标 %", "Δ frontier": "距前沿",
    # a department (`departments`)
    "name_en": "英文名称", "kind": "类别", "group": "是否统称", "aliases": "别称",
    **{f"counts.{role}": f"{word}措施数" for role, word in ROLE_IN_CHINESE.items()},
    "measures": "措施数", "indicators": "指标数",
    # a plan (`plans`)
    "slug": "简称", "title_en": "英文标题", "indicator area": "评价指标领域", "top_leads": "牵头措施最多的单位", "top_lead_measures": "其牵头措施数",
    # the scorecard (`progress`)
    "key": "代码", "due": "应完成", "due_by_as_of": "应完成", "done": "已完成", "late": "逾期完成",
    "done_late": "逾期完成", "dropped": "已取消", "overdue": "已逾期", "unreported": "未报送",
    "upcoming": "未到期", "done_early": "提前完成", "complete": "完成率", "completion_rate": "完成率",
    "on time": "按时率", "on_time_rate": "按时率",
    # `search`, `show` and `diff`
    "field": "字段", "snippet": "摘录", "change": "变化", "detail": "说明", "old": "原值", "new": "新值",
    # the export's summary sheet
    "what": "项目",
}

# The ongoing measures with no date (持续推进; a measure printed 2022年12月，持续推进 has one), which no
# chart can show: one figure, in the same words, in the report's headline and the export's summary.
ONGOING_UNDATED = ("持续推进的措施（无时间节点）", "ongoing measures (no date)")

SHEET_IN_CHINESE = {
    # a listing's sheet is named after its command
    "due": "时间节点", "measures": "措施", "gaps": "指标", "plans": "方案", "departments": "责任单位",
    "search": "检索", "show": "详情", "progress": "进展", "diff": "变化", "listing": "清单",
    # the export's own sheets
    "summary": "概览", "milestones": "时间节点", "indicators": "指标", "actuals": "指标实际值",
}

# Columns whose values are words of a closed set, shown in Chinese too. `field` (`show`) holds
# the names of a record's parts, which are the headers' own words; a `due` table's date column
# says `ongoing` where a measure has no date.
_STATUS_COLUMNS = ("status", "progress.status")


YES_NO = {True: "是", False: "否"}


def _chinese_values(header: str) -> Callable[[object], object]:
    """How the values of a column read in Chinese: a yes or no as 是 or 否 in every column, and
    the words of a closed set (a status, a direction) in the columns that hold them."""
    if header in _STATUS_COLUMNS:
        table = STATUS_IN_CHINESE
    elif header == "direction":
        table = DIRECTION_IN_CHINESE
    elif header == "field":
        table = HEADER_IN_CHINESE
    elif header == "date":
        table = {"ongoing": STATUS_IN_CHINESE["ongoing"]}
    else:
        table = {}
    return lambda value: YES_NO[value] if isinstance(value, bool) else (
        table.get(value, value) if isinstance(value, str) else value)


def header_in(header: str, language: str) -> str:
    return HEADER_IN_CHINESE.get(header, header) if language == Language.zh else header


def sheet_in(name: str, language: str) -> str:
    return SHEET_IN_CHINESE.get(name, name) if language == Language.zh else name


# Columns that hold department ids (`departments`, a measure's bodies by role, a plan's lead): in
# Chinese they show each body's name, as the export's sheets do; an id is for scripts, and a
# Chinese workbook headed 牵头单位 over `market-regulation` read as untranslated.
_DEPARTMENT_COLUMNS = ("departments", "lead", "top_leads", *(f"responsible.{role}" for role in ROLE_IN_CHINESE))


def _named(value: object, names: dict[str, str]) -> object:
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, list):
        return [names.get(item, item) if isinstance(item, str) else item for item in value]
    return value


def _joined(value: object, language: str) -> object:
    """A list (or a cell composed around one) as its text in `language` (model/wording.LIST_SEPARATOR)."""
    return cell_text(value, language) if isinstance(value, (list, tuple)) else value


def in_language(columns: list[Column], language: str, names: dict[str, str] | None = None) -> list[Column]:
    """`columns` under headers in `language`, with their statuses and directions in its words, its
    lists joined as it joins them, and (given `names`, each department id's name) the department
    ids of a column that holds them as names. English keeps every column as it is: a writer joins
    a list in English itself (render.cell_text)."""
    if language != Language.zh:
        return columns
    translated = []
    for column in columns:
        words = _chinese_values(column.header)
        if names and column.header in _DEPARTMENT_COLUMNS:
            words = (lambda value, words=words: words(_named(value, names)))
        value = (lambda row, value=column.value, words=words: _joined(words(value(row)), language))
        translated.append(column._replace(header=header_in(column.header, language), value=value))
    return translated
