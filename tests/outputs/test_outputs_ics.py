"""`bizenv due` as a calendar, parsed back by icalendar: one all-day event per milestone, UIDs
that stay the same from one export to the next, the bodies by role and the status described, in
Chinese unless `--lang en`."""

import json
import re
from datetime import date, timedelta

import icalendar
import pytest

from bizenv_cli.model.status_words import STATUS_IN_CHINESE, STATUS_IN_ENGLISH

from conftest import data_strings, english_words, invoke, with_one_ledger_report

QUESTION = ["due", "--by", "2022-12", "--as-of", "2022-07-01"]


def export(runner, tmp_path, name, *extra):
    target = tmp_path / name
    result = invoke(runner, *QUESTION, *extra, "-o", str(target))
    assert result.exit_code == 0, result.output
    return target


def events(path):
    return icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")


@pytest.fixture(scope="module")
def calendar_of_the_question(tmp_path_factory):
    """The events of QUESTION's calendar, as icalendar reads them back (read by the tests, never
    changed): the same file every time (test_one_all_day_event_per_due_row_with_stable_uids)."""
    from typer.testing import CliRunner

    from conftest import CLI_ENV

    return events(export(CliRunner(env=CLI_ENV), tmp_path_factory.mktemp("ics"), "all.ics"))


def test_one_all_day_event_per_due_row_with_stable_uids(runner, tmp_path):
    first = export(runner, tmp_path, "a.ics")
    second = export(runner, tmp_path, "b.ics")
    assert first.read_bytes() == second.read_bytes()  # DTSTAMP comes from --as-of, not the clock
    rows = json.loads(invoke(runner, *QUESTION, "--format", "json").stdout)
    parsed = events(first)
    assert len(parsed) == len(rows) > 200
    uids = [str(event["UID"]) for event in parsed]
    assert len(set(uids)) == len(uids)
    for event, row in zip(parsed, rows):
        day = event.decoded("DTSTART")
        assert type(day) is date and day.isoformat() == row["date"]
        assert event.decoded("DTEND") == day + timedelta(days=1)
        assert event["DTSTART"].params["VALUE"] == "DATE"
        assert str(event["UID"]).startswith(f"{row['measure']}-") and str(event["UID"]).endswith("@pingdingshan-2022")
        assert str(event["SUMMARY"]).startswith(f"[{row['measure']}] ")
        assert f"状态：{STATUS_IN_CHINESE[row['status']]}（截至 2022-07-01）" in str(event["DESCRIPTION"])


def test_a_uid_does_not_change_when_the_question_does(runner, tmp_path, calendar_of_the_question):
    everything = {str(e["UID"]): e for e in calendar_of_the_question}
    tax = events(export(runner, tmp_path, "tax.ics", "--dept", "市税务局"))
    assert tax
    for event in tax:
        same = everything[str(event["UID"])]
        assert event.decoded("DTSTART") == same.decoded("DTSTART")
        assert str(event["SUMMARY"]) == str(same["SUMMARY"])


def test_staged_deadline_gives_numbered_events_with_labels_and_roles(runner, calendar_of_the_question):
    rows = json.loads(invoke(runner, *QUESTION, "--format", "json").stdout)
    staged = next(row for row in rows if row["label"] and row["roles"]["lead"])
    parsed = {str(e["UID"]): e for e in calendar_of_the_question}
    mine = [uid for uid in parsed if uid.startswith(staged["measure"] + "-")]
    assert len(mine) >= 1
    text = "\n".join(str(parsed[uid]["DESCRIPTION"]) for uid in mine)
    assert f"里程碑：{staged['label']}" in text
    assert f"时间节点：{staged['deadline']}" in text
    assert "牵头：" in text


def test_recurring_deadline_numbers_each_quarter(runner, tmp_path):
    rows = json.loads(invoke(runner, *QUESTION, "--format", "json").stdout)
    quarterly = next(row["measure"] for row in rows if row["recurrence"])
    uids = sorted(str(e["UID"]) for e in events(export(runner, tmp_path, "q.ics", "--in", "2022")))
    mine = [uid for uid in uids if uid.startswith(quarterly + "-")]
    assert mine == [f"{quarterly}-{n}@pingdingshan-2022" for n in range(1, len(mine) + 1)]
    assert len(mine) == 4


def test_ongoing_rows_are_left_out_and_said_so(runner, tmp_path):
    target = tmp_path / "o.ics"
    result = invoke(runner, *QUESTION, "--include-ongoing", "-o", str(target))
    assert result.exit_code == 0
    rows = json.loads(invoke(runner, *QUESTION, "--include-ongoing", "--format", "json").stdout)
    ongoing = sum(1 for row in rows if row["date"] is None)
    assert ongoing > 0
    assert f"bizenv: note: left out {ongoing} ongoing rows (持续推进)" in result.stderr
    assert len(events(target)) == len(rows) - ongoing


def test_format_ics_to_standard_output(runner):
    result = invoke(runner, "due", "--in", "2022-03", "--as-of", "2022-03-01", "--format", "ics")
    assert result.exit_code == 0
    calendar = icalendar.Calendar.from_ical(result.stdout)
    assert calendar["PRODID"] == "-//bizenv//pingdingshan-2022//ZH"
    assert all(event.decoded("DTSTART").month == 3 for event in calendar.walk("VEVENT"))
    english = invoke(runner, "due", "--in", "2022-03", "--as-of", "2022-03-01", "--format", "ics", "--lang", "en")
    assert icalendar.Calendar.from_ical(english.stdout)["PRODID"] == "-//bizenv//pingdingshan-2022//EN"


@pytest.mark.parametrize("command", [["measures"], ["gaps"], ["plans"]])
def test_only_due_writes_a_calendar(runner, command):
    result = invoke(runner, *command, "--format", "ics")
    assert result.exit_code == 2
    assert result.stderr.startswith("bizenv: error: --format ics: only `bizenv due` writes a calendar")


def test_the_ledger_status_reaches_the_description(runner, data_copy, tmp_path):
    import shutil
    from pathlib import Path

    fixture = Path(__file__).parents[1] / "examples" / "ledger" / "tax-2022" / "progress"
    shutil.copytree(fixture, data_copy / "progress", dirs_exist_ok=True)
    args = ["--data", str(data_copy), "due", "--dept", "tax", "--as-of", "2022-10-15"]
    rows = json.loads(invoke(runner, *args, "--format", "json").stdout)
    done = [row for row in rows if row["status"] in ("done", "done-late")]
    assert done
    described = {}
    for language in ("zh", "en"):
        target = tmp_path / f"tax-{language}.ics"
        assert invoke(runner, *args, "--lang", language, "-o", str(target)).exit_code == 0
        described[language] = {str(event["UID"]): str(event["DESCRIPTION"]) for event in events(target)}
    for row in done:
        status, progress = row["status"], row["progress"]
        text = next(text for uid, text in described["zh"].items() if uid.startswith(row["measure"] + "-")
                    and f"状态：{STATUS_IN_CHINESE[status]}（" in text)
        assert f"进展：{STATUS_IN_CHINESE[progress['status']]}（{progress['as_of']} 报送）" in text
        # In English in the words the report and the workbooks say (done late, in progress), not JSON's.
        text = next(text for uid, text in described["en"].items() if uid.startswith(row["measure"] + "-")
                    and f"status: {STATUS_IN_ENGLISH[status]} (" in text)
        assert f"progress: {STATUS_IN_ENGLISH[progress['status']]}, reported as of {progress['as_of']}" in text
    assert "status: done late (" in "".join(described["en"].values()) and "done-late" not in "".join(described["en"].values())


def test_each_event_reminds_a_week_before(calendar_of_the_question):
    parsed = calendar_of_the_question
    alarms = [event.walk("VALARM") for event in parsed]
    assert all(len(found) == 1 for found in alarms)
    for event, (alarm,) in zip(parsed, alarms):
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm.decoded("TRIGGER") == timedelta(days=-7)  # before DTSTART, the milestone's day
        assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])


@pytest.mark.parametrize("days, trigger", [("3", timedelta(days=-3)), ("0", None), ("30", timedelta(days=-30))])
def test_remind_chooses_how_long_before(runner, tmp_path, days, trigger):
    parsed = events(export(runner, tmp_path, "a.ics", "--remind", days))
    triggers = {alarm.decoded("TRIGGER") for event in parsed for alarm in event.walk("VALARM")}
    assert triggers == ({trigger} if trigger else set())  # 0: no reminder at all


@pytest.mark.parametrize("days, message", [("-1", "--remind: -1 is not a number of days before; give 0 (no reminder) or more"),
                                           ("x", "--remind: 'x' is not a whole number")])
def test_remind_refuses_what_is_no_number_of_days(runner, days, message):
    result = invoke(runner, *QUESTION, "--format", "ics", "--remind", days)
    assert result.exit_code == 2 and result.stderr == f"bizenv: error: {message}\n"


@pytest.mark.parametrize("where, what", [(("--format", "json"), "JSON"), ((), "a table"),
                                         (("-o", "due.xlsx"), "a workbook"), (("-o", "due.csv"), "CSV")])
def test_remind_for_anything_but_a_calendar_is_refused_not_ignored(runner, tmp_path, monkeypatch, where, what):
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, *QUESTION, *where, "--remind", "3")
    assert result.exit_code == 2 and result.stderr == (
        f"bizenv: error: --remind: only a calendar has reminders (--format ics or -o FILE.ics); this writes {what}\n")
    assert list(tmp_path.iterdir()) == []  # nothing written


BREAKS = "\x0b\x0c\x85\u2028\u2029"


def test_no_line_break_a_strict_parser_splits_on_reaches_a_property(tmp_path):
    # A title and a body name holding VT, FF, NEL, LS and PS (issue 22 point 14): each property is
    # still one logical line, every control gone; icalendar and str.splitlines read it back whole.
    from bizenv_cli.files.datadir import DataDir
    from bizenv_cli.outputs.ics import due_calendar
    from bizenv_cli.store.package import load_package
    from conftest import DATA

    package = load_package(DataDir(DATA, "option"))
    rows = [{"measure": "09.02", "milestone": 1, "date": "2022-06-30", "title": f"标题{BREAKS}一\x07二\x1b三",
             "text": "", "label": f"阶段{BREAKS}", "deadline": "2022年6月底", "status": "overdue",
             "roles": {"lead": ["tax"], "support": [], "implement": [], "responsible": []}}]
    text = due_calendar(package, rows, date(2022, 7, 1), name=f"日历{BREAKS}").text
    assert not set(BREAKS + "\x07\x1b") & set(text)
    lines = text.replace("\r\n ", "").removesuffix("\r\n").split("\r\n")
    assert all(line.isprintable() for line in lines)
    assert text.replace("\r\n ", "").splitlines() == lines  # no line break but the CRLF ones
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert str(event["SUMMARY"]) == "[09.02] 标题     一 二 三"
    assert "\n" in str(event["DESCRIPTION"]) and "阶段" in str(event["DESCRIPTION"])


# --- The calendar's language ----------------------------------------------------------------------

def test_the_calendar_says_each_event_in_the_language_lang_names(runner, tmp_path, calendar_of_the_question):
    # 17.06's first milestone (source line 2471): led by 市政务服务和大数据管理局, four bodies in
    # support, overdue on 2022-07-01. The calendar followed no --lang: each label in both languages,
    # the status in English only (`overdue`, which no office reads) and the list joined by 、 in either.
    # (The English status is in the words the report says it in: `due within 30 days`, `done late`.)
    uid = "17.06-1@pingdingshan-2022"
    english = {str(event["UID"]): event for event in events(export(runner, tmp_path, "en.ics", "--lang", "en"))}
    chinese = {str(event["UID"]): event for event in calendar_of_the_question}
    assert str(chinese[uid]["DESCRIPTION"]) == (
        "时间节点：2022年4月前完成数据普查工作\n"
        "里程碑：2022年4月前完成数据普查工作\n"
        "牵头：市政务服务和大数据管理局\n"
        "配合：各县（市、区）人民政府、城乡一体化示范区、高新区管委会、市直相关部门\n"
        "状态：已逾期（截至 2022-07-01）")
    assert str(english[uid]["DESCRIPTION"]) == (
        "deadline: 2022年4月前完成数据普查工作\n"
        "milestone: 2022年4月前完成数据普查工作\n"
        "lead: 市政务服务和大数据管理局\n"
        "support: 各县（市、区）人民政府, 城乡一体化示范区, 高新区管委会, 市直相关部门\n"
        "status: overdue (as of 2022-07-01)")
    assert chinese[uid]["CATEGORIES"].cats == ["已逾期"] and english[uid]["CATEGORIES"].cats == ["overdue"]
    # What else an event says is data, the same in both.
    assert [str(english[uid][key]) for key in ("SUMMARY", "DTSTART")] == \
        [str(chinese[uid][key]) for key in ("SUMMARY", "DTSTART")]


def test_a_calendar_is_chinese_unless_asked_in_english(runner, tmp_path):
    # A calendar is a file an office opens, as a workbook is: Chinese by default, its name too.
    default, chinese, english = (export(runner, tmp_path, f"{name}.ics", "--plan", "9", *lang) for name, lang in (
        ("default", ()), ("zh", ("--lang", "zh")), ("en", ("--lang", "en"))))
    assert default.read_bytes() == chinese.read_bytes() != english.read_bytes()
    names = [str(icalendar.Calendar.from_ical(path.read_bytes())["X-WR-CALNAME"]) for path in (chinese, english)]
    milestones = len(events(chinese))
    assert milestones == len(events(english)) > 0
    assert names == [f"2022-12-31 及之前到期，状态截至 2022-07-01；方案 9 — {milestones} 个时间节点",
                     f"due by 2022-12-31, as of 2022-07-01; plan 9 — {milestones} milestones"]


def calendar_words(path) -> str:
    """What a calendar's reader reads in its words: its name, each event's description and category."""
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return "\n".join([str(calendar["X-WR-CALNAME"]), *(str(event["DESCRIPTION"]) + "\n" + ",".join(
        event["CATEGORIES"].cats) for event in calendar.walk("VEVENT"))])


def test_a_calendar_shows_no_word_of_the_other_language_but_data(runner, data_copy, tmp_path):
    # In Chinese no English word but data (an id, the package, a value printed in Latin letters),
    # with the ledger's line too; in English no Chinese character but data (a deadline as printed,
    # a body's name).
    with_one_ledger_report(data_copy)
    args = ["--data", str(data_copy), *QUESTION]
    data = data_strings(json.loads(invoke(runner, *args, "--format", "json").stdout))
    data |= data_strings(json.loads(invoke(runner, "--data", str(data_copy), "departments", "--format", "json").stdout))
    for language in ("zh", "en"):
        assert invoke(runner, *args, "--lang", language, "-o", str(tmp_path / f"{language}.ics")).exit_code == 0
    chinese, english = (calendar_words(tmp_path / f"{language}.ics") for language in ("zh", "en"))
    assert "进展：已完成（2022-06-30 报送）" in chinese and "progress: done, reported as of 2022-06-30" in english
    assert not english_words(chinese, data | {"pingdingshan-2022"})
    for string in sorted(data, key=len, reverse=True):
        english = english.replace(string, " ")
    assert not re.findall(r"[\u3000-\u9fff\uff00-\uffef]+", english)


def test_a_milestone_the_ledger_closed_has_no_reminder(runner, data_copy, tmp_path):
    # tax's 2022 reports close some milestones (done, done late); 02.03, dropped before its day in
    # December, would otherwise still ring a week before it.
    import shutil
    from pathlib import Path

    fixture = Path(__file__).parents[1] / "examples" / "ledger" / "tax-2022" / "progress"
    shutil.copytree(fixture, data_copy / "progress", dirs_exist_ok=True)
    assert invoke(runner, "--data", str(data_copy), "record", "02.03", "--as-of", "2022-10-15", "--by", "tax",
                  "--status", "dropped").exit_code == 0
    target = tmp_path / "tax.ics"
    assert invoke(runner, "--data", str(data_copy), "due", "--dept", "tax", "--as-of", "2022-10-15", "--lang", "en",
                  "-o", str(target)).exit_code == 0
    by_status: dict[str, set[int]] = {}
    for event in events(target):
        by_status.setdefault(str(event["CATEGORIES"].cats[0]), set()).add(len(event.walk("VALARM")))
    assert {"done", "done late", "dropped"} <= set(by_status)
    assert by_status["done"] == by_status["done late"] == by_status["dropped"] == {0}
    assert by_status["upcoming"] == by_status["overdue"] == {1}


@pytest.mark.parametrize("question", [["due", "--by", "2000-01"], ["due", "--by", "2022-12", "--status", "ongoing"]])
def test_a_question_that_places_no_milestone_still_writes_a_valid_calendar(runner, tmp_path, question):
    # Its calendar had held no component, which RFC 5545 does not allow and icalendar's validate()
    # refuses; an empty answer is still written, as JSON writes [] and a workbook a sheet of no row.
    rows = json.loads(invoke(runner, *question, "--as-of", "2022-07-01", "--format", "json").stdout)
    assert all(row["date"] is None for row in rows)  # nothing, or ongoing rows only: no day to place
    target = tmp_path / "none.ics"
    result = invoke(runner, *question, "--as-of", "2022-07-01", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert f"wrote 0 events to {target} (ics)" in result.stderr
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    calendar.validate()
    assert [component.name for component in calendar.subcomponents] == ["VTIMEZONE"]
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "UTC"
    # A calendar with events holds no time zone: its all-day dates need none.
    assert icalendar.Calendar.from_ical(export(runner, tmp_path, "some.ics").read_bytes()).walk("VTIMEZONE") == []
