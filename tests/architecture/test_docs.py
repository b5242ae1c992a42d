"""The docs in the repository stay findable and true: every docs file and README heading the code
cites exists, every relative link of the README and docs/ leads to a file (and heading) of the
repository, the README stays short, the code cites no document the repository does not hold, and
what the README shows a command printing is what it prints, and the Python it shows runs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import CLI_ENV, DATA, REPO, invoke, place_store

README = REPO / "README.md"
DOCS = REPO / "docs"
MOST_README_LINES = 250
# The folders whose files may cite the docs (the code, its tests, the benchmarks and tools).
CITING_FOLDERS = ("src", "tests", "benchmarks", "tools")
# A docs file (docs/ledger.md) or a heading of a Markdown file (README.md#exit-codes), as the code
# cites them in comments and docstrings.
CITATION = re.compile(r"(?<![\w/.-])((?:docs/[\w./-]*\w)|README\.md(?=#))(#[\w-]+)?")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^\s*(```|~~~)")


def markdown_files() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md")), REPO / "CONTRIBUTING.md", REPO / "CHANGELOG.md"]


def prose_lines(text: str) -> list[str]:
    """The lines of a Markdown text outside fenced code blocks (a `# comment` in a block is no
    heading, a `[x](y)` in a block no link)."""
    lines, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(line)
    return lines


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped (letters of any
    script, digits, `-` and `_` kept), each space a hyphen."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every anchor of a Markdown file's headings; a repeated heading's anchor gains -1, -2 …"""
    found: set[str] = set()
    for line in prose_lines(path.read_text(encoding="utf-8")):
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not heading:
            continue
        base = slug(heading.group(1))
        anchor, number = base, 0
        while anchor in found:
            number += 1
            anchor = f"{base}-{number}"
        found.add(anchor)
    return found


def citations() -> list[tuple[str, str, str | None]]:
    """(the citing file, the cited path, the cited anchor or None) for every citation in the code."""
    found = []
    this_file = Path(__file__).resolve()
    for folder in CITING_FOLDERS:
        for path in sorted((REPO / folder).rglob("*.py")):
            if path.resolve() == this_file:
                continue
            for match in CITATION.finditer(path.read_text(encoding="utf-8")):
                cited, anchor = match.group(1), match.group(2)
                found.append((str(path.relative_to(REPO)), cited, anchor[1:] if anchor else None))
    return found


def test_the_checks_below_see_what_they_look_for():
    # The helpers must be able to fail: a heading in a code block is none, punctuation goes.
    sample = "# Exit codes\n```sh\n# not a heading\n```\n## The scorecard: `bizenv progress`\n## Exit codes\n"
    lines = prose_lines(sample)
    assert lines == ["# Exit codes", "## The scorecard: `bizenv progress`", "## Exit codes"]
    assert slug("The scorecard: `bizenv progress`") == "the-scorecard-bizenv-progress"
    assert slug("The work ledger (工作台账)") == "the-work-ledger-工作台账"
    cited = [m.groups() for m in CITATION.finditer("(docs/ledger.md.) README.md#exit-codes docs/data-format.md's")]
    assert cited == [("docs/ledger.md", None), ("README.md", "#exit-codes"), ("docs/data-format.md", None)]


def test_the_code_cites_the_docs():
    # The code is read beside its docs: most packages cite at least one of them.
    cited = {cited for _, cited, _ in citations()}
    assert {"docs/json.md", "docs/ledger.md", "docs/outputs.md", "docs/validation.md", "docs/queries.md",
            "docs/data-format.md", "README.md"} <= cited


def test_every_docs_file_the_code_cites_exists():
    missing = [f"{where}: {cited}" for where, cited, _ in citations() if not (REPO / cited).is_file()]
    assert missing == []


def test_every_heading_the_code_cites_exists():
    missing = [f"{where}: {cited}#{anchor}" for where, cited, anchor in citations()
               if anchor and (REPO / cited).is_file() and anchor not in anchors(REPO / cited)]
    assert missing == []


def test_the_readme_is_short():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MOST_README_LINES


@pytest.mark.parametrize("document", markdown_files(), ids=lambda path: str(path.relative_to(REPO)))
def test_every_relative_link_resolves(document):
    broken = []
    for line in prose_lines(document.read_text(encoding="utf-8")):
        for target in LINK.findall(re.sub(r"`[^`]*`", "", line)):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto: …: not a file of the repository
                continue
            path_part, _, anchor = target.partition("#")
            linked = (document.parent / path_part).resolve() if path_part else document
            if not linked.is_relative_to(REPO) or not linked.exists():
                broken.append(f"{target}: no such file")
            elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                broken.append(f"{target}: no such heading")
    assert broken == []


def test_the_code_cites_no_design_brief_the_repository_lacks():
    # The code used to cite "DESIGN §N", a brief that was never part of the repository.
    package = REPO / "src" / "bizenv_cli"
    mentions = [f"{path.relative_to(REPO)}:{number}"
                for path in sorted(package.rglob("*")) if path.is_file() and "__pycache__" not in path.parts
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "DESIGN" in line]
    assert mentions == []


def test_the_review_page_names_every_kind_of_change():
    from bizenv_cli.diff.ledger import KINDS as LEDGER_KINDS
    from bizenv_cli.diff.plan.kinds import KINDS as PLAN_KINDS

    page = (DOCS / "review.md").read_text(encoding="utf-8")
    assert [kind for kind in [*PLAN_KINDS, *LEDGER_KINDS] if f"| `{kind}` |" not in page] == []


# --- every command the README and docs/ show runs, and prints what they show -----------------------------
# A reader copies a command from a ```sh or ```console block into a terminal at the top of a checkout,
# and follows a page from its top. So does the test: each page's commands run in order in a copy of a
# checkout (the shipped data and schemas, a git repository whose `main` is the working tree), bizenv's
# in this process, the shell's (mkdir, cp, git config) in a shell there. A command exits 0 unless
# its comment says `exit N`; a ```console command's output, when shown, is its standard output
# exactly (tables at the 100 columns CLI_ENV pins).


class DocCommand(NamedTuple):
    document: Path
    line: int
    command: str           # without its comment
    exit_code: int         # what its comment says it exits with (`exit 1`), else 0
    shown: str | None      # a ```console command's output as shown; None in a ```sh block


def split_comment(line: str) -> tuple[str, str]:
    """A shell line's command and its `# comment`: a # starts one only at the start of a word,
    outside quotes (09.02#1 is a word)."""
    quote = None
    for index, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index].rstrip(), line[index + 1:].strip()
    return line.rstrip(), ""


def documented_exit(comment: str) -> int:
    found = re.search(r"\bexit (\d+)\b", comment)
    return int(found.group(1)) if found else 0


def doc_commands(document: Path) -> list[DocCommand]:
    """Every command of a page's ```sh and ```console blocks, in the page's order."""
    commands: list[DocCommand] = []
    language, output, indent = None, None, 0
    lines = document.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if FENCE.match(line):
            if language is None:
                language = line.strip().lstrip("`~").strip() or "text"
                indent = len(line) - len(line.lstrip())  # a block inside a list item is indented
            else:
                language = None
            output = None
            continue
        line = line[indent:] if line[:indent].isspace() else line
        if language == "sh":
            command, comment = split_comment(line)
            if command.strip():
                commands.append(DocCommand(document, number, command.strip(), documented_exit(comment), None))
        elif language == "console":
            if line.startswith("$ "):
                command, comment = split_comment(line[2:])
                output = []
                commands.append(DocCommand(document, number, command.strip(), documented_exit(comment), None))
            elif output is not None:
                output.append(line)
                last = commands[-1]
                commands[-1] = last._replace(shown="\n".join(output) + "\n")
    return commands


def documents_with_commands() -> list[Path]:
    return [path for path in [README, *sorted(DOCS.glob("*.md"))] if doc_commands(path)]


def test_the_command_reader_reads_what_a_shell_would():
    assert split_comment("bizenv record 09.02#1 --by tax   # done (exit 1)") == (
        "bizenv record 09.02#1 --by tax", "done (exit 1)")
    assert split_comment("bizenv search '# not a comment'") == ("bizenv search '# not a comment'", "")
    assert documented_exit("what changed (exit 1: it found changes)") == 1
    assert documented_exit("one row per plan") == 0


def test_a_shown_output_that_depends_on_the_day_has_its_day_pinned():
    # `due` and `progress` judge as of today unless told: their shown output would be true one day only.
    unpinned = [f"{command.document.name}:{command.line} {command.command}"
                for document in documents_with_commands() for command in doc_commands(document)
                if command.shown is not None and shlex.split(command.command)[:2] in (["bizenv", "due"],
                                                                                     ["bizenv", "progress"])
                and "--as-of" not in shlex.split(command.command)]
    assert unpinned == []


def test_the_readme_and_docs_show_commands_and_their_output():
    commands = [command for document in documents_with_commands() for command in doc_commands(document)]
    assert len(commands) >= 50
    shown = [command for command in commands if command.shown is not None]
    assert {command.document.name for command in shown} >= {"README.md", "review.md", "ledger.md", "queries.md"}
    assert all(command.shown.strip() for command in shown)


# Set-up commands the tests do not run (they install things, or are the test run itself); each is
# checked for what it names instead.
def _setup_step(words: list[str]) -> str | None:
    """None when a set-up command names what the repository has; else what is wrong."""
    if words[:3] in (["python3", "-m", "venv"], ["python", "-m", "venv"]) or words[0] == ".":
        return None  # a virtual environment: nothing of the repository's to check
    if words[:2] == ["pip", "install"]:
        import tomllib

        extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        known = set(extras.get("optional-dependencies", {}))
        for word in words[2:]:
            named = re.fullmatch(r"\.(?:\[([\w,-]+)\])?", word)
            if named and named.group(1) and not set(named.group(1).split(",")) <= known:
                return f"no such extra in pyproject.toml: {named.group(1)}"
        return None
    if words[:2] == ["bash", "tools/run-tests"]:
        return None if (REPO / "tools" / "run-tests").is_file() else "tools/run-tests is missing"
    if words[0] in ("python", "python3") and words[1].startswith("benchmarks/"):
        import subprocess
        import sys

        completed = subprocess.run([sys.executable, str(REPO / words[1]), "--help"], capture_output=True, text=True)
        if completed.returncode != 0:
            return f"{words[1]} --help exits {completed.returncode}"
        unknown = [word for word in words[2:] if word.startswith("--") and word not in completed.stdout]
        return f"{words[1]} takes no {', '.join(unknown)}" if unknown else None
    if words[:2] == ["pre-commit", "install"]:
        return None if (REPO / ".pre-commit-config.yaml").is_file() else ".pre-commit-config.yaml is missing"
    return "not a set-up command"


SETUP_PROGRAMS = ("python", "python3", "pip", ".", "bash", "pre-commit")


def checkout_copy(root: Path) -> Path:
    """A copy of a checkout as the docs' commands expect one: data/ and schemas/, a git repository
    whose `main` holds them (HEAD~1 too), and what docs/review.md compares: old/ and new/, two
    plans/ folders where new/'s 02.03 is due 2022年6月 instead of 2022年12月 and 02.i1's year-end
    target is 1 working day instead of 0.5, and a folder of last year's data beside the checkout
    (../2021/data)."""
    import shutil

    from conftest import SCHEMAS, git

    checkout = root / "checkout"
    shutil.copytree(DATA, checkout / "data")
    shutil.copytree(SCHEMAS, checkout / "schemas")
    git(checkout, "init", "-q", "-b", "main")
    git(checkout, "add", "data", "schemas")
    git(checkout, "commit", "-q", "-m", "the shipped data")
    git(checkout, "commit", "-q", "--allow-empty", "-m", "no change in meaning")
    shutil.copytree(DATA / "plans", checkout / "old")
    shutil.copytree(DATA / "plans", checkout / "new")
    starting = checkout / "new" / "02-starting-a-business.yaml"
    text = starting.read_text(encoding="utf-8")
    edited = text.replace("    raw: 2022年12月\n    line: 264\n    milestones:\n    - date: '2022-12-31'",
                          "    raw: 2022年6月\n    line: 264\n    milestones:\n    - date: '2022-06-30'", 1)
    edited = edited.replace("  - by: 2022-12\n    raw: 0.5个工作日\n    value: 0.5\n",
                            "  - by: 2022-12\n    raw: 1个工作日\n    value: 1\n", 1)
    assert edited.count("2022年6月\n    line: 264") == 1 and "raw: 1个工作日\n    value: 1\n" in edited
    starting.write_text(edited, encoding="utf-8")
    shutil.copytree(DATA, root / "2021" / "data")
    return checkout


def run_doc_command(step: str, cwd: Path, env: dict[str, str]):
    """(exit code, standard output, standard error) of one command, run where the page has got to."""
    import os
    import subprocess

    words = shlex.split(step)
    if words[0] == "bizenv":
        from typer.testing import CliRunner

        here = Path.cwd()
        os.chdir(cwd)
        try:
            result = invoke(CliRunner(env={**CLI_ENV, "BIZENV_DATA": None, **env}), *words[1:])
        finally:
            os.chdir(here)
        return result.exit_code, result.stdout, result.stderr
    if words[0] in SETUP_PROGRAMS:
        wrong = _setup_step(words)
        return (0, "", "") if wrong is None else (2, "", wrong)
    outside = [word for word in words[1:] if word.startswith(("/", "~", ".."))]
    if outside:
        # A page's commands work in the checkout a reader is in, never elsewhere on the machine.
        return 2, "", f"names a place outside the checkout: {' '.join(outside)}"
    completed = subprocess.run(step, shell=True, cwd=cwd, capture_output=True, text=True,
                               env={**os.environ, **CLI_ENV, **env})
    return completed.returncode, completed.stdout, completed.stderr


@pytest.mark.parametrize("document", documents_with_commands(), ids=lambda path: str(path.relative_to(REPO)))
def test_every_command_the_docs_show_runs_and_prints_what_they_show(document, tmp_path, _private_cache,
                                                                     _store_of_the_shipped_data):
    cwd = checkout_copy(tmp_path)
    # The run's cache holds a store of the shipped data for the checkout's data folder, as a reader's
    # cache holds one for a folder they have queried before: a page's first query checks the files
    # against it instead of parsing them all.
    place_store(_store_of_the_shipped_data, _private_cache, cwd / "data")
    env: dict[str, str] = {}
    wrong = []
    for command in doc_commands(document):
        steps = [step.strip() for step in command.command.split(" && ")]
        for index, step in enumerate(steps):
            words = shlex.split(step)
            if words[0] == "cd":
                cwd = (cwd / words[1]).resolve()
                continue
            if words[0] == "export":
                name, _, value = words[1].partition("=")
                env[name] = value
                continue
            expected = command.exit_code if index == len(steps) - 1 else 0
            code, stdout, stderr = run_doc_command(step, cwd, env)
            where = f"{document.name}:{command.line} {step}"
            if code != expected:
                wrong.append(f"{where}: exit {code}, not {expected}: {stderr.strip()[:300]}")
            elif command.shown is not None and stdout != command.shown:
                wrong.append(f"{where}: printed\n{stdout}\nnot what the page shows\n{command.shown}")
    assert not wrong, "\n".join(wrong)


# --- the Python the docs show runs too ------------------------------------------------------------------

def python_blocks(document: Path) -> list[tuple[int, str]]:
    """A page's ```python blocks, each with the line its fence opens on."""
    blocks: list[tuple[int, str]] = []
    opened, code = None, []
    for number, line in enumerate(document.read_text(encoding="utf-8").splitlines(), 1):
        if FENCE.match(line):
            if opened is None and line.strip().lstrip("`~").strip() in ("python", "py"):
                opened, code = number, []
            elif opened is not None:
                blocks.append((opened, "\n".join(code) + "\n"))
                opened = None
        elif opened is not None:
            code.append(line)
    return blocks


def test_the_readme_shows_the_library():
    assert any("import bizenv_cli" in code for _, code in python_blocks(README))


@pytest.mark.parametrize("document", [path for path in markdown_files() if python_blocks(path)],
                         ids=lambda path: str(path.relative_to(REPO)))
def test_every_python_example_the_docs_show_runs(document, tmp_path, _private_cache, _store_of_the_shipped_data):
    # In a checkout, as the commands' pages run: the library finds ./data as bizenv does.
    import os
    import subprocess
    import sys

    cwd = checkout_copy(tmp_path)
    place_store(_store_of_the_shipped_data, _private_cache, cwd / "data")
    environment = {name: value for name, value in os.environ.items() if name != "BIZENV_DATA"}
    for line, code in python_blocks(document):
        ran = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=300,
                             env={**environment, **CLI_ENV})
        assert ran.returncode == 0, f"{document.name}:{line}: {ran.stderr}"
