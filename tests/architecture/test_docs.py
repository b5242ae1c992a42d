"""The docs in the repository stay findable and true: every docs file and README heading the code
cites exists, every relative link of the README and docs/ leads to a file (and heading) of the
repository, the README stays short, the code cites no document the repository does not hold, and
what the README shows a command printing is what it prints."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from conftest import CLI_ENV, DATA, REPO, invoke

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


def readme_console_examples() -> list[tuple[str, str]]:
    """(command, the output shown under it) for each `$ bizenv …` of the README's console blocks."""
    examples, block, fenced = [], None, False
    for line in README.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            fenced = not fenced
            block = [] if fenced and line.strip() == "```console" else None
            continue
        if block is None:
            continue
        if line.startswith("$ "):
            examples.append([line[2:], []])
        elif examples:
            examples[-1][1].append(line)
    return [(command, "\n".join(output) + "\n") for command, output in examples]


def test_the_readme_shows_console_examples():
    assert len(readme_console_examples()) >= 2


@pytest.mark.parametrize("command, shown", readme_console_examples(), ids=lambda value: value.split("\n")[0])
def test_each_readme_example_prints_what_the_readme_shows(runner, command, shown):
    words = shlex.split(command)
    assert words[0] == "bizenv"
    result = invoke(runner, "--data", str(DATA), *words[1:])
    assert result.exit_code == 0, result.stderr
    assert CLI_ENV["COLUMNS"] == "100"  # the width the README's tables are shown at
    assert result.stdout == shown
