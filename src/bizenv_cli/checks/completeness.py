"""The package is whole: one plan file for each document of the source, no file in plans/ that no
check reads, and no source line that no plan owns (docs/validation.md, "Complete").

A check of single files cannot see a file that is not there: `git rm data/plans/09-….yaml` left
every remaining file valid. So these run on the whole data folder only, after every plan is read.
"""

from __future__ import annotations

import re
from pathlib import Path

from bizenv_cli.checks.audit import STRUCTURE_WORDS, owned_lines
from bizenv_cli.files.datadir import walk_data_folder
from bizenv_cli.files.problems import Problem
from bizenv_cli.files.sourcetext import SourceText
from bizenv_cli.model.textfold import squeeze

# NN-slug.yaml: the document's number, then the plan's slug. Only this name is read as a plan.
PLAN_FILE_NAME = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml$")


def package_problems(data_dir, source: SourceText, plan_paths: list[Path], documents_read: dict[int, str],
                     plans: list[dict]) -> list[Problem]:
    """Findings on the data folder as a whole. `plan_paths`: the plan files validate read;
    `documents_read`: document number -> the file (as displayed) of each plan whose shape the
    schema passed; `plans`: those plans' documents."""
    problems = _stray_files(data_dir, set(documents_read.values()))
    problems += _missing_documents(data_dir, source, plan_paths, documents_read)
    if len(plans) == len(plan_paths):
        # A plan that could not be read may own lines elsewhere (document 4's glossary closes the
        # source): its own finding comes first, as a catch-all would only say it again.
        problems += _unowned_lines(data_dir, source, documents_read, plans)
    return problems


def _stray_files(data_dir, named_plans: set[str]) -> list[Problem]:
    """Every file in plans/ that is not read as a plan: another extension (.yml, .YAML, .json),
    another name, or a place in a subfolder (plans/archive/09-….yaml), a linked one too. Hidden files (an editor's
    swap file, .gitkeep) are not the data's."""
    problems = []
    for path in _files_below(data_dir.plans_dir):
        name = data_dir.display(path)
        if path.parent != data_dir.plans_dir:
            why = "a file in a subfolder of plans/ is not read as a plan; a plan is plans/NN-slug.yaml"
        elif not path.name.endswith(".yaml"):
            why = f"'{path.name}' is not read as a plan: a plan file is named NN-slug.yaml (lower-case .yaml)"
        elif not PLAN_FILE_NAME.match(path.name) and name not in named_plans:
            # A plan that was read says this itself, against its id and slug (validate._file_identity).
            why = f"'{path.name}' is not a plan file name: NN-slug.yaml, NN the document's number"
        else:
            continue
        problems.append(Problem(name, 1, 1, "", why, "semantics"))
    return problems


def _files_below(folder: Path) -> list[Path]:
    # Walked as the data files are (files.datadir.walk_data_folder: a linked subfolder followed, one
    # leading back to a folder it is in not), so that what is called stray is what a read would see.
    found = []
    for parent, _, files in walk_data_folder(folder):
        found.extend(Path(parent, name) for name in sorted(files) if not name.startswith("."))
    return found


def _missing_documents(data_dir, source: SourceText, plan_paths: list[Path],
                       documents_read: dict[int, str]) -> list[Problem]:
    """A document of the source with no plan file. A plan file that could not be read (its own
    finding says why) still stands for the document its name gives."""
    claimed = set(documents_read)
    for path in plan_paths:
        match = PLAN_FILE_NAME.match(Path(path).name)
        if match:
            claimed.add(int(match.group(1)))
    source_name = data_dir.display(source.path)
    folder = data_dir.display(data_dir.plans_dir)
    return [Problem(source_name, span.first_line, 1, "",
                    f"document {number} ({_heading(source, span.first_line)}) has no plan file in {folder}/",
                    "semantics")
            for number, span in sorted(source.documents.items()) if number not in claimed]


def _heading(source: SourceText, line: int) -> str:
    """How the source heads a document: 附件9, or the overall plan's title line."""
    text = source.line(line).strip()
    return text if len(text) <= 30 else text[:30] + "…"


def unowned_lines(source: SourceText, plans: list[dict]) -> list[int]:
    """The source lines that hold content and that no plan owns (its span, or a footnote it
    places elsewhere). Blank lines and lines of structure words alone (a bare 责任单位：) hold none,
    as the coverage audit counts them."""
    owned: set[int] = set()
    for doc in plans:
        for first, last in owned_lines(doc):
            owned.update(range(first, last + 1))
    return [number for number in range(1, len(source.lines) + 1)
            if number not in owned and _holds_content(source.line(number))]


def _holds_content(line: str) -> bool:
    text = squeeze(line)
    for word in STRUCTURE_WORDS:
        text = text.replace(squeeze(word), "")
    return bool(text)


def _unowned_lines(data_dir, source: SourceText, documents_read: dict[int, str], plans: list[dict]) -> list[Problem]:
    """One finding per document whose plan stops short of it: lines a plan's `source` range leaves
    out are content no check reads. Documents without a readable plan have their own finding."""
    by_document: dict[int, list[int]] = {}
    spans = sorted(source.documents.values(), key=lambda span: span.first_line)
    for number in unowned_lines(source, plans):
        span = next((span for span in spans if span.first_line <= number <= span.last_line), None)
        if span is not None and span.number in documents_read:
            by_document.setdefault(span.number, []).append(number)
    problems = []
    ranges = {doc.get("document"): doc.get("source") or {} for doc in plans}
    for document, numbers in sorted(by_document.items()):
        claimed = ranges.get(document, {})
        problems.append(Problem(
            data_dir.display(source.path), numbers[0], 1, "",
            f"{len(numbers)} source line(s) of document {document} are owned by no plan: {_runs(numbers)}; "
            f"{documents_read[document]} holds lines {claimed.get('first_line')}–{claimed.get('last_line')} "
            f"(line {numbers[0]}: {_clip(source.line(numbers[0]))})", "audit"))
    return problems


def _runs(numbers: list[int]) -> str:
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    shown = ", ".join(str(first) if first == last else f"{first}–{last}" for first, last in runs[:5])
    return shown + (f" and {len(runs) - 5} more runs" if len(runs) > 5 else "")


# The characters of a source line quoted in a finding; the rest is on that line of the text.
QUOTED_LINE = 30


def _clip(text: str) -> str:
    text = text.strip()
    return repr(text if len(text) <= QUOTED_LINE else text[:QUOTED_LINE] + "…")
