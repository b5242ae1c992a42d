"""Findings a reviewer can act on (issue 21 point 8): an enum's message lists every allowed value,
one fault of a value is one finding, every finding reaches a pull request however many there are,
and a ledger report's file name agrees with whose and when it is."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import REPO, invoke, with_one_ledger_report
from bizenv_cli.outputs.problem_formats import (GITHUB_ANNOTATIONS_SHOWN, PROBLEM_WRITERS, ProblemFormat,
                                               github_step_summary)
from bizenv_cli.files.problems import Problem

TAXES = "09-paying-taxes.yaml"
REPORT = Path("progress") / "2022-06" / "tax.yaml"
HOSTILE = "<img src=x onerror=alert(1)> *em* __strong__ `code` [link](https://example.com) www.example.com | cell &amp;"


def findings(runner, *args: str) -> list[dict]:
    result = invoke(runner, "--data", "data", "validate", "--format", "json", *args)
    assert result.exit_code == 1, result.output
    return json.loads(result.stdout)


# --- an enum names what it allows --------------------------------------------------------------

def test_an_enum_message_lists_every_allowed_value_and_clips_only_the_value(runner, data_here):
    registry = data_here / "departments.yaml"
    wrong = "public-insitution" + "-and-more" * 20
    text = registry.read_text(encoding="utf-8")
    assert "  kind: public-institution\n" in text
    registry.write_text(text.replace("  kind: public-institution\n", f"  kind: {wrong}\n", 1), encoding="utf-8")
    schema = json.loads((REPO / "schemas" / "departments.schema.json").read_text(encoding="utf-8"))
    allowed = next(iter(enums_holding("public-institution", schema)))
    (finding,) = findings(runner)
    assert finding["field"].endswith(".kind")
    assert finding["message"] == (f"{repr(wrong)[:60]}… is not one of the allowed values: "
                                  + ", ".join(repr(value) for value in allowed))


def enums_holding(value, schema):
    if isinstance(schema, dict):
        if value in schema.get("enum", ()):
            yield schema["enum"]
        schema = list(schema.values())
    for part in schema if isinstance(schema, list) else ():
        yield from enums_holding(value, part)


def test_an_enum_that_allows_null_says_null(runner, data_here):
    plan = data_here / "plans" / TAXES
    text = plan.read_text(encoding="utf-8")
    assert "  recurrence: null\n" in text
    plan.write_text(text.replace("  recurrence: null\n", "  recurrence: weekly\n", 1), encoding="utf-8")
    (finding,) = findings(runner)
    assert finding["message"] == "'weekly' is not one of the allowed values: 'quarterly', 'monthly', 'yearly', null"


# --- one fault of a value, one finding -----------------------------------------------------------

@pytest.mark.parametrize("day", ["2022-6-30", "June", "2022-13-45"])
def test_a_wrong_day_in_a_report_is_one_finding(runner, data_here, day):
    with_one_ledger_report(data_here)
    report = data_here / REPORT
    report.write_text(report.read_text(encoding="utf-8").replace("as_of: '2022-06-30'", f"as_of: '{day}'"),
                      encoding="utf-8")
    result = invoke(runner, "--data", "data", "validate", "--format", "github")
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if "as_of" in line] == result.stdout.splitlines()
    assert len(result.stdout.splitlines()) == 1, result.stdout


def test_a_missing_key_and_an_unknown_key_of_one_mapping_are_two_findings(runner, data_here):
    # Unless the unknown key misspells the missing one (below): these are two faults.
    with_one_ledger_report(data_here)
    report = data_here / REPORT
    report.write_text(report.read_text(encoding="utf-8").replace("as_of: '2022-06-30'\n", "day: '2022-06-30'\n"),
                      encoding="utf-8")
    messages = sorted(finding["message"] for finding in findings(runner))
    assert messages == ["'as_of' is a required property", "unknown key 'day' (not allowed here)"]


# --- a misspelling is one finding, at itself, naming what was meant -------------------------------

def misspelt(path: Path, right: str, wrong: str) -> tuple[int, int]:
    """The file with its first `right` (a newline, then a line's indented start) written `wrong`;
    the line and column where `wrong`'s key or value starts, as a finding names them."""
    text = path.read_text(encoding="utf-8")
    at = text.index(right)
    path.write_text(text[:at] + wrong + text[at + len(right):], encoding="utf-8")
    return text.count("\n", 0, at) + 2, len(wrong) - len(wrong.lstrip())


@pytest.mark.parametrize(("right", "wrong", "field", "message"), [
    ("\n  deadline:\n", "\n  dedline:\n", "measures[0].dedline",
     "unknown key 'dedline' (not allowed here); did you mean 'deadline'?"),
    ("\n  responsible:\n", "\n  responsibel:\n", "measures[0].responsibel",
     "unknown key 'responsibel' (not allowed here); did you mean 'responsible'?"),
    ("\n    milestones:\n", "\n    milestone:\n", "measures[0].deadline.milestone",
     "unknown key 'milestone' (not allowed here); did you mean 'milestones'?"),
    ("\n  title_en:", "\n  titel_en:", "measures[0].titel_en",  # optional: none is missing, it still names it
     "unknown key 'titel_en' (not allowed here); did you mean 'title_en'?"),
])
def test_a_misspelt_key_of_a_plan_is_one_finding_at_the_key_naming_the_key_meant(runner, data_here, right, wrong,
                                                                                  field, message):
    # It was two: "'deadline' is a required property" at the measure, and the unknown key.
    line, column = misspelt(data_here / "plans" / "02-starting-a-business.yaml", right, wrong)
    (finding,) = findings(runner)
    assert (finding["line"], finding["column"], finding["field"], finding["message"]) == (line, column, field, message)
    assert finding["check"] == "schema" and finding["severity"] == "error"


def test_a_misspelt_key_reads_so_in_the_plain_text_ci_prints(runner, data_here):
    line, column = misspelt(data_here / "plans" / "02-starting-a-business.yaml", "\n  deadline:\n", "\n  dedline:\n")
    result = invoke(runner, "--data", "data", "validate")
    assert (result.exit_code, result.stdout) == (1, f"data/plans/02-starting-a-business.yaml:{line}:{column} "
                                                    "measures[0].dedline: unknown key 'dedline' (not allowed here); "
                                                    "did you mean 'deadline'?\n")
    assert result.stderr == "invalid: 1 problem in 30 files checked\n"


def test_a_key_unlike_any_missing_one_leaves_the_missing_one_said(runner, data_here):
    # `when` is not close to `deadline`: nothing says it stands for it, so the record's missing
    # key is a finding of its own, as before.
    plan = data_here / "plans" / "02-starting-a-business.yaml"
    text = plan.read_text(encoding="utf-8")
    line, column = misspelt(plan, "\n  deadline:\n", "\n  when:\n")
    measure_line = text[:text.index("\n- id: '02.01'\n")].count("\n") + 2
    got = {(finding["line"], finding["column"], finding["field"], finding["message"]) for finding in findings(runner)}
    assert got == {(measure_line, 3, "measures[0]", "'deadline' is a required property"),
                   (line, column, "measures[0].when", "unknown key 'when' (not allowed here)")}


def test_a_misspelt_key_of_a_report_and_of_the_registry_is_one_finding_each(runner, data_here):
    with_one_ledger_report(data_here)
    report_at = misspelt(data_here / REPORT, "\nas_of:", "\nas_on:")
    registry_at = misspelt(data_here / "departments.yaml", "\n  name_en:", "\n  nameen:")
    got = [(finding["file"], finding["line"], finding["column"], finding["field"], finding["message"])
           for finding in findings(runner)]
    assert got == [
        ("data/departments.yaml", *registry_at, "departments[0].nameen",
         "unknown key 'nameen' (not allowed here); did you mean 'name_en'?"),
        (f"data/{REPORT.as_posix()}", *report_at, "as_on", "unknown key 'as_on' (not allowed here); did you mean 'as_of'?"),
    ]


@pytest.mark.parametrize(("file", "right", "wrong", "field", "message"), [
    (REPORT, "  status: done\n", "  status: don\n", "updates[0].status",
     "'don' is not one of the allowed values: 'not-started', 'in-progress', 'done', 'dropped'; did you mean 'done'?"),
    (Path("plans") / "02-starting-a-business.yaml", "      role: responsible\n", "      role: responsable\n",
     "measures[0].responsible.bodies[0].role",
     "'responsable' is not one of the allowed values: 'lead', 'support', 'implement', 'responsible'; "
     "did you mean 'responsible'?"),
    (Path("departments.yaml"), "  kind: public-institution\n", "  kind: bureau\n", "departments[7].kind",
     "'bureau' is not one of the allowed values: 'municipal-department', 'party-organ', 'court', 'procuratorate', "
     "'county-government', 'county-department', 'central-branch', 'provincial-branch', 'utility', "
     "'public-institution', 'enterprise', 'group'"),  # none is close enough to name
    (Path("departments.yaml"), "  kind: public-institution\n", "  kind: county-govenment\n", "departments[7].kind",
     "'county-govenment' is not one of the allowed values: 'municipal-department', 'party-organ', 'court', "
     "'procuratorate', 'county-government', 'county-department', 'central-branch', 'provincial-branch', 'utility', "
     "'public-institution', 'enterprise', 'group'; did you mean 'county-government' or 'county-department'?"),
])
def test_a_misspelt_word_of_an_enum_names_the_likely_one_after_every_allowed_one(runner, data_here, file, right,
                                                                                 wrong, field, message):
    with_one_ledger_report(data_here)
    line, _ = misspelt(data_here / file, "\n" + right, "\n" + wrong)
    (finding,) = findings(runner)
    assert (finding["file"], finding["line"], finding["field"], finding["message"]) == (
        f"data/{file.as_posix()}", line, field, message)


# --- every finding reaches the pull request ------------------------------------------------------

# GitHub's workflow commands (docs.github.com, "Workflow commands for GitHub Actions"):
#   ::error file={name},line={line},col={col},title={title}::{message}
# the message escapes %, CR and LF (%25, %0D, %0A); a property value also , and : (%2C, %3A).
_PROPERTY = r"(?:[^%,:\r\n]|%25|%0D|%0A|%2C|%3A)*"
ANNOTATION = re.compile(rf"::(error|warning|notice) (?:(?:file|line|col|endLine|endColumn|title)={_PROPERTY}"
                        rf"(?:,(?:file|line|col|endLine|endColumn|title)={_PROPERTY})*)::(?:[^%\r\n]|%25|%0D|%0A)*")


def unescape(text: str) -> str:
    return re.sub("%(25|0D|0A|2C|3A)", lambda m: {"25": "%", "0D": "\r", "0A": "\n", "2C": ",", "3A": ":"}[m[1]], text)


def hostile_plan(data: Path, count: int) -> None:
    """`count` of the plan's paragraphs rewritten as text that Markdown would render."""
    plan = data / "plans" / TAXES
    lines = plan.read_text(encoding="utf-8").split("\n")
    paragraphs = [index for index, line in enumerate(lines) if line.startswith("    text: ")]
    assert len(paragraphs) >= count
    for number, index in enumerate(paragraphs[:count]):
        lines[index] = f"    text: '{number} {HOSTILE}'"
    plan.write_text("\n".join(lines), encoding="utf-8")


def rendered(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


def test_past_ten_findings_every_one_goes_to_the_step_summary(runner, data_here, tmp_path, monkeypatch):
    hostile_plan(data_here, GITHUB_ANNOTATIONS_SHOWN + 2)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = invoke(runner, "--data", "data", "validate", "--format", "github")
    assert result.exit_code == 1
    annotations = result.stdout.splitlines()
    assert all(ANNOTATION.fullmatch(line) for line in annotations), result.stdout
    problems = [line for line in annotations if not line.startswith("::notice")]
    assert len(problems) > GITHUB_ANNOTATIONS_SHOWN
    (notice,) = [line for line in annotations if line.startswith("::notice")]
    assert f"{len(problems)} findings" in unescape(notice) and "job summary" in notice

    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")  # appended: each step adds its part
    html = rendered(text)
    rows = re.findall(r"<tr>\n<td>(.*?)</td>\n<td>(.*?)</td>\n<td>(.*?)</td>\n<td>(.*?)</td>\n<td>(.*?)</td>\n</tr>",
                      html, re.S)
    assert len(rows) == len(problems)
    for line, (where, severity, check, field, message) in zip(problems, rows):
        fields = dict(re.findall(r"(file|line|col|title)=([^,:]*)", line.split("::")[1]))
        assert where == f"{unescape(fields['file'])}:{fields['line']}:{fields['col']}"
        assert (severity, f"bizenv {check}") == (line[2:line.index(" ")], unescape(fields["title"]))
        assert f"{field}: {message}".replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") \
            == unescape(line.split("::", 2)[2])
    assert "<img" not in html and "<em>" not in html and "<strong>" not in html
    assert "<code>" not in html and "<a " not in html
    assert html.count("&lt;img src=x onerror=alert(1)&gt;") >= GITHUB_ANNOTATIONS_SHOWN


def test_ten_findings_or_fewer_need_no_summary(runner, data_here, tmp_path, monkeypatch):
    hostile_plan(data_here, 1)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = invoke(runner, "--data", "data", "validate", "--format", "github")
    assert result.exit_code == 1 and 0 < len(result.stdout.splitlines()) <= GITHUB_ANNOTATIONS_SHOWN
    assert not summary.exists() and "::notice" not in result.stdout


def test_outside_actions_the_annotations_are_all_there_is(runner, data_here):
    hostile_plan(data_here, GITHUB_ANNOTATIONS_SHOWN + 2)
    result = invoke(runner, "--data", "data", "validate", "--format", "github")
    assert len(result.stdout.splitlines()) > GITHUB_ANNOTATIONS_SHOWN and "::notice" not in result.stdout


def test_a_summary_cell_is_plain_text_whatever_it_holds():
    problems = [Problem(f"data/plans/a|b_{n}.yaml", n, 1, "measures[0].text", f"{HOSTILE}\nsecond line", "audit")
                for n in range(1, 13)]
    html = rendered(github_step_summary(problems))
    cells = re.findall(r"<td>(.*?)</td>", html)
    assert len(cells) == 5 * len(problems)
    assert cells[:5] == ["data/plans/a|b_1.yaml:1:1", "error", "audit", "measures[0].text",
                         HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + " second line"]


def test_a_summary_stops_short_of_what_github_accepts_and_says_how_many_are_left():
    problems = [Problem("data/plans/09-paying-taxes.yaml", n, 1, "", "x" * 1000) for n in range(2000)]
    summary = github_step_summary(problems)
    assert len(summary.encode("utf-8")) <= 1024 * 1024
    shown = summary.count("\n| data")
    assert 0 < shown < len(problems)
    assert summary.rstrip().endswith(f"{len(problems) - shown} more finding(s) do not fit in a step summary: "
                                     "run bizenv validate.")


def test_the_annotations_of_hostile_findings_keep_the_grammar():
    problems = [Problem("data/x,y:z.yaml", 1, 1, "f", HOSTILE + "\r\n100%", "audit", "warning")]
    (line,) = PROBLEM_WRITERS[ProblemFormat.github](problems).splitlines()
    assert ANNOTATION.fullmatch(line)
    assert unescape(line.split("::", 2)[2]) == "f: " + HOSTILE + "\r\n100%"


# --- a report's file says whose and when it is ---------------------------------------------------

def moved_report(data: Path, relative: str) -> Path:
    with_one_ledger_report(data)
    target = data / "progress" / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(data / REPORT, target)
    return target


@pytest.mark.parametrize("relative", ["2022-06/tax.yaml", "2022-06/tax-2022-06-30.yaml"])
def test_a_report_named_for_its_body_with_or_without_its_day_passes(runner, data_here, relative):
    moved_report(data_here, relative)
    result = invoke(runner, "--data", "data", "validate")
    # The shipped data's 30 files and the report: a check that skipped the report would count 30.
    assert (result.exit_code, result.stderr) == (0, "ok: 31 files valid (data)\n"), result.output


@pytest.mark.parametrize(("relative", "message"), [
    ("2022-06/finance.yaml",
     "the file is named finance.yaml, but holds tax's report as of 2022-06-30: name it tax-2022-06-30.yaml"),
    ("2022-06/finance-2022-06-30.yaml",
     "the file is named finance-2022-06-30.yaml, but holds tax's report as of 2022-06-30: name it tax-2022-06-30.yaml"),
    ("2022-06/tax-2022-06-15.yaml",
     "the file is named tax-2022-06-15.yaml, but holds tax's report as of 2022-06-30: name it tax-2022-06-30.yaml"),
    ("2022-09/tax.yaml", "the report as of 2022-06-30 is in the folder 2022-09/; it belongs in 2022-06/"),
])
def test_a_report_named_for_another_body_or_day_is_a_finding_at_the_field(runner, data_here, relative, message):
    # ledger.format.name_disagrees decides; this holds validate to it for each way a name can be wrong.
    moved_report(data_here, relative)
    (finding,) = findings(runner)
    assert (finding["file"], finding["field"], finding["message"]) == (f"data/progress/{relative}", "reported_by", message)


# --- a fault inside a nullable record is named where it is ----------------------------------------

MARKET = "19-market-regulation.yaml"


def test_a_fault_inside_a_nullable_record_is_named_at_its_own_line_and_field(runner, data_here):
    # An indicator's `lead` and `completion` are a record or null (anyOf): a misspelt key or a day
    # where a month belongs inside one was "… is not valid under any of the given schemas" at the
    # record's first line, naming neither the key nor the value.
    plan = data_here / "plans" / MARKET
    text = plan.read_text(encoding="utf-8")
    lead = "  lead:\n    raw: 市市场监管局\n    line: 2727\n    bodies:\n"
    completion = "  completion:\n    raw: '2022.12'\n    by: 2022-12\n"
    assert text.count(lead) == 1
    at = text.rindex(completion, 0, text.index(lead))  # the same indicator's completion
    text = text[:at] + completion.replace("by: 2022-12", "by: '2022-12-31'") + text[at + len(completion):]
    text = text.replace(lead, lead.replace("    bodies:", "    bodys:"))
    plan.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    line_of = {needle: lines.index(needle) + 1 for needle in ("    bodys:", "    by: '2022-12-31'")}
    got = {(finding["line"], finding["column"], finding["field"], finding["message"]) for finding in findings(runner)}
    assert got == {
        (line_of["    by: '2022-12-31'"], 5, "indicators[2].completion.by",
         "'2022-12-31' does not match '^[0-9]{4}-(0[1-9]|1[0-2])$', and is not of type 'null'"),
        (line_of["    bodys:"], 5, "indicators[2].lead.bodys",
         "unknown key 'bodys' (not allowed here); did you mean 'bodies'?"),  # not also: 'bodies' is missing
    }


def test_a_value_of_no_allowed_type_says_which_types_are(runner, data_here):
    plan = data_here / "plans" / "02-starting-a-business.yaml"
    text = plan.read_text(encoding="utf-8")
    assert text.count("    line: 264\n") == 1
    plan.write_text(text.replace("    line: 264\n", "    line: '264'\n"), encoding="utf-8")
    (finding,) = findings(runner)
    assert (finding["field"], finding["message"]) == ("measures[2].deadline.line",
                                                      "'264' is not of type 'integer', 'null'")


def test_a_value_of_no_allowed_type_names_the_types_of_a_nested_anyof_and_of_null_alike():
    # A nullable field whose other branch is itself an anyOf (or a $ref to one) of types: the
    # value has none of the types, and every type it may have is named, null too (the message had
    # named the inner anyOf's alone, as if null were not allowed).
    from bizenv_cli.checks.validate import schema_problems
    from bizenv_cli.files.yamlload import load_yaml_bytes

    schema = {"type": "object", "definitions": {"id": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
              "properties": {"by": {"anyOf": [{"type": "null"}, {"$ref": "#/definitions/id"}]},
                             "at": {"oneOf": [{"type": "null"}, {"type": "integer", "minimum": 1}]}}}
    loaded = load_yaml_bytes(b"by: [1]\nat: 0\n", Path("x.yaml"), "x.yaml")
    assert [(problem.field, problem.message) for problem in schema_problems(loaded, schema, "x.yaml")] == [
        ("by", "[1] is not of type 'null', 'string', 'integer'"),
        ("at", "0 is less than the minimum of 1, and is not of type 'null'"),
    ]


def test_a_misspelt_department_id_is_one_finding_at_the_id(runner, data_here):
    # It had also been a second finding at `bodies`, the whole list as the raw line reads it and as
    # the data says it, differing only in that id.
    plan = data_here / "plans" / "02-starting-a-business.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "      id: market-regulation\n" in text
    plan.write_text(text.replace("      id: market-regulation\n", "      id: market-regulaton\n", 1), encoding="utf-8")
    (finding,) = findings(runner)
    assert (finding["field"], finding["message"]) == (
        "measures[0].responsible.bodies[0].id",
        "unknown department id 'market-regulaton' (not in departments.yaml); did you mean 'market-regulation'?")
    # With its role changed too, the body is wrong for another reason: both are said, each at its line.
    plan.write_text(text.replace("      id: market-regulation\n      role: responsible\n",
                                 "      id: market-regulaton\n      role: lead\n", 1), encoding="utf-8")
    assert sorted(finding["field"] for finding in findings(runner)) == [
        "measures[0].responsible.bodies[0].id", "measures[0].responsible.bodies[0].role"]


def test_a_misspelt_body_of_a_report_is_one_finding_naming_the_body_meant(runner, data_here):
    # It was also "the file is named tax.yaml, but holds tx's report …: name it tx-2022-06-30.yaml",
    # advice to name the file for a body that does not exist.
    with_one_ledger_report(data_here)
    line, column = misspelt(data_here / REPORT, "\nreported_by: tax\n", "\nreported_by: tx\n")
    (finding,) = findings(runner)
    assert (finding["line"], finding["field"], finding["check"], finding["message"]) == (
        line, "reported_by", "ledger", "unknown department id 'tx' (not in departments.yaml); did you mean 'tax'?")


@pytest.mark.parametrize("named", [REPORT, REPORT.parent.parent])
def test_a_named_report_with_a_misspelt_format_tag_is_read_as_a_report(runner, data_here, named):
    # Read as a plan, as its tag is no report's, it was fifteen findings: every key a plan must
    # have, and every key of the report unknown to a plan.
    with_one_ledger_report(data_here)
    line, column = misspelt(data_here / REPORT, "\nformat: bizenv/progress/1\n", "\nformat: bizenv/progres/1\n")
    (finding,) = findings(runner, f"data/{named.as_posix()}")
    assert (finding["file"], finding["line"], finding["column"], finding["field"], finding["message"]) == (
        f"data/{REPORT.as_posix()}", line, column, "format",
        "'bizenv/progres/1' is not the one allowed value, 'bizenv/progress/1'")

@pytest.mark.parametrize(("right", "wrong", "below", "field", "message"), [
    ("\n  parent: development-reform\n", "\n  parent: development-refrom\n", 0, "departments[3].parent",
     "department 'railway-office' names unknown parent 'development-refrom'; did you mean 'development-reform'?"),
    ("\n  - counties\n", "\n  - countie\n", 0, "departments[55].covers[0]",
     "department 'county-governments' covers unknown department 'countie'; did you mean 'counties'?"),
    ("\n  aliases: []\n  parent: development-reform\n", "\n  aliases:\n  - 市发改委\n  parent: development-reform\n",
     1, "departments[3].aliases[0]", "spelling '市发改委' belongs to both 'development-reform' and 'railway-office'"),
])
def test_a_registry_that_contradicts_itself_is_named_at_the_value_at_fault(runner, data_here, right, wrong, below,
                                                                           field, message):
    # It was named at `departments:`, the registry's fourth line, whichever of its entries was wrong.
    line, _ = misspelt(data_here / "departments.yaml", right, wrong)
    line += below  # the value at fault is on the damaged text's `below`-th line after its first
    (finding,) = findings(runner)
    assert (finding["file"], finding["line"], finding["field"], finding["check"], finding["message"]) == (
        "data/departments.yaml", line, field, "semantics", message)
    # A query refuses it with the same words (the store's check of the registry).
    result = invoke(runner, "--data", "data", "measures", "--plan", "2")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"data/departments.yaml:{line}:{finding['column']} {field}: {message}"


def test_an_enum_beside_a_null_branch_names_null_among_the_allowed_values():
    # anyOf: [null, {enum: …}] allows null as much as an enum holding null does; the branch the
    # value was written for had been reported alone, as if null were not allowed. No shipped schema
    # has one yet: a small one stands for it.
    from bizenv_cli.checks.validate import schema_problems
    from bizenv_cli.files.yamlload import load_yaml_bytes

    schema = {"type": "object", "properties": {
        "change": {"anyOf": [{"type": "null"}, {"enum": ["year-on-year", "unstated"]}]},
        "way": {"oneOf": [{"type": "string", "enum": ["lower", "higher"]}, {"$ref": "#/definitions/none"}]},
        "kind": {"enum": ["table", "goals"]}},
        "definitions": {"none": {"type": "null"}}}
    loaded = load_yaml_bytes(b"change: yearly\nway: lowr\nkind: tabel\n", Path("x.yaml"), "x.yaml")
    assert [(problem.field, problem.message) for problem in schema_problems(loaded, schema, "x.yaml")] == [
        ("change", "'yearly' is not one of the allowed values: 'year-on-year', 'unstated', null"),
        ("way", "'lowr' is not one of the allowed values: 'lower', 'higher', null; did you mean 'lower'?"),
        ("kind", "'tabel' is not one of the allowed values: 'table', 'goals'; did you mean 'table'?"),
    ]
    assert schema["properties"]["change"]["anyOf"][1] == {"enum": ["year-on-year", "unstated"]}  # left as it was


# --- each of two faults of one record is its own finding ----------------------------------------

@pytest.mark.parametrize(("label", "label_finding"), [
    # label misspelt too: each misspelt key is one finding naming the key it stands for.
    ("  labl: （一）\n", (81, "measures[0].labl", "unknown key 'labl' (not allowed here); did you mean 'label'?")),
    # label gone: it is missing, and said so, though the key beside it is the misspelt deadline.
    ("", (77, "measures[0]", "'label' is a required property")),
])
def test_a_misspelt_key_beside_another_fault_of_the_same_measure_leaves_that_fault_said(runner, data_here, label,
                                                                                       label_finding):
    plan = data_here / "plans" / "02-starting-a-business.yaml"
    text = plan.read_text(encoding="utf-8")
    assert text.count("  label: （一）\n") == 1
    text = text.replace("  label: （一）\n", label).replace("\n  deadline:\n", "\n  dedline:\n", 1)
    plan.write_text(text, encoding="utf-8")
    dedline = text.split("\n").index("  dedline:") + 1
    assert sorted((finding["line"], finding["field"], finding["message"]) for finding in findings(runner)) == sorted([
        label_finding,
        (dedline, "measures[0].dedline", "unknown key 'dedline' (not allowed here); did you mean 'deadline'?"),
    ])


def test_a_misspelt_department_id_close_to_three_names_all_three_nearest_first(runner, data_here):
    # 平顶山银保监分局 as the old 银监分局 (CBRC) would spell it: three ids are as close.
    plan = data_here / "plans" / "07-registering-property.yaml"
    assert plan.read_text(encoding="utf-8").count("      id: cbirc-pingdingshan\n") == 1
    damage(plan, [("      id: cbirc-pingdingshan\n", "      id: cbrc-pingdingshan\n")])
    (finding,) = findings(runner)
    assert (finding["field"], finding["message"]) == (
        "measures[1].responsible.bodies[12].id",
        "unknown department id 'cbrc-pingdingshan' (not in departments.yaml); did you mean 'cbirc-pingdingshan', "
        "'pbc-pingdingshan' or 'state-grid-pingdingshan'?")


def test_an_enum_inside_a_nullable_record_allows_no_null_itself(runner, data_here):
    # An indicator's lead is a record or null; the role of a body inside it is not nullable, and its
    # message names only the roles (null is allowed for the lead, not for the role).
    plan = data_here / "plans" / MARKET
    text = plan.read_text(encoding="utf-8")
    lead = "    - name: 市市场监管局\n      id: market-regulation\n      role: lead\n  note: The table has"
    assert text.count(lead) == 1
    plan.write_text(text.replace(lead, lead.replace("role: lead", "role: laed")), encoding="utf-8")
    (finding,) = findings(runner)
    assert (finding["field"], finding["message"]) == (
        "indicators[2].lead.bodies[0].role",
        "'laed' is not one of the allowed values: 'lead', 'support', 'implement', 'responsible'; did you mean 'lead'?")


def test_a_format_tag_close_to_both_a_plans_and_a_reports_is_read_as_the_nearer_one(runner, data_here):
    # bizenv/prog/1 is close to bizenv/plan/1 too (0.77), but nearer bizenv/progress/1 (0.87): a
    # named report so misspelt is one finding at its tag, not fifteen of a plan.
    with_one_ledger_report(data_here)
    line, column = misspelt(data_here / REPORT, "\nformat: bizenv/progress/1\n", "\nformat: bizenv/prog/1\n")
    (finding,) = findings(runner, f"data/{REPORT.as_posix()}")
    assert (finding["line"], finding["column"], finding["field"], finding["message"]) == (
        line, column, "format", "'bizenv/prog/1' is not the one allowed value, 'bizenv/progress/1'")


@pytest.mark.parametrize(("right", "wrong", "field", "message"), [
    ("\n- id: railway-office\n", "\n- id: development-reform\n", "departments[3].id",
     "duplicate department id 'development-reform'"),
    ("\n  - county-city-governments\n  - county-district", "\n  - county-city-govrnments\n  - county-district",
     # Not 'county-governments' itself, though its id is as close: an entry covers others.
     "departments[55].covers[1]", "department 'county-governments' covers unknown department 'county-city-govrnments'; "
                                  "did you mean 'county-city-governments' or 'county-district-governments'?"),
])
def test_a_duplicate_id_or_a_later_covered_id_is_named_at_its_own_line(runner, data_here, right, wrong, field, message):
    line, _ = misspelt(data_here / "departments.yaml", right, wrong)
    (finding,) = findings(runner)
    assert (finding["file"], finding["line"], finding["field"], finding["message"]) == (
        "data/departments.yaml", line, field, message)


def test_every_contradiction_of_the_registry_is_named_in_one_run_in_file_order(runner, data_here):
    # Only the first had been named: four mistakes took four runs to find.
    registry = data_here / "departments.yaml"
    parent, _ = misspelt(registry, "\n  parent: development-reform\n", "\n  parent: development-refrom\n")
    duplicate, _ = misspelt(registry, "\n- id: medical-insurance\n", "\n- id: public-security\n")
    spelling, _ = misspelt(registry, "\n  - 市公积金中心\n", "\n  - 市住建局\n")
    covered, _ = misspelt(registry, "\n  - counties\n", "\n  - countie\n")
    spelling_again = registry.read_text(encoding="utf-8").split("\n").index("  - 市住建局", spelling) + 1
    expected = [
        (parent, 3, "departments[3].parent",
         "department 'railway-office' names unknown parent 'development-refrom'; did you mean 'development-reform'?"),
        (duplicate, 3, "departments[6].id", "duplicate department id 'public-security'"),
        # The spelling is named where it is said the second time, as it was alone.
        (spelling_again, 5, "departments[8].aliases[0]",
         "spelling '市住建局' belongs to both 'housing-provident-fund' and 'housing-urban-rural'"),
        (covered, 5, "departments[55].covers[0]",
         "department 'county-governments' covers unknown department 'countie'; did you mean 'counties'?"),
    ]
    assert [(finding["line"], finding["column"], finding["field"], finding["message"])
            for finding in findings(runner)] == expected
    result = invoke(runner, "--data", "data", "validate")
    assert result.stdout.splitlines() == [f"data/departments.yaml:{line}:{column} {field}: {message}"
                                          for line, column, field, message in expected]
    # A query refuses the registry with the first of them, and sends the reader to validate.
    result = invoke(runner, "--data", "data", "measures", "--plan", "2")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"data/departments.yaml:{parent}:3 departments[3].parent: {expected[0][3]}",
        "bizenv: the data cannot be read; `bizenv validate` checks every file"]


def test_a_copied_entry_left_with_its_originals_id_is_one_finding(runner, data_here):
    # Its spellings are its original's too, but the one mistake is the id: naming each spelling as
    # belonging to both 'market-regulation' and 'market-regulation' would bury it.
    registry = data_here / "departments.yaml"
    text = registry.read_text(encoding="utf-8")
    start = text.index("\n- id: market-regulation\n") + 1
    entry = text[start:text.index("\n- id:", start) + 1]
    assert "  aliases:\n  - " in entry  # a spelling beside its name
    registry.write_text(text + entry, encoding="utf-8")
    copy_line, copy_index = text.count("\n") + 1, text.count("\n- id:")  # the entry after the last
    (finding,) = findings(runner)
    assert (finding["line"], finding["column"], finding["field"], finding["message"]) == (
        copy_line, 3, f"departments[{copy_index}].id", "duplicate department id 'market-regulation'")


def test_an_alias_that_repeats_its_own_name_is_no_spelling_of_two_bodies(runner, data_here):
    # One spelling naming two bodies is refused; written twice for the same body it names one.
    registry = data_here / "departments.yaml"
    text = registry.read_text(encoding="utf-8")
    entry = "- id: railway-office\n  name: 市铁路办\n  name_en: Municipal Railway Office\n  kind: municipal-department\n" \
            "  group: false\n  aliases: []\n"
    assert text.count(entry) == 1
    registry.write_text(text.replace(entry, entry.replace("aliases: []", "aliases:\n  - 市铁路办")), encoding="utf-8")
    assert invoke(runner, "--data", "data", "validate").exit_code == 0
    result = invoke(runner, "--data", "data", "departments", "--format", "json")
    assert result.exit_code == 0
    assert next(row for row in json.loads(result.stdout) if row["id"] == "railway-office")["measures"] == 1


def test_what_an_enum_may_be_is_named_as_its_schema_allows_it():
    # Null is named where a null branch stands beside the enum and nowhere else, once however it is
    # allowed; an integer branch beside it is named too (it had been left out, as if only the
    # enum's words were allowed); a did-you-mean weighs the enum's words, never its numbers. No
    # shipped schema has these shapes yet: a small one stands for them.
    from bizenv_cli.checks.validate import schema_problems
    from bizenv_cli.files.yamlload import load_yaml_bytes

    schema = {"type": "object", "properties": {
        "count": {"anyOf": [{"type": "integer"}, {"enum": ["some", "many"]}]},
        "change": {"anyOf": [{"type": "null"}, {"enum": ["year-on-year", None]}]},
        "level": {"enum": [1, 2, "top"]}}}
    loaded = load_yaml_bytes(b"count: mny\nchange: yearly\nlevel: topp\n", Path("x.yaml"), "x.yaml")
    assert [(problem.field, problem.message) for problem in schema_problems(loaded, schema, "x.yaml")] == [
        ("count", "'mny' is not one of the allowed values: 'some', 'many', and is not of type 'integer'; "
                  "did you mean 'many'?"),
        ("change", "'yearly' is not one of the allowed values: 'year-on-year', null"),
        ("level", "'topp' is not one of the allowed values: 1, 2, 'top'; did you mean 'top'?"),
    ]


def test_a_required_key_is_said_missing_where_unknown_keys_are_allowed():
    # Where a mapping may hold keys of its own (no additionalProperties: false), `dedline` is no
    # misspelling to name, and a missing `deadline` is the one finding there is.
    from bizenv_cli.checks.validate import schema_problems
    from bizenv_cli.files.yamlload import load_yaml_bytes

    schema = {"type": "object", "required": ["deadline"], "properties": {"deadline": {"type": "string"}}}
    loaded = load_yaml_bytes(b"dedline: '2022-06'\n", Path("x.yaml"), "x.yaml")
    assert [(problem.field, problem.message) for problem in schema_problems(loaded, schema, "x.yaml")] == [
        ("", "'deadline' is a required property")]


def test_a_named_plan_whose_tag_is_close_to_a_reports_too_is_still_read_as_a_plan(runner, data_here):
    # bizenv/plans/1 is within reach of bizenv/progress/1 (0.71), but far nearer bizenv/plan/1 (0.96):
    # read as a report it would be a finding on every key a plan has and a report has not.
    line, column = misspelt(data_here / "plans" / "02-starting-a-business.yaml", "\nformat: bizenv/plan/1\n",
                            "\nformat: bizenv/plans/1\n")
    (finding,) = findings(runner, "data/plans/02-starting-a-business.yaml")
    assert (finding["line"], finding["column"], finding["field"], finding["message"]) == (
        line, column, "format", "'bizenv/plans/1' is not the one allowed value, 'bizenv/plan/1'")


# --- a finding quotes the value given, as YAML writes it, and names every form the rule accepts ---

def test_what_a_maintainer_gets_wrong_reads_in_yamls_words_at_its_own_line(runner, data_here):
    # Each had read wrong in CI: null, true and {a: 1} came out as Python's None, True and
    # {'a': 1}; a wrong format tag was answered with the right one only, never quoting the tag
    # given; a pattern showed its backslashes doubled; a section's parent or a line, which may be
    # null, did not say so.
    with_one_ledger_report(data_here)
    plan, report = data_here / "plans" / "02-starting-a-business.yaml", data_here / REPORT
    damage(plan, [
        ("format: bizenv/plan/1\n", "format: bizenv/plan/2\n"),
        ("source:\n  file: source/pingdingshan-2022-business-environment-plans.txt\n  first_line: 229\n"
         "  last_line: 365\n", "source:\n- file: source/pingdingshan-2022-business-environment-plans.txt\n"),
        ("  heading: null\n  heading_en: null\n  parent: null\n", "  heading: null\n  heading_en: null\n  parent: 02.x1\n"),
        ("  deadline:\n    raw: 2022年12月\n    line: 252\n    milestones:\n    - date: '2022-12-31'\n      label: null\n"
         "    ongoing: false\n    recurrence: null\n", "  deadline: 2022\n"),
        ("      id: market-regulation\n", "      id: 'market-regulation '\n"),
        ("    line: 258\n    milestones:\n    - date: '2022-12-31'\n      label: null\n",
         "    line: 0\n    milestones: null\n"),
        ("    line: 264\n    milestones:\n    - date: '2022-12-31'\n", "    line: 264\n    milestones:\n    - date: '2022-13-01'\n"),
    ])
    damage(report, [("  done_on: '2022-06-20'\n", "  done_on: '2022-06-20'\n  milestone: true\n"),
                    ("actuals: []\n", "actuals: {a: 1}\n")])
    at = {path.name: path.read_text(encoding="utf-8").split("\n") for path in (plan, report)}

    def line_of(path: Path, text: str) -> int:
        assert at[path.name].count(text) == 1, text
        return at[path.name].index(text) + 1

    got = {(finding["file"].rsplit("/", 1)[1], finding["line"], finding["column"], finding["field"],
            finding["message"]) for finding in findings(runner)}
    assert got == {
        (plan.name, 2, 1, "format", "'bizenv/plan/2' is not the one allowed value, 'bizenv/plan/1'"),
        (plan.name, line_of(plan, "source:"), 1, "source",
         "[{file: 'source/pingdingshan-2022-business-environment-plans… is not of type 'object'"),
        (plan.name, line_of(plan, "  parent: 02.x1"), 3, "sections[0].parent",
         r"'02.x1' does not match '^[0-9]{2}\.s[0-9]+$', and is not of type 'null'"),
        (plan.name, line_of(plan, "  deadline: 2022"), 3, "measures[0].deadline", "2022 is not of type 'object'"),
        (plan.name, line_of(plan, "      id: 'market-regulation '"), 7, "measures[0].responsible.bodies[0].id",
         "'market-regulation ' does not match '^[a-z0-9]+(-[a-z0-9]+)*$'"),
        (plan.name, line_of(plan, "    line: 0"), 5, "measures[1].deadline.line",
         "0 is less than the minimum of 1, and is not of type 'null'"),
        (plan.name, line_of(plan, "    milestones: null"), 5, "measures[1].deadline.milestones",
         "null is not of type 'array'"),
        (plan.name, line_of(plan, "    - date: '2022-13-01'"), 7, "measures[2].deadline.milestones[0].date",
         "'2022-13-01' is not a 'date'"),
        (report.name, line_of(report, "  milestone: true"), 3, "updates[0].milestone",
         "true is not of type 'integer', 'null'"),
        (report.name, line_of(report, "actuals: {a: 1}"), 1, "actuals", "{a: 1} is not of type 'array'"),
    }


def damage(path: Path, edits: list[tuple[str, str]]) -> None:
    """The file with each (right, wrong) edit made where `right` first stands."""
    text = path.read_text(encoding="utf-8")
    for right, wrong in edits:
        assert right in text, right
        text = text.replace(right, wrong, 1)
    path.write_text(text, encoding="utf-8")


def test_every_form_an_anyof_accepts_is_named_when_the_value_fits_none():
    # A branch the value was written for says what it breaks there; every other branch's type is
    # named after it, and a value of no allowed type names them all. No shipped schema has an
    # anyOf but of a form and null: a small one stands for the rest.
    from bizenv_cli.checks.validate import schema_problems
    from bizenv_cli.files.yamlload import load_yaml_bytes

    schema = {"type": "object", "properties": {
        "parent": {"anyOf": [{"type": "string", "pattern": "^[0-9]{2}\\.s[0-9]+$"}, {"type": "null"}]},
        "count": {"anyOf": [{"type": "integer", "minimum": 1}, {"enum": ["some", "many"]}, {"type": "null"}]},
        "size": {"oneOf": [{"type": "integer", "minimum": 1}, {"type": "string", "format": "date"}]},
        "by": {"anyOf": [{"type": "null"}, {"anyOf": [{"type": "string", "pattern": "^[0-9]{4}$"}, {"type": "boolean"}]}]},
        "kind": {"anyOf": [{"type": "null"}, {"const": "bizenv/plan/1"}]}}}
    loaded = load_yaml_bytes(b"parent: 02.x1\ncount: 0\nsize: '2022-13-01'\nby: '22'\nkind: bizenv/plan/2\n",
                             Path("x.yaml"), "x.yaml")
    assert [(problem.field, problem.message) for problem in schema_problems(loaded, schema, "x.yaml")] == [
        ("parent", r"'02.x1' does not match '^[0-9]{2}\.s[0-9]+$', and is not of type 'null'"),
        ("count", "0 is less than the minimum of 1, and is not one of the allowed values: 'some', 'many', null"),
        ("size", "'2022-13-01' is not a 'date', and is not of type 'integer'"),
        ("by", "'22' does not match '^[0-9]{4}$', and is not of type 'boolean', 'null'"),
        ("kind", "'bizenv/plan/2' is not one of the allowed values: 'bizenv/plan/1', null; did you mean 'bizenv/plan/1'?"),
    ]


def test_a_value_is_quoted_so_that_what_does_not_show_shows():
    # As YAML reads it back, not as Python's repr wrote it: 'tab\there' and 'C:\\dir' are other
    # texts to YAML (single quotes escape nothing), and None, True and {'c': False} are no YAML.
    from bizenv_cli.checks.validate import schema_problems
    from bizenv_cli.files.yamlload import load_yaml_bytes

    loaded = load_yaml_bytes(b'a: "tab\\there\\u3000"\nb: C:\\dir\nc: [null, true, {c: false}]\n', Path("x.yaml"), "x.yaml")
    schema = {"type": "object", "properties": {key: {"type": "integer"} for key in "abc"}}
    assert [problem.message for problem in schema_problems(loaded, schema, "x.yaml")] == [
        '"tab\\there\\u3000" is not of type \'integer\'', "'C:\\dir' is not of type 'integer'",
        "[null, true, {c: false}] is not of type 'integer'"]


def test_a_recurrence_the_raw_deadline_does_not_state_is_said_null(runner, data_here):
    # 02.01's 时间节点 is 2022年12月: no recurrence, which the finding had called Python's None.
    plan = data_here / "plans" / "02-starting-a-business.yaml"
    damage(plan, [("    ongoing: false\n    recurrence: null\n", "    ongoing: false\n    recurrence: quarterly\n")])
    (finding,) = findings(runner)
    assert (finding["field"], finding["message"]) == ("measures[0].deadline.recurrence",
                                                      "the raw deadline states recurrence null")


@pytest.mark.parametrize(("right", "wrong", "field", "message"), [
    # A trailing space the raw line lacks: said at the name, quoted so that it shows.
    ("    - name: 市市场监管局\n", "    - name: '市市场监管局 '\n", "measures[0].responsible.bodies[0].name",
     "the raw line names '市市场监管局'=market-regulation:responsible; "
     "the data says '市市场监管局 '=market-regulation:responsible"),
    ("      id: gov-services-bigdata\n      role: responsible\n", "      id: gov-services-bigdata\n      role: lead\n",
     "measures[0].responsible.bodies[1].role", "the raw line names '市政务服务和大数据管理局'=gov-services-bigdata:responsible; "
                                               "the data says '市政务服务和大数据管理局'=gov-services-bigdata:lead"),
])
def test_one_body_that_differs_from_its_raw_line_is_named_at_its_own_line(runner, data_here, right, wrong, field,
                                                                        message):
    # It was named at `bodies:`, the whole list of both sides, the names unquoted.
    line, _ = misspelt(data_here / "plans" / "02-starting-a-business.yaml", "\n" + right, "\n" + wrong)
    line += wrong.count("\n") - 1  # the field at fault is on the last line of what was written
    (finding,) = findings(runner)
    assert (finding["line"], finding["field"], finding["message"]) == (line, field, message)


def test_an_id_ending_in_a_line_break_breaks_its_pattern_in_one_line(runner, data_here):
    # A schema's pattern is ECMA 262's, whose $ is the end of the text; Python's re let $ match
    # before a final line break, so jsonschema passed the id, and validate with it. Its finding is
    # one line, the value quoted with its escape (it had broken onto two lines).
    plan = data_here / "plans" / "02-starting-a-business.yaml"
    damage(plan, [("      id: market-regulation\n", '      id: "market-regulation\\n"\n')])
    result = invoke(runner, "--data", "data", "validate")
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line.endswith(' measures[0].responsible.bodies[0].id: "market-regulation\\n" does not match '
                         "'^[a-z0-9]+(-[a-z0-9]+)*$'"), line
    assert invoke(runner, "--data", "data", "due", "--before", "2022-06").exit_code == 1


def test_a_pattern_ends_where_ecma_262_ends_it():
    from bizenv_cli.checks.validate import _ecma_end

    assert _ecma_end("^[a-z]+$") == r"^[a-z]+\Z"
    assert _ecma_end(r"^a\$b[$]$") == r"^a\$b[$]\Z"  # an escaped $ and one in a class are characters


# --- a spelling of the registry that no line can print is one finding, at itself ----------------------

def test_a_registry_spelling_holding_whitespace_is_one_finding_at_itself_not_one_per_line_naming_it(runner,
                                                                                                     data_here):
    # A responsibility line is read without its whitespace, so '市税务局 ' named no body: each line
    # naming 市税务局, across the plans, was "names a body that is not in departments.yaml", and
    # none was at the registry. The registry is refused as when it contradicts itself otherwise,
    # and no plan's bodies are read against it.
    registry = data_here / "departments.yaml"
    damage(registry, [("- id: tax\n  name: 市税务局\n", "- id: tax\n  name: '市税务局 '\n"),
                      ("  - 市大数据局\n", '  - "\\t市大数据局"\n'), ("  - 市发改委\n", '  - "市发改委\\u3000"\n')])
    lines = registry.read_text(encoding="utf-8").split("\n")
    why = "holds whitespace, but responsibility lines are read without theirs, so no line can name it"
    got = [(finding["line"], finding["column"], finding["field"], finding["message"]) for finding in findings(runner)]
    assert got == [
        (lines.index('  - "\\t市大数据局"') + 1, 5, "departments[0].aliases[1]",
         f"spelling \"\\t市大数据局\" {why}; write it '市大数据局'"),
        (lines.index('  - "市发改委\\u3000"') + 1, 5, "departments[2].aliases[1]",
         f"spelling \"市发改委\\u3000\" {why}; write it '市发改委'"),
        (lines.index("  name: '市税务局 '") + 1, 3, "departments[41].name", f"spelling '市税务局 ' {why}; write it '市税务局'"),
    ]
    # A query refuses it with the first of them (the store's check of the registry).
    result = invoke(runner, "--data", "data", "measures", "--plan", "9")
    assert result.exit_code == 1
    line, column, field, message = got[0]
    assert result.stderr.splitlines()[0] == f"data/departments.yaml:{line}:{column} {field}: {message}"


# --- a value is quoted as the file writes it, not as YAML reads it ----------------------------------

def test_a_plain_scalar_read_as_another_value_is_quoted_as_written():
    # 2022.10 (a month, meant as text) had been quoted as Python reads it, 2022.1; so were .5, +5,
    # 1.5e+3 and TRUE. What other readers type otherwise (1e3, 0x10, 010, yes, on) the reader
    # refuses, quoting it as written (tests/files/test_yamlload.py).
    from bizenv_cli.checks.validate import schema_problems
    from bizenv_cli.files.yamlload import LoadedYaml, load_yaml_bytes

    written = ["2022.10", ".5", "1.", "+5", "-0", "1.5e+3", "TRUE", "True", "~", "[2022.10, TRUE, 3]", "{a: 1.50}",
               "2022.1", "0.0"]  # the last two read as written, and were quoted so
    raw = "".join(f"k{index}: {text}\n" for index, text in enumerate(written)).encode()
    schema = {"type": "object", "properties": {f"k{index}": {"type": "string"} for index in range(len(written))}}
    eager = load_yaml_bytes(raw, Path("x.yaml"), "x.yaml")
    lazy = LoadedYaml(Path("x.yaml"), eager.data, raw=raw, name="x.yaml")  # a document the store kept as bytes
    for loaded in (eager, lazy):
        assert [problem.message for problem in schema_problems(loaded, schema, "x.yaml")] == [
            f"{text} is not of type 'string'" + ("" if text in ("~", "[2022.10, TRUE, 3]", "{a: 1.50}") else
                                                 f"; written in quotes, '{text}', it is a text") for text in written]


def test_a_number_a_finding_names_is_the_one_the_file_writes(runner, data_here):
    # A month typed unquoted (2022.10, a number to YAML), a target's value with a zero more than
    # its raw prints (4.40) and a ledger's value (2.50) were 2022.1, 4.4 and 2.5 in their findings.
    with_one_ledger_report(data_here)
    damage(data_here / "plans" / "02-starting-a-business.yaml", [("    raw: 2022年12月\n", "    raw: 2022.10\n")])
    damage(data_here / "plans" / "01-overall-plan.yaml", [("    value: 4.44\n", "    value: 4.40\n")])
    damage(data_here / REPORT, [("actuals: []\n", "actuals:\n- indicator: 09.i1\n  raw: '3'\n  value: 2.50\n")])
    got = {(finding["file"].rsplit("/", 1)[1], finding["field"], finding["message"]) for finding in findings(runner)}
    assert got == {
        ("02-starting-a-business.yaml", "measures[0].deadline.raw",
         "2022.10 is not of type 'string', 'null'; written in quotes, '2022.10', it is a text"),
        ("01-overall-plan.yaml", "indicators[25].targets[0].value",
         "is 4.40, but its raw string '4.44万亩' prints no such number"),
        ("tax.yaml", "actuals[0].value", "value 2.50 disagrees with raw '3', which states 3"),
    }



# Each of these had ended validate in a traceback: a bare ValueError of the responsibility reader.
TAX_ENTRY = ("- id: tax\n  name: 市税务局\n  name_en: Pingdingshan Municipal Tax Service, State Taxation Administration\n"
             "  kind: central-branch\n  group: false\n  aliases: []\n")


def test_a_registry_spelling_that_is_a_word_of_the_lines_is_one_finding_at_itself(runner, data_here):
    # 配合 as tax's alias would make every line's 配合 name tax; the queries had answered from it.
    registry = data_here / "departments.yaml"
    damage(registry, [(TAX_ENTRY, TAX_ENTRY.replace("aliases: []", "aliases: [配合]"))])
    line = registry.read_text(encoding="utf-8").split("\n").index("  aliases: [配合]") + 1
    got = [(finding["file"], finding["line"], finding["field"], finding["message"]) for finding in findings(runner)]
    assert got == [("data/departments.yaml", line, "departments[41].aliases[0]",
                    "spelling '配合' is a role word of responsibility lines, so no line can name a body by it")]
    result = invoke(runner, "--data", "data", "measures", "--plan", "9")  # a query refuses it too
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"data/departments.yaml:{line}:13 departments[41].aliases[0]: {got[0][3]}"


def test_a_role_word_before_any_body_is_a_finding_at_its_line(runner, data_here):
    plan = data_here / "plans" / "04-getting-electricity.yaml"
    raw = "市发改委、市供电公司、市自然资源和规划局、市公安局、市城市管理局，各县（市）人民政府，各县（市）供电公司"
    damage(plan, [(f"raw: {raw}", f"raw: 牵头{raw}")])
    line = plan.read_text(encoding="utf-8").split("\n").index(f"    raw: 牵头{raw}") + 1
    got = [(finding["line"], finding["field"], finding["message"]) for finding in findings(runner)
           if finding["check"] == "semantics"]
    assert got == [(line, "measures[0].responsible.raw", "the role word '牵头' governs no body: a role word follows "
                                                         "the bodies it names (市财政局牵头), and none stands before it here")]


def test_a_deadline_in_a_year_the_calendar_lacks_is_a_finding_at_its_raw(runner, data_here):
    # 0000年3月 had ended validate in a traceback (datetime's ValueError: year 0 is out of range).
    plan = data_here / "plans" / "04-getting-electricity.yaml"
    damage(plan, [("    raw: 2022年3月\n", "    raw: 0000年3月\n")])
    line = plan.read_text(encoding="utf-8").split("\n").index("    raw: 0000年3月") + 1
    got = [(finding["line"], finding["field"], finding["message"]) for finding in findings(runner)
           if finding["check"] == "semantics"]
    assert got == [(line, "measures[0].deadline.raw",
                    "cannot be read as a deadline: impossible year 0000 in '0000年3月'")]


@pytest.mark.parametrize(("written", "quoted"), [("''", "''"), ("、", "'、'"), ("等", "'等'")])
def test_a_responsibility_line_that_names_no_body_is_a_finding_at_its_raw(runner, data_here, written, quoted):
    # 19.i3's 牵头单位 cell emptied, or left with a connective: it had passed, its one lead lost (the
    # row's cells still hold the cell's text, and '' is found verbatim in any source line).
    plan = data_here / "plans" / "19-market-regulation.yaml"
    damage(plan, [("  lead:\n    raw: 市市场监管局\n    line: 2727\n    bodies:\n    - name: 市市场监管局\n"
                   "      id: market-regulation\n      role: lead\n",
                   f"  lead:\n    raw: {written}\n    line: 2727\n    bodies: []\n")])
    line = plan.read_text(encoding="utf-8").split("\n").index(f"    raw: {written}") + 1
    got = [(finding["line"], finding["field"], finding["message"]) for finding in findings(runner)
           if finding["field"] == "indicators[2].lead.raw"]  # '' is one finding, not also the audit's empty text
    assert got == [(line, "indicators[2].lead.raw",
                    f"{quoted} names no body; where the source prints no responsibility line, raw is null")]


def test_a_registry_spelling_a_line_reads_as_a_body_and_its_role_is_one_finding_at_itself(runner, data_here):
    # 市发改委牵头 as an alias of the commission: validate had named 03.06's line (the raw line names
    # '市发改委牵头'=development-reform:support), never the alias, and the queries had answered.
    registry = data_here / "departments.yaml"
    damage(registry, [("  - 市发改委\n", "  - 市发改委\n  - 市发改委牵头\n")])
    line = registry.read_text(encoding="utf-8").split("\n").index("  - 市发改委牵头") + 1
    message = ("spelling '市发改委牵头' reads as '市发改委' + '牵头' in a responsibility line, so a line printing "
               "those would name 'development-reform' by this spelling alone")
    got = [(finding["file"], finding["line"], finding["field"], finding["message"]) for finding in findings(runner)]
    assert got == [("data/departments.yaml", line, "departments[2].aliases[2]", message)]
    result = invoke(runner, "--data", "data", "measures", "--plan", "3")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"data/departments.yaml:{line}:5 departments[2].aliases[2]: {message}"


def test_a_parent_cycle_in_the_registry_is_one_finding_with_no_misspelling_named(runner, data_here):
    # The commission made the railway office's parent, as the office is the commission's: it had
    # passed validate, and a cycle's ids, which name entries, are no misspelling to correct.
    registry = data_here / "departments.yaml"
    damage(registry, [("  parent: null\n  covers: []\n  note: null\n- id: railway-office",
                       "  parent: railway-office\n  covers: []\n  note: null\n- id: railway-office")])
    line = registry.read_text(encoding="utf-8").split("\n").index("  parent: railway-office") + 1
    got = [(finding["line"], finding["field"], finding["message"]) for finding in findings(runner)]
    assert got == [(line, "departments[2].parent", "department 'development-reform' is inside itself: parent "
                                                   "'development-reform' → 'railway-office' → 'development-reform'")]


SECTION_04_S2 = "- id: 04.s2\n  kind: requirements\n  heading: 一、工作思路\n  heading_en: I. Approach\n  parent: null"
SECTION_04_S3 = "- id: 04.s3\n  kind: goals\n  heading: 二、工作目标\n  heading_en: II. Goals\n  parent: null"


@pytest.mark.parametrize(("edits", "message"), [
    ([(SECTION_04_S2, SECTION_04_S2.replace("parent: null", "parent: 04.s2"))], "section '04.s2' is its own parent"),
    ([(SECTION_04_S2, SECTION_04_S2.replace("parent: null", "parent: 04.s3")),
      (SECTION_04_S3, SECTION_04_S3.replace("parent: null", "parent: 04.s2"))],
     "section '04.s2' is inside itself: parent '04.s2' → '04.s3' → '04.s2'"),
])
def test_a_section_inside_itself_is_one_finding_at_its_parent(runner, data_here, edits, message):
    # Each had passed validate: a section's parent is a section of the plan, itself or its child.
    plan = data_here / "plans" / "04-getting-electricity.yaml"
    damage(plan, edits)
    line = plan.read_text(encoding="utf-8").split("\n").index("- id: 04.s2") + 5
    got = [(finding["line"], finding["field"], finding["message"]) for finding in findings(runner)]
    assert got == [(line, "sections[1].parent", message)]


def test_two_targets_for_one_month_are_a_finding_at_the_second(runner, data_here):
    # Sorted, so it had passed: which of the two the year is judged on (gaps) was left to chance.
    plan = data_here / "plans" / "04-getting-electricity.yaml"
    target = "  targets:\n  - by: 2022-12\n    raw: “零投资”\n    value: 0\n"
    damage(plan, [(target, target + target[len("  targets:\n"):])])
    line = plan.read_text(encoding="utf-8").split("\n").index("    raw: “零投资”") + 3
    got = [(finding["line"], finding["field"], finding["message"]) for finding in findings(runner)
           if finding["check"] == "semantics"]
    assert got == [(line, "indicators[0].targets[1].by", "targets must be one per month: targets[0] is for 2022-12 too")]


@pytest.mark.parametrize(("right", "wrong", "field"), [
    # A title its measure's text repeats, so no source line lost its value: each had passed validate.
    ("  title: 完善组织架构。\n", "  title: ''\n", "measures[0].title"),
    ("  heading: 一、工作思路\n", "  heading: ' '\n", "sections[1].heading"),
])
def test_an_empty_text_where_null_says_nothing_printed_is_a_finding_at_it(runner, data_here, right, wrong, field):
    path = data_here / "plans" / "04-getting-electricity.yaml"
    damage(path, [(right, wrong)])
    line = path.read_text(encoding="utf-8").split("\n").index(wrong.rstrip("\n")) + 1
    value = wrong.split(": ", 1)[1].strip()
    got = [(finding["line"], finding["field"], finding["message"]) for finding in findings(runner)]
    assert got == [(line, field, f"{value} quotes nothing of the source: write what it prints there, or null where "
                                 "it prints nothing")]


def test_a_jurisdiction_no_title_prints_may_be_empty(runner, data_here):
    # The schema allows no null there: the importer writes '' for a package whose titles name none,
    # and a whole folder saying so is sound (one package, one jurisdiction).
    for path in [data_here / "departments.yaml", *sorted((data_here / "plans").glob("*.yaml"))]:
        damage(path, [("jurisdiction: 平顶山市\n", "jurisdiction: ''\n")])
    result = invoke(runner, "--data", "data", "validate")
    assert (result.exit_code, result.stdout) == (0, ""), result.output


def test_a_number_yaml_reads_as_infinite_is_one_finding_quoted_as_written(runner, data_here):
    # 1.0e+309 is inf to YAML, and a number to the schema: the checks had judged it as a figure.
    plan = data_here / "plans" / "04-getting-electricity.yaml"
    damage(plan, [("    raw: “零投资”\n    value: 0\n", "    raw: “零投资”\n    value: 1.0e+309\n")])
    line = plan.read_text(encoding="utf-8").split("\n").index("    value: 1.0e+309") + 1
    got = [(finding["line"], finding["field"], finding["check"], finding["message"]) for finding in findings(runner)]
    assert got == [(line, "indicators[0].targets[0].value", "schema", "1.0e+309 is beyond the numbers every reader "
                                                                      "keeps exactly: finite, and at most "
                                                                      "9,007,199,254,740,992 either way")]


@pytest.mark.parametrize(("right", "wrong", "field", "message"), [
    # A plan copied for next year, a package id of another, a jurisdiction cut short (平 is printed
    # in the source too): each had passed validate. The odd file is named, whichever it is.
    ("year: 2022\n", "year: 2023\n", "year", "is 2023, but 28 of the 29 files say 2022"),
    ("package: pingdingshan-2022\n", "package: pingdingshan-2023\n", "package",
     "is 'pingdingshan-2023', but 28 of the 29 files say 'pingdingshan-2022'"),
    ("jurisdiction: 平顶山市\n", "jurisdiction: 平\n", "jurisdiction", "is '平', but 29 of the 30 files say '平顶山市'"),
])
def test_a_plan_of_another_package_than_the_folders_is_one_finding_at_the_odd_value(runner, data_here, right, wrong,
                                                                                   field, message):
    plan = data_here / "plans" / "04-getting-electricity.yaml"
    damage(plan, [(right, wrong)])
    line = plan.read_text(encoding="utf-8").split("\n").index(wrong.rstrip("\n")) + 1
    got = [(finding["file"], finding["line"], finding["field"], finding["message"]) for finding in findings(runner)]
    first = "data/departments.yaml" if field == "jurisdiction" else "data/plans/01-overall-plan.yaml"
    assert got == [("data/plans/04-getting-electricity.yaml", line, field,
                    f"{message}, as {first} does: one data folder holds one package")]


def test_a_registry_of_another_jurisdiction_than_its_plans_is_named_not_the_plans(runner, data_here):
    registry = data_here / "departments.yaml"
    damage(registry, [("jurisdiction: 平顶山市\n", "jurisdiction: 平顶山\n")])
    got = [(finding["file"], finding["line"], finding["field"], finding["message"]) for finding in findings(runner)]
    assert got == [("data/departments.yaml", 3, "jurisdiction", "is '平顶山', but 29 of the 30 files say '平顶山市', as "
                                                               "data/plans/01-overall-plan.yaml does: one data folder "
                                                               "holds one package")]


@pytest.mark.parametrize(("plan", "right", "wrong", "message"), [
    # 19.i3, a row of 19.t1, with its table emptied or misspelt: it had been said only as the
    # table's first rows missing, at the table.
    ("19-market-regulation.yaml", "  origin: table\n  section: 19.s5\n  table: 19.t1\n  line: 2723\n",
     "  origin: table\n  section: 19.s5\n  table: null\n  line: 2723\n",
     "is null, but the indicator is a row of a table (origin: table): name its table"),
    ("19-market-regulation.yaml", "  origin: table\n  section: 19.s5\n  table: 19.t1\n  line: 2723\n",
     "  origin: table\n  section: 19.s5\n  table: 19.t9\n  line: 2723\n", "no table '19.t9' in this plan"),
    # 04.i1, a target of the goals, given a table: it had passed.
    ("04-getting-electricity.yaml", "  origin: goals\n  section: 04.s3\n  table: null\n",
     "  origin: goals\n  section: 04.s3\n  table: 04.t1\n",
     "is '04.t1', but the indicator is stated in the goals (origin: goals), in no table"),
])
def test_an_indicator_and_its_table_disagree_is_one_finding_at_its_table(runner, data_here, plan, right, wrong, message):
    path = data_here / "plans" / plan
    damage(path, [(right, wrong)])
    text = path.read_text(encoding="utf-8")
    line = text[:text.index(wrong)].count("\n") + 3  # the edit's third line, its table
    got = [(finding["file"], finding["line"], finding["message"]) for finding in findings(runner)]
    assert got == [(f"data/plans/{plan}", line, message)]


def test_an_indicator_of_a_table_whose_rows_are_its_own_is_a_finding_at_its_table(runner, data_here):
    # 03.t2 lists the steps of a procedure in its own rows: an indicator is no row of it.
    path = data_here / "plans" / "03-construction-permits.yaml"
    damage(path, [("  table: 03.t1\n", "  table: 03.t2\n")])
    line = path.read_text(encoding="utf-8").split("\n").index("  table: 03.t2") + 1
    got = [(finding["line"], finding["field"], finding["message"]) for finding in findings(runner)
           if finding["check"] == "semantics"]
    assert got == [(line, "indicators[5].table", "'03.t2' is a steps table, whose rows are its own; an indicator is "
                                                 "a row of an indicators table")]


def test_a_row_of_a_table_without_its_cells_is_a_finding_at_its_origin(runner, data_here):
    path = data_here / "plans" / "19-market-regulation.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  cells:\n  - “双随机一公开”监管覆盖率\n")
    end = text.index("  unit:", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    line = text[:text.index("  origin: table\n  section: 19.s5\n  table: 19.t1\n  line: 2723\n")].count("\n") + 1
    got = [(finding["line"], finding["field"], finding["message"]) for finding in findings(runner)
           if finding["check"] == "semantics"]
    assert got == [(line, "indicators[2].origin",
                    "a row of a table (origin: table) holds its cells; a target stated in the goals has none")]


def test_a_number_where_a_text_belongs_is_told_to_be_quoted(runner, data_here):
    # `title: 2022` is a number to YAML: the finding said only that it is no string, where the fix
    # a maintainer needs is the quotes; the text as written is quoted (1.10, never 1.1).
    plan = data_here / "plans" / "09-paying-taxes.yaml"
    text = plan.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    heading = next(line for line in text.splitlines() if line.startswith("  heading: ") and "null" not in line)
    damage(plan, [(title + "\n", "title: 2022\n"), (heading + "\n", "  heading: 1.10\n")])
    got = {finding["field"]: finding["message"] for finding in findings(runner)}
    assert got["title"] == "2022 is not of type 'string'; written in quotes, '2022', it is a text"
    assert [message for field, message in got.items() if field.endswith(".heading")] == [
        "1.10 is not of type 'string', 'null'; written in quotes, '1.10', it is a text"]
    result = invoke(runner, "--data", "data", "measures", "--plan", "9")  # a query says it alike
    assert result.exit_code == 1 and "written in quotes, '2022', it is a text" in result.stderr.splitlines()[0]
