"""`bizenv_cli.record`: the library writes the work ledger as `bizenv record` does, by the same rules
(ledger/record.entries_for), in its own words, and never into the copy shipped with bizenv."""

from __future__ import annotations

from datetime import date

import pytest

import bizenv_cli
from conftest import invoke

REPORT = ("progress", "2022-06", "tax-2022-06-30.yaml")


def test_the_library_writes_the_report_the_command_line_writes(runner, data_copy):
    change = bizenv_cli.record(data_copy, "09.02#1", as_of="2022-06-30", by="市税务局", status="已完成",
                               on=date(2022, 6, 20), evidence="已上线", note="按期")
    report = data_copy.joinpath(*REPORT)
    assert change.path == report and change.warnings == []
    written = report.read_bytes()
    assert "evidence: 已上线" in written.decode("utf-8") and "done_on: '2022-06-20'" in written.decode("utf-8")
    # The command line recording the same item, in its words, leaves the same bytes.
    again = invoke(runner, "--data", str(data_copy), "record", "09.02#1", "--as-of", "2022-06-30", "--by", "tax",
                   "--status", "done", "--on", "2022-06-20", "--evidence", "已上线", "--note", "按期")
    assert again.exit_code == 0, again.stderr
    assert report.read_bytes() == written
    # An actual into the same report; read back, the ledger judges the milestone done.
    bizenv_cli.record(str(data_copy), "09.i10", as_of="2022-06-30", by="tax", actual=" 3个工作日 ")
    work = bizenv_cli.load_ledger(data_copy)
    shown = bizenv_cli.show(bizenv_cli.load(data_copy), "09.i10", ledger=work, as_of="2022-07-01")
    assert shown["actual"]["raw"] == "3个工作日" and shown["actual"]["value"] == 3
    rows = bizenv_cli.due(bizenv_cli.load(data_copy), plans=9, before="2022-07", as_of="2022-07-01", ledger=work)
    assert next(row for row in rows if row["measure"] == "09.02")["status"] == "done"


@pytest.mark.parametrize("asked, words", [
    (dict(), "give one of status (a measure's progress) or actual (an indicator's value)"),
    (dict(status="done", actual="3"), "give one of status"),
    (dict(item="9.2", status="done", on="2022-06-20"), "item: '9.2' is not a measure id (09.02)"),
    (dict(item="09.02#0", status="未启动"), "item: '09.02#0': milestones are numbered from 1"),
    (dict(actual="3"), "actual is for an indicator id (09.i1); 09.02 is a measure: use status"),
    (dict(item="09.i1", status="done"), "status is for a measure (09.02 or 09.02#2); 09.i1 is an indicator: use actual"),
    (dict(item="09.i1", actual="  "), "actual: the value is empty"),
    (dict(status="finished"), "status: unknown status 'finished'"),
    (dict(status="done"), "status done needs on, the day it was done"),
    (dict(status="推进中", on="2022-06-01"), "on is the day a measure was done; the status given is in-progress"),
    (dict(status="done", on="2022-06-31"), "2022-06-31"),
    (dict(status="done", on="2022-06-20", as_of=None), "as_of is required"),
    (dict(status=1), "a status is text"),
    (dict(status="done", on="2022-06-20", evidence=["已上线"]), "evidence is text"),
])
def test_a_record_the_rules_refuse_is_a_value_error_in_the_librarys_words(data_copy, asked, words):
    arguments = dict(item="09.02", as_of="2022-06-30", by="tax") | asked
    with pytest.raises(ValueError) as refused:
        bizenv_cli.record(data_copy, arguments.pop("item"), **arguments)
    assert words in str(refused.value)
    assert "--" not in str(refused.value)  # the command line's options are not the library's
    assert not (data_copy / "progress" / "2022-06").exists()


def test_a_body_that_fits_none_or_a_ledger_that_fails_its_checks_writes_nothing(data_copy):
    with pytest.raises(bizenv_cli.NoMatch) as unknown:
        bizenv_cli.record(data_copy, "09.02", as_of="2022-06-30", by="市税物局", status="推进中")
    assert [body.id for body in unknown.value.suggestions] == ["tax"]
    with pytest.raises(bizenv_cli.RecordError) as refused:
        bizenv_cli.record(data_copy, "09.99", as_of="2022-06-30", by="tax", status="推进中")
    assert refused.value.problems and any("09.99" in str(problem) for problem in refused.value.problems)
    assert not (data_copy / "progress" / "2022-06").exists()


def test_the_library_never_records_into_the_copy_shipped_with_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BIZENV_DATA", raising=False)
    with pytest.raises(bizenv_cli.DataDirNotFound, match="give its path"):
        bizenv_cli.record(None, "09.02", as_of="2022-06-30", by="tax", status="推进中")
    with pytest.raises(ValueError, match="a data folder is a path"):
        bizenv_cli.record(bizenv_cli.load(), "09.02", as_of="2022-06-30", by="tax", status="推进中")
