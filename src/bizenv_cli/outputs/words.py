"""The language of what a file says: Chinese for the files offices open (the workbooks, the
calendar, the report), English for what a terminal or a script reads (the table, CSV, TSV,
Markdown), either one by `--lang`. JSON is a contract and always English (docs/json.md).

A writer's words are English in its code; their Chinese is in the tables of this module, each
word's by its English (a status's, a role's and a direction's in model/status_words.py, which the
ledger reads too). A listing's columns are named after the JSON keys they show (`deadline.raw`,
`progress.status`); `in_language` gives the same columns in Chinese: the headers
(HEADER_IN_CHINESE, which also names the parts of a record `show` prints, `targets[0].by` part by
part), the words of each closed set a value can be in, by the key that holds it
(VALUE_IN_CHINESE: a status, a role, a direction, a change's basis, a body's kind ...), and the
tool's own phrases around values (PHRASE_IN_CHINESE, by their English template:
model/wording.Phrase; a calendar's descriptions are such phrases too). The files that are no
listing say theirs from a table of their own: the report's page (REPORT_IN_CHINESE) and the
export's summary sheet (SUMMARY_IN_CHINESE), each by the English word it shows under `--lang en`
(`word_in`). What is left in English is data: ids, and what the data says in English (an English
title, a note). A file people open in English (a workbook, a calendar, the report) says a status
in words too, from the table beside the Chinese one (model/status_words.STATUS_IN_ENGLISH: `due
within 30 days`), where the English of a terminal or a script keeps the JSON's (`due`; in_words).
tests/outputs/test_words.py runs every listing in Chinese and finds no other English word; the
report's, the workbook's and the calendar's tests do the same for theirs.
"""

from __future__ import annotations

import re
from enum import Enum

from bizenv_cli.model.status_words import (DIRECTION_IN_CHINESE, ROLE_HEADING_IN_CHINESE, ROLE_IN_CHINESE,
                                           STATUS_IN_CHINESE, STATUS_IN_ENGLISH)
from bizenv_cli.model.wording import Phrase
from bizenv_cli.outputs.render import Column, Composed, cell_text


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
    # a milestone (`due`, the export's milestones sheet)
    "date": "时间节点", "measure": "措施", "status": "状态", "days_left": "剩余天数", "days left": "剩余天数",
    "milestone": "节点说明", "departments": "涉及单位", "departments_from": "涉及单位来源",
    "reported": "状态所据报送截至日期",  # the report a status rests on, not the latest (progress.as_of)
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
    # the same counts under a narrow column's heading (`departments`' table)
    **{f"{role} count": word for role, word in ROLE_HEADING_IN_CHINESE.items()},
    "measures": "措施数", "indicators": "指标数",
    # a department's milestones by status as of a day (`departments --as-of`)
    **{f"status.{status}": word for status, word in STATUS_IN_CHINESE.items()}, "status.total": "时间节点合计",
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
    # the parts of a record `show` prints (a measure's, an indicator's, a section's, a table's, a
    # plan's) and `search` and `diff` name a field by; a path of parts (targets[0].by) is named
    # part by part (field_in_chinese)
    "item": "类型", "plan_title": "方案标题", "heading": "标题", "heading_en": "英文标题", "parent": "上级部分",
    "paragraphs": "段落", "notes": "注释", "caption": "表题", "caption_line": "表题行号", "columns": "列名",
    "header_rows": "表头行", "rows": "表格行", "cells": "单元格", "sections": "各部分", "tables": "表格",
    "origin": "来源", "direction_why": "方向依据", "year_end_target": "年末目标", "by": "期限",
    "change_unit": "变化单位", "level": "水平值", "where": "地区", "completion.raw": "完成时限",
    "completion.by": "完成时限（月份）", "lead_raw": "牵头单位（原文）", "indicator_area": "评价指标领域",
    "source lines": "原文行号", "status as of": "状态截至", "bodies": "责任单位及职责", "progress history": "进展记录",
    "phrase": "原文表述", "uplift_targets": "提升目标", "applies_to": "适用范围", "percent": "百分比",
}

SHEET_IN_CHINESE = {
    # a listing's sheet is named after its command
    "due": "时间节点", "measures": "措施", "gaps": "指标", "plans": "方案", "departments": "责任单位",
    "search": "检索", "show": "详情", "progress": "进展", "diff": "变化", "listing": "清单",
    # the export's own sheets
    "summary": "概览", "milestones": "时间节点", "indicators": "指标", "actuals": "指标实际值",
}

# The words of the closed sets the JSON holds in English (docs/json.md), beyond a status, a role
# and a direction (model/status_words.py, which the ledger's template reads too).
# A change target's basis (model/changes.CHANGE_BASES).
CHANGE_BASIS_IN_CHINESE = {"year-on-year": "同比", "from-baseline": "较基期", "unstated": "未说明依据"}
# How often a deadline recurs (每季度一次 = quarterly).
RECURRENCE_IN_CHINESE = {"quarterly": "每季度", "monthly": "每月", "yearly": "每年"}
# Where an indicator was read from, and which rule named its bodies (model/owners.py).
ORIGIN_IN_CHINESE = {"table": "指标表", "goals": "工作目标"}
OWNERS_FROM_IN_CHINESE = {"table": "指标表所列", "measures": "相关措施所列", "plan": "方案各措施共同所列"}
# What `show` shows: its `item`, and its title's first word.
ITEM_IN_CHINESE = {"measure": "措施", "indicator": "指标", "section": "部分", "table": "表格", "plan": "方案"}
# A `kind`: of a body (schemas/departments.schema.json), of a section and of a table
# (schemas/plan.schema.json), of a change `diff` finds (diff/plan/kinds.py, diff/ledger.py). One
# table, since each listing's `kind` holds one of them; a word two sets share says one thing.
DEPARTMENT_KIND_IN_CHINESE = {
    "municipal-department": "市直部门", "party-organ": "市委部门", "court": "法院", "procuratorate": "检察院",
    "county-government": "县（市、区）政府", "county-department": "县级部门", "central-branch": "中央驻平单位",
    "provincial-branch": "省属驻平单位", "utility": "公用事业企业", "public-institution": "事业单位",
    "enterprise": "企业", "group": "统称",
}
SECTION_KIND_IN_CHINESE = {
    "preamble": "前言", "requirements": "总体要求", "goals": "工作目标", "measures": "措施", "indicators": "指标",
    "safeguards": "保障措施", "notes": "说明", "other": "其他",
}
TABLE_KIND_IN_CHINESE = {"indicators": "指标", "schedule": "进度安排", "steps": "步骤", "other": "其他"}
FINDING_KIND_IN_CHINESE = {
    "plan-added": "新增方案", "plan-removed": "删除方案",
    "measure-added": "新增措施", "measure-removed": "删除措施", "measure-moved": "措施移位",
    "text-changed": "文字修改", "deadline-changed": "时间节点修改", "milestone-moved": "时间节点调整",
    "milestone-added": "新增时间节点", "milestone-removed": "删除时间节点", "ongoing-changed": "持续推进变化",
    "recurrence-changed": "周期变化", "responsible-changed": "责任单位修改", "body-added": "新增责任单位",
    "body-dropped": "删除责任单位", "role-changed": "职责变化",
    "indicator-added": "新增指标", "indicator-removed": "删除指标", "indicator-moved": "指标移位",
    "value-changed": "数值变化", "raw-changed": "原文修改", "target-added": "新增目标", "target-removed": "删除目标",
    "section-added": "新增部分", "section-removed": "删除部分", "section-moved": "部分移位",
    "table-added": "新增表格", "table-removed": "删除表格", "table-moved": "表格移位",
    "department-added": "新增单位", "department-removed": "删除单位", "alias-added": "新增别称", "alias-removed": "删除别称",
    "item-added": "新增条目", "item-removed": "删除条目", "changed": "修改",
    "progress-recorded": "新增进展", "progress-changed": "进展修改", "progress-removed": "删除进展",
    "actual-recorded": "新增实际值", "actual-changed": "实际值修改", "actual-removed": "删除实际值",
    "report-changed": "报送文件修改",
}
KIND_IN_CHINESE = {**DEPARTMENT_KIND_IN_CHINESE, **SECTION_KIND_IN_CHINESE, **TABLE_KIND_IN_CHINESE,
                   **FINDING_KIND_IN_CHINESE}

# What a title counts (model/wording.plural: `2 measures`), with the measure word Chinese counts it by.
NOUN_IN_CHINESE = {
    **{noun: words for nouns, words in (
        (("measure", "measures"), "项措施"), (("milestone", "milestones"), "个时间节点"),
        (("ongoing measure", "ongoing measures"), "项持续推进的措施"), (("indicator", "indicators"), "项指标"),
        (("plan", "plans"), "个方案"), (("department", "departments"), "个单位"), (("record", "records"), "条记录"),
        (("report", "reports"), "份报送"), (("row", "rows"), "行"), (("change", "changes"), "处变化"),
        (("day", "days"), "天")) for noun in nouns},
}
# How a listing is sorted (`--sort`) and grouped (`progress --group-by`), in a title.
SORT_IN_CHINESE = {
    "plan": "方案", "date": "日期", "department": "单位", "days": "剩余天数", "status": "状态", "gap": "差距",
    "progress": "进度", "registry": "登记顺序", "name": "名称", "id": "编号", "overdue": "已逾期数",
    "due": "临近到期数", "upcoming": "未到期数", "total": "时间节点数", "measures": "措施数",
}
GROUP_IN_CHINESE = {"plan": "按方案", "dept": "按单位"}

# Each closed set by the key that holds it: a column's header (or `key`), the last part of a field
# `show` prints (targets[0].change: change), the name of a Phrase's value.
VALUE_IN_CHINESE = {
    "status": STATUS_IN_CHINESE, "direction": DIRECTION_IN_CHINESE, "role": ROLE_IN_CHINESE,
    "change": CHANGE_BASIS_IN_CHINESE, "recurrence": RECURRENCE_IN_CHINESE, "origin": ORIGIN_IN_CHINESE,
    "departments_from": OWNERS_FROM_IN_CHINESE, "item": ITEM_IN_CHINESE, "kind": KIND_IN_CHINESE,
    "noun": NOUN_IN_CHINESE, "sort": SORT_IN_CHINESE, "group": GROUP_IN_CHINESE,
}

YES_NO = {True: "是", False: "否"}

# The tool's own phrases around values (model/wording.Phrase), by their English template. A
# value in braces is said by its name: {status} in a status's words, {role} in a role's.
PHRASE_IN_CHINESE = {
    # a deadline with no date (`measures`, `due`, `show`)
    "ongoing": "持续推进",
    # a change target (model/changes.change_text) and why a gap has no figure (model/gap_arithmetic.py)
    "{size} year on year": "同比 {size}",
    "{size} from the baseline": "较基期 {size}",
    "no target to compare against": "没有可比较的目标",
    "the target cell is empty": "目标栏为空",
    "the target states no number": "目标未列数值",
    "the target is a change ({change}) and no baseline is printed to apply it to":
        "目标为变化量（{change}），未列基期值，无法算出目标水平",
    "the target is a change ({change}) and the baseline states no number":
        "目标为变化量（{change}），基期值未列数值，无法算出目标水平",
    "the target is a change in {change_unit}, the baseline is in {unit}": "目标变化以{change_unit}计，基期值以{unit}计",
    "no printed unit": "未列单位",
    "no baseline is printed": "未列基期值",
    "the baseline states no number": "基期值未列数值",
    # `gaps`' table: the target compared against, its month, the others
    "by {month}": "期限 {month}",
    "change {change}": "变化 {change}",
    "({by}: {raw})": "（{by}：{raw}）",
    # a measure's bodies by role (`measures`' table, `show`)
    "{role}:": "{role}：",
    "{role}: ": "{role}：",
    # `show`: a milestone as of a day, a plan's parts, what the work ledger says
    "{date}  {status}": "{date}  {status}",
    "{date}  {status} ({days} days)": "{date}  {status}（{days} 天）",
    "measures ({count})": "措施（{count} 项）",
    "indicators ({count})": "指标（{count} 项）",
    "{item} {id}": "{item} {id}",
    "{raw} (measured {measured_on}, {reported_by})": "{raw}（{measured_on} 测量，{reported_by}）",
    "{raw} (measured {measured_on}, {reported_by}), {pct:.1f}% of the way to the target":
        "{raw}（{measured_on} 测量，{reported_by}），已完成目标进度的 {pct:.1f}%",
    "{as_of}  {reported_by}: {item} {status}": "{as_of}  {reported_by}：{item} {status}",
    "{as_of}  {reported_by}: {item} {status} on {done_on}": "{as_of}  {reported_by}：{item} {status}（{done_on}）",
    "{as_of}  {reported_by}: actual {raw} (measured {measured_on})": "{as_of}  {reported_by}：实际值 {raw}（{measured_on} 测量）",
    " — {evidence}": " — {evidence}",
    "no report": "未报送",
    # `progress`' total row
    "total": "合计",
    # a listing's title (cli/options.heading): what it lists, counted (model/wording.plural; the
    # noun in its words, NOUN_IN_CHINESE), and each word that narrows it
    "{count} {noun}": "{count} {noun}",
    "; ": "；",
    " (the first {shown} of {found})": "（前 {shown} 项，共 {found} 项）",
    "sorted by {sort}": "按{sort}排序",
    "plan {plan}": "方案 {plan}", "plans {plans}": "方案 {plans}",
    "{some} or {last}": "{some}或{last}",
    "as {role}": "职责为{role}", "any body as {role}": "任一单位职责为{role}",
    "section '{section}'": "所属部分含“{section}”", "text '{text}'": "文字含“{text}”",
    "indicator '{indicator}'": "指标含“{indicator}”",
    "against the targets due by {month}": "对照 {month} 前到期的目标", "against year-end targets": "对照年末目标",
    "actuals as of {day}": "实际值截至 {day}", "no reports in the ledger": "台账尚无报送",
    "kind {kind}": "类别：{kind}", "milestones as of {day}": "时间节点状态截至 {day}",
    "{plans} of package {package} ({folder})": "方案包 {package}（{folder}）：{plans}",
    "{records} contains '{text}'": "含“{text}”：{records}", "{records} contain '{text}'": "含“{text}”：{records}",
    "progress as of {day} by {group}": "截至 {day} 的进展，{group}",
    "{window}, as of {day}": "{window}，状态截至 {day}",
    "status {status}": "状态：{status}",
    "with ongoing": "含持续推进", ", {ongoing}": "，{ongoing}",
    # a window of days (model/periods.Window.describe)
    "due on {day}": "{day} 到期", "due in {period} ({first} to {last})": "{period} 到期（{first} 至 {last}）",
    "due from {first} to {last}": "{first} 至 {last} 到期", "due before {day}": "{day} 之前到期",
    "due by {day}": "{day} 及之前到期", "due after {day}": "{day} 之后到期", "due on or after {day}": "{day} 及之后到期",
    "all due dates": "全部时间节点",
    # `diff`: how a milestone moved, a deadline's ongoing, a number given the direction
    # (diff/plan/), and a work ledger's update, actual and report (diff/ledger.py)
    "{days} day later": "推迟 {days} 天", "{days} days later": "推迟 {days} 天",
    "{days} day earlier": "提前 {days} 天", "{days} days earlier": "提前 {days} 天",
    "now ongoing": "改为持续推进", "no longer ongoing": "不再持续推进",
    "tightens ({change}; {direction} is better)": "收紧（{change}；{direction}）",
    "loosens ({change}; {direction} is better)": "放宽（{change}；{direction}）",
    "better ({change}; {direction} is better)": "更优（{change}；{direction}）",
    "worse ({change}; {direction} is better)": "更差（{change}；{direction}）",
    "{status}": "{status}", "{status} {done_on}": "{status} {done_on}",
    "{status} on {done_on}": "{status}（{done_on}）",
    "{raw} = {number}, measured {day}": "{raw} = {number}（{day} 测量）",
    "{raw}, measured {day}": "{raw}（{day} 测量）",
    "{body}, report of {as_of}": "{body}，{as_of} 报送",
    "{body}, report of {as_of}: {evidence}": "{body}，{as_of} 报送：{evidence}",
    # a calendar's event (outputs/ics.py): its description line by line, and the calendar's name
    # when the listing gives it none
    "deadline: {deadline}": "时间节点：{deadline}",
    "milestone: {label}": "里程碑：{label}",
    "{role}: {bodies}": "{role}：{bodies}",
    "status: {status} (as of {day})": "状态：{status}（截至 {day}）",
    "progress: {status}": "进展：{status}",
    "progress: {status}, reported as of {as_of}": "进展：{status}（{as_of} 报送）",
    "{package} milestones": "{package} 时间节点",
}

# The ongoing measures with no date (持续推进; a measure printed 2022年12月，持续推进 has one), which no
# chart can show: one figure, in the same words, in the report's headline and the export's summary.
ONGOING_UNDATED = "ongoing measures (no date)"

# The 挂图作战 report (outputs/report.py, templates/report.html.j2): each word of its page, by the
# English the page shows under `--lang en`. A column the listings show too is headed as they head
# it; a status, a role and a direction are said as every file says them (model/status_words.py).
REPORT_IN_CHINESE = {
    **{english: HEADER_IN_CHINESE[english] for english in (
        "id", "indicator", "unit", "baseline", "year-end target", "frontier", "actual", "date", "measure", "status",
        "milestones")},
    # the table of bodies' narrow columns, a role each
    **ROLE_HEADING_IN_CHINESE,
    **{f"{direction} is better": word for direction, word in DIRECTION_IN_CHINESE.items()},
    "({direction})": "（{direction}）",
    # the title's line, the headline
    "as of": "截至", "plan {number}": "方案 {number}", ": {title}": "：{title}", "; ": "；",
    "measures": "措施", "indicators": "指标", ONGOING_UNDATED: "持续推进的措施（无时间节点）",
    # The bodies the measures shown name, in any role: the rows of the table of bodies. The export's
    # summary counts the same over the package, in the same words (SUMMARY_IN_CHINESE).
    "bodies the measures name": "措施所列责任单位",
    # the chart, and what it leaves out
    "Milestones by month and plan": "时间节点（按月份、方案）", "milestones by month and plan": "各方案时间节点",
    "Plans with no dated milestone: ": "没有时间节点的方案：",
    "{n} ongoing measures have no date and are not charted.": "另有 {n} 项持续推进的措施没有时间节点，不在图中。",
    "{n} measures state no 时间节点 and are not charted.": "另有 {n} 项措施未列时间节点，不在图中。",
    "{n} measure states no 时间节点 and is not charted.": "另有 {n} 项措施未列时间节点，不在图中。",
    # the table of bodies
    "Responsible bodies: load and status": "责任单位：任务量与进度", "body": "单位",
    "milestones (incl. ongoing)": "时间节点（含持续推进）", "measures, by role": "措施数（按职责）",
    # the indicators
    "Indicators: baseline → target → frontier": "指标：基期 → 目标 → 国内前沿", "better is to the right": "右为更优",
    # the overdue milestones
    "Overdue as of {as_of} ({n})": "截至 {as_of} 已逾期的时间节点（{n} 项）", "responsible bodies": "责任单位",
    "days overdue": "逾期天数", "reported": "报送情况", "{status}, reported as of {as_of}": "{status}（{as_of} 报送）",
    "never reported": "未报送", "Nothing is overdue.": "没有逾期的时间节点。",
}
# A month on the chart's scale (the English page's is its short name, Jan … Dec).
MONTH_IN_CHINESE = "{month}月"
# The page's title, the package's work as the office names it; the English page keeps it too.
REPORT_TITLE = "{jurisdiction}{year}年营商环境优化提升 挂图作战"


def status_figure(status: str) -> str:
    """The export summary's label of the milestones in `status`, in English: the status's words
    (model/status_words.STATUS_IN_ENGLISH), the overdue ones with the day they are counted on."""
    words = STATUS_IN_ENGLISH[status]
    return f"{words} as of {{day}}" if status == "overdue" else words


# The export's summary sheet (outputs/workbook.summary_rows): each figure's label by its English
# ({day}: the day the statuses are counted on); the milestones by status are 其中 (of which) and
# the status's words.
SUMMARY_IN_CHINESE = {
    "package": "方案包", "jurisdiction": "地区", "year": "年度", "as of": "截至日期", "plans": "方案数",
    "measures": "措施数", "milestones": "时间节点数",
    status_figure("overdue"): f"其中{STATUS_IN_CHINESE['overdue']}（截至 {{day}}）",
    status_figure("due"): f"其中{STATUS_IN_CHINESE['due']}（30天内）",
    **{status_figure(status): f"其中{STATUS_IN_CHINESE[status]}"
       for status in ("upcoming", "done", "done-late", "dropped")},
    # the report's headline figure, in its words
    ONGOING_UNDATED: REPORT_IN_CHINESE[ONGOING_UNDATED],
    "measures with no 时间节点": "未列时间节点的措施",
    "indicators": "指标数",
    "bodies the measures name": "措施所列责任单位数", "bodies on the departments sheet": "责任单位表所列单位数",
    "ledger updates": "台账进展条数", "ledger actuals": "台账实际值条数",
}


# A part of a record whose name says something else than the column of the same name: a record's
# `measures` are its measures (a column's their number), a milestone's `date` its day (a column's
# the milestone), `targets[0]` one target (a column's every target), a target's `change` its basis.
FIELD_PART_IN_CHINESE = {"measures": "措施", "indicators": "指标", "date": "日期", "targets": "目标",
                         "change": "变化口径"}


def field_in_chinese(path: str) -> str:
    """A field as `show`, `search` and `diff` name it, in Chinese, from its parts: the longest run
    of them a header names (deadline.milestones: 各时间节点), else each part by its name, an index
    counted from 1 as a reader counts (targets[0].by: 目标（1）·期限) and a key as it is
    (responsible[tax]: 责任单位[tax])."""
    parts = [(name, index.removesuffix("]")) for name, _, index in (part.partition("[") for part in path.split("."))]
    words, start = [], 0
    while start < len(parts):
        end = next((end for end in range(len(parts), start + 1, -1)
                    if ".".join(name for name, _ in parts[start:end]) in HEADER_IN_CHINESE), start + 1)
        run = ".".join(name for name, _ in parts[start:end])
        name = (HEADER_IN_CHINESE[run] if end > start + 1 else
                FIELD_PART_IN_CHINESE.get(run) or HEADER_IN_CHINESE.get(run, run))
        index = parts[end - 1][1]
        words.append(name + (f"（{int(index) + 1}）" if index.isdigit() else f"[{index}]" if index else ""))
        start = end
    return "·".join(words)


def _last_part(key: str) -> str:
    return re.sub(r"\[[^]]*\]", "", key).rsplit(".", 1)[-1]


def said_in_chinese(value: object, key: str | None = None, names: dict[str, str] | None = None) -> object:
    """`value` as a file in Chinese says it: a yes or no as 是 or 否, a Phrase in its Chinese, a word
    of a closed set in its words when `key` names the set (a status under `status`), a field's
    name under `field`, and (given `names`) a department id under a key of department ids as the
    body's name; a list or a composed cell part by part. Anything else is data, said as it is."""
    if isinstance(value, bool):
        return YES_NO[value]
    if isinstance(value, Phrase):
        return _phrase_in_chinese(value, names)
    if isinstance(value, Composed):
        return Composed(said_in_chinese(part, key, names) for part in value)
    if isinstance(value, list):
        return [said_in_chinese(item, key, names) for item in value]
    if not isinstance(value, str) or key is None:
        return value
    if key == "field":
        return field_in_chinese(value)
    if names and key in _DEPARTMENT_COLUMNS:
        value = names.get(value, value)
    return VALUE_IN_CHINESE.get(_last_part(key), {}).get(value, value)


def _phrase_in_chinese(phrase: Phrase, names: dict[str, str] | None) -> str:
    # A template without its Chinese stays English: tests/outputs/test_words.py finds every one.
    template = PHRASE_IN_CHINESE.get(phrase.template)
    if template is None:
        return str(phrase)
    values = {}
    for name, value in phrase.values.items():
        said = said_in_chinese(value, name, names)
        values[name] = cell_text(said, Language.zh) if isinstance(said, (list, tuple)) or said is None else said
    return template.format(**values)


def in_words(language: str, opened: bool) -> bool:
    """Whether a file says a value of a closed set in words: in Chinese always; in English only a
    file people open (a workbook, a calendar, the report: `due within 30 days`), since what a
    terminal or a script reads in English keeps the JSON's values (`due`), the contract of
    docs/json.md."""
    return language == Language.zh or opened


def said_in_english(value: object, key: str | None = None) -> object:
    """`value` as a file people open in English says it: a status in its words
    (model/status_words.STATUS_IN_ENGLISH) when `key` holds statuses, a Phrase with its values said
    so; a list or a composed cell part by part. Anything else is as the JSON has it."""
    if isinstance(value, Phrase):
        return value.with_values(**{name: said_in_english(item, name) for name, item in value.values.items()})
    if isinstance(value, Composed):
        return Composed(said_in_english(part, key) for part in value)
    if isinstance(value, list):
        return [said_in_english(item, key) for item in value]
    if isinstance(value, str) and key is not None and _last_part(key) == "status":
        return STATUS_IN_ENGLISH.get(value, value)
    return value


def header_in(header: str, language: str) -> str:
    return HEADER_IN_CHINESE.get(header, header) if language == Language.zh else header


def sheet_in(name: str, language: str) -> str:
    return SHEET_IN_CHINESE.get(name, name) if language == Language.zh else name


def word_in(english: str, table: dict[str, str], language: str) -> str:
    """One of a file's own words (the report's REPORT_IN_CHINESE, the summary sheet's
    SUMMARY_IN_CHINESE), by its English, in `language`: a word the table lacks is a bug, not English."""
    return table[english] if language == Language.zh else english


def text_in(value: object, language: str, opened: bool = False) -> str:
    """A text the tool composed (a listing's title, a calendar's line: a Phrase, or a cell composed
    of them) in `language`, its statuses in words in a file people open (`opened`: in_words)."""
    if language == Language.zh:
        value = said_in_chinese(value)
    elif opened:
        value = said_in_english(value)
    return cell_text(value, language)


# Columns that hold department ids (`departments`, a measure's bodies by role, a plan's lead): in
# Chinese they show each body's name, as the export's sheets do; an id is for scripts, and a
# Chinese workbook headed 牵头单位 over `market-regulation` read as untranslated.
_DEPARTMENT_COLUMNS = ("departments", "lead", "top_leads", *(f"responsible.{role}" for role in ROLE_IN_CHINESE),
                       "reported_by", "progress.reported_by", "actual.reported_by")


def _joined(value: object, language: str) -> object:
    """A list (or a cell composed around one) as its text in `language` (model/wording.LIST_SEPARATOR)."""
    return cell_text(value, language) if isinstance(value, (list, tuple)) else value


def in_language(columns: list[Column], language: str, names: dict[str, str] | None = None,
                opened: bool = False) -> list[Column]:
    """`columns` as a file in `language` shows them: in Chinese, each under its header's Chinese
    (that of its `key`, where a short header stands for one) and each value said in Chinese
    (said_in_chinese: by the column's key, or by the key its `words_of` gives from the row), with
    its lists joined as Chinese joins them and (given `names`, each department id's name) the
    department ids of a column that holds them as names. English keeps each header (the JSON
    key) and each value as it is, but for a file people open (`opened`), which says a status in
    its words (said_in_english); a writer joins a list in English itself (render.cell_text)."""
    if not in_words(language, opened):
        return columns
    translated = []
    for column in columns:
        key = column.key or column.header
        words_of = column.words_of or (lambda row, key=key: key)
        if language == Language.zh:
            value = (lambda row, value=column.value, words_of=words_of:
                     _joined(said_in_chinese(value(row), words_of(row), names), language))
            translated.append(column._replace(header=header_in(key, language), value=value))
        else:
            value = lambda row, value=column.value, words_of=words_of: said_in_english(value(row), words_of(row))
            translated.append(column._replace(value=value))
    return translated
