"""How people write a status and a day in a report: Chinese or English status words, and dates
as a spreadsheet or a person types them. One place, used by `record` and by the spreadsheet import.
"""

from __future__ import annotations

from datetime import date, datetime

from bizenv_cli.ledger.format import REPORT_STATUSES
from bizenv_cli.model.status_words import STATUS_IN_CHINESE
from bizenv_cli.model.wording import quoted_text

# The template's words first: they are what `ledger template` writes and what offices type.
STATUS_WORDS = {
    "未启动": "not-started", "推进中": "in-progress", "已完成": "done", "已取消": "dropped",
    "未开始": "not-started", "进行中": "in-progress", "完成": "done", "取消": "dropped",
    **{status: status for status in REPORT_STATUSES},
    "not started": "not-started", "in progress": "in-progress",
}
CHINESE_STATUS = {status: STATUS_IN_CHINESE[status] for status in REPORT_STATUSES}

def parse_status(text: str) -> str:
    """The ledger status a word names; ValueError naming the accepted words otherwise."""
    word = text.strip()
    status = STATUS_WORDS.get(word) or STATUS_WORDS.get(word.lower())
    if status is None:
        raise ValueError(f"unknown status {quoted_text(word)}; use 未启动/推进中/已完成/已取消 or "
                         "not-started/in-progress/done/dropped")
    return status


def parse_day(value) -> date:
    """A day as a spreadsheet cell holds it (a date or datetime) or as typed, read as a day option
    reads it (model/periods.parse_day: 2022-06-20, 2022/6/20, 2022.6.20, 2022年6月20日, 2022年6月底),
    but for `today`: a cell means the same day whenever it is read. ValueError for anything else,
    or a day that is none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    from bizenv_cli.model.periods import PeriodError, parse_day as day_named

    text = str(value).strip()
    try:
        if text.lower() != "today":
            return day_named(text)
    except PeriodError as error:
        if "not a real date" in str(error):
            raise ValueError(f"{quoted_text(text)} is not a real day") from None
    raise ValueError(f"{quoted_text(text)} is not a day; write 2022-06-20, 2022/6/20 or 2022年6月20日")
