"""`bizenv due` as a calendar, parsed back by icalendar: one all-day event per milestone, UIDs
that stay the same from one export to the next, the bodies by role and the status described."""

import json
from datetime import date, timedelta

import icalendar
import pytest

from conftest import invoke

QUESTION = ["due", "--by", "2022-12", "--as-of", "2022-07-01"]


def export(runner, tmp_path, name, *extra):
    target = tmp_path / name
    result = invoke(runner, *QUESTION, *extra, "-o", str(target))
    assert result.exit_code == 0, result.output
    return target


def events(path):
    return icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")


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
        assert f"状态 status: {row['status']} (as of 2022-07-01)" in str(event["DESCRIPTION"])


def test_a_uid_does_not_change_when_the_question_does(runner, tmp_path):
    everything = {str(e["UID"]): e for e in events(export(runner, tmp_path, "all.ics"))}
    tax = events(export(runner, tmp_path, "tax.ics", "--dept", "市税务局"))
    assert tax
    for event in tax:
        same = everything[str(event["UID"])]
        assert event.decoded("DTSTART") == same.decoded("DTSTART")
        assert str(event["SUMMARY"]) == str(same["SUMMARY"])


def test_staged_deadline_gives_numbered_events_with_labels_and_roles(runner, tmp_path):
    rows = json.loads(invoke(runner, *QUESTION, "--format", "json").stdout)
    staged = next(row for row in rows if row["label"] and row["roles"]["lead"])
    parsed = {str(e["UID"]): e for e in events(export(runner, tmp_path, "all.ics"))}
    mine = [uid for uid in parsed if uid.startswith(staged["measure"] + "-")]
    assert len(mine) >= 1
    text = "\n".join(str(parsed[uid]["DESCRIPTION"]) for uid in mine)
    assert f"里程碑 milestone: {staged['label']}" in text
    assert f"时间节点 deadline: {staged['deadline']}" in text
    assert "牵头 lead: " in text


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
    assert f"left out {ongoing} ongoing rows (持续推进)" in result.stderr
    assert len(events(target)) == len(rows) - ongoing


def test_format_ics_to_standard_output(runner):
    result = invoke(runner, "due", "--in", "2022-03", "--as-of", "2022-03-01", "--format", "ics")
    assert result.exit_code == 0
    calendar = icalendar.Calendar.from_ical(result.stdout)
    assert calendar["PRODID"] == "-//bizenv//pingdingshan-2022//ZH"
    assert all(event.decoded("DTSTART").month == 3 for event in calendar.walk("VEVENT"))


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
    target = tmp_path / "tax.ics"
    args = ["--data", str(data_copy), "due", "--dept", "tax", "--as-of", "2022-10-15"]
    assert invoke(runner, *args, "-o", str(target)).exit_code == 0
    rows = json.loads(invoke(runner, *args, "--format", "json").stdout)
    done = [row for row in rows if row["status"] in ("done", "done-late")]
    assert done
    described = {str(event["UID"]): str(event["DESCRIPTION"]) for event in events(target)}
    for row in done:
        text = next(text for uid, text in described.items() if uid.startswith(row["measure"] + "-")
                    and f"状态 status: {row['status']} " in text)
        assert f"进展 progress: {row['progress']['status']}, reported as of {row['progress']['as_of']}" in text
