"""The words offices read for a status, a role and a direction, every one of them here, for the
ledger's template (ledger/), the workbooks, the calendar and the report (outputs/), so that 已逾期
means the same thing in every file, and where a role is worded two ways the two stand side by side.

The keys are the statuses and roles as the JSON contract and the ledger's files spell them
(docs/json.md, docs/ledger.md); those English words never change with the language of a file.
"""

from __future__ import annotations

from bizenv_cli.model.wording import LIST_SEPARATOR, plural

# A milestone's status as of a day (`bizenv due`), then the ledger's own report statuses.
STATUS_IN_CHINESE = {
    "overdue": "已逾期",
    "due": "临近到期",      # within 30 days of the day asked about
    "upcoming": "未到期",
    "ongoing": "持续推进",   # a measure without a date
    "done": "已完成",
    "done-late": "逾期完成",
    "dropped": "已取消",
    "not-started": "未启动",
    "in-progress": "推进中",
}

# The same statuses as an English reader of an office file reads them (`--lang en`).
STATUS_IN_ENGLISH = {
    "overdue": "overdue", "due": "due within 30 days", "upcoming": "upcoming", "ongoing": "ongoing",
    "done": "done", "done-late": "done late", "dropped": "dropped", "not-started": "not started",
    "in-progress": "in progress",
}

# The roles a 责任单位 line gives a body (model/responsibility.py), as the source prints them.
ROLE_IN_CHINESE = {"lead": "牵头", "support": "配合", "implement": "负责落实", "responsible": "责任单位"}
# The same roles as a narrow column's heading (the report's table of bodies).
ROLE_HEADING_IN_CHINESE = {"lead": "牵头", "support": "配合", "implement": "落实", "responsible": "责任"}
# A body's 职责 on a row of the ledger's template: the role word the source prints (负责 for a body
# listed under 负责 or with none), beside the ledger's words for an indicator's owners
# (ledger/spreadsheet.py: 相关措施负责, 方案各措施负责), which are all 负责.
ROLE_IN_A_TEMPLATE = {"lead": "牵头", "support": "配合", "implement": "负责落实", "responsible": "负责"}


def plan_lead_words(names: list[str], measures: int | None, language: str) -> str | None:
    """Who leads a plan as a file says it (queries.top_leads): the body that leads (牵头) the most
    of its measures; on a tie every one of them and that they tie, since the source names no lead
    of the plan: 市政务服务和大数据管理局、市财政局（并列，各牵头 4 项）, or in English `… (tied: 4
    measures each)`. None when no measure names a lead."""
    if len(names) < 2:
        return names[0] if names else None
    tied = LIST_SEPARATOR[language].join(names)
    if language == "zh":
        return f"{tied}（并列，各牵头 {measures} 项）"
    return f"{tied} (tied: {plural(measures, 'measure')} each)"


# Which way an indicator improves (the `direction` of docs/data-format.md).
DIRECTION_IN_CHINESE = {"higher": "越高越好", "lower": "越低越好"}


def status_word(status: str | None, language: str) -> str | None:
    """A status as a file in `language` (zh or en) shows it; a word it does not know stays as it is."""
    if status is None:
        return None
    table = STATUS_IN_CHINESE if language == "zh" else STATUS_IN_ENGLISH
    return table.get(status, status)
