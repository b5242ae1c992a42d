"""The source text of a plan package: its lines, its documents, and its assignment blocks.

This is what the data is audited against, so it reads the source directly and never the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from bizenv_cli.model.figures import chinese_number
from bizenv_cli.model.line_words import ROLE_LABELS
from bizenv_cli.model.textfold import squeeze

# A line that is an annex mark and nothing else: 附件2, and as other packages print it, 附件 2 (a
# space) or 附件二 (Chinese numerals). A line that says more (附件1：…, prose naming an annex) is none.
_ANNEX_LINE = re.compile(r"^附件\s*(\d+|[一二三四五六七八九十]+)$")
# An assignment line starts a line, after spaces: any character Python reads as whitespace (what
# squeeze() removes) but a tab. That is the ASCII space, the full-width one (U+3000) a page's
# paragraphs are indented with, the no-break space (U+00A0, a page's &nbsp;) and the other Unicode
# spaces (U+2002 … U+200A, U+202F), which NFKC reads as a space too. Tab-indented lines are table
# cells (e.g. a 时间节点 column). Other packages of the kind print the deadline as 完成时限：,
# 完成时间： or 时限：, the bodies as 责任部门：, 主责单位： or 承办单位：. None of these bodies' keys
# states a lead or a support, as 牵头单位： and 配合单位： do: their bodies are read as 责任单位：'s are.
# A key opens its line (its indent aside), so 时限： is never read inside 完成时限： or 办理时限：.
_INDENT = r"[^\S\t]*"
DEADLINE_KEYS = ("时间节点", "完成时限", "完成时间", "时限")
RESPONSIBILITY_KEYS = ("责任单位", "责任部门", "主责单位", "承办单位")
ASSIGNMENT_KEYS = (*DEADLINE_KEYS, *RESPONSIBILITY_KEYS)
_ASSIGNMENT_LINE = re.compile(rf"^{_INDENT}({'|'.join(ASSIGNMENT_KEYS)}){_INDENT}[：:](.*)$")
# Or role labels open a line of their own, as they do inside a bracket (牵头单位：市税务局；配合单位：
# 市财政局): the whole line is the responsibility, its labels included, which the reader reads.
_LABELLED_LINE = re.compile(rf"^{_INDENT}(({'|'.join(sorted(ROLE_LABELS, key=len, reverse=True))}).*)$")
# Or the responsibility closes the item in brackets, with role words or labels inside:
# …。（市税务局牵头，市财政局配合） or （牵头单位：市税务局；协办单位：市财政局）. The bracket
# holds no sentence (no 。) and is the last thing on its line (a 。 after it aside).
_CLOSING_RESPONSIBILITY = re.compile(r"[（(]([^（()）。]*(?:[（(][^（()）。]*[）)][^（()）。]*)*)[）)]\s*。?\s*$")
# A person answering for the item (责任人：张明, or a leader, 责任领导：李华), which other packages
# print among the assignment lines: no body, and no field of the data holds a person, so the line is
# the measure's text.
PERSON_KEYS = ("责任人", "责任领导")
_PERSON_LINE = re.compile(rf"^{_INDENT}({'|'.join(PERSON_KEYS)}){_INDENT}[：:]")
_RESPONSIBILITY_MARK = re.compile(r"牵头|配合|负责|(?:牵头|协办|配合|责任)单位\s*[：:]")


@dataclass(frozen=True)
class AssignmentBlock:
    """One 时间节点 line and/or one 责任单位 line with only blank lines between them (in other
    packages' layouts also the lines of role labels that add to the responsibility, and 责任人 lines)."""

    document: int
    line: int
    deadline_raw: str | None = None
    deadline_line: int | None = None
    responsible_raw: str | None = None
    responsible_line: int | None = None
    # The responsibility is printed in brackets closing the item's own line, not on a line of its own.
    responsible_inline: bool = False
    # The lines the responsibility is printed on when they are lines of its own: one, or several when
    # role labels add to it (牵头单位：… then 配合单位：…, the block's deadline line between them or
    # not): `responsible_raw` holds them all, joined by line breaks. Empty for a closing bracket.
    responsible_lines: tuple[int, ...] = ()
    # The 责任人：… lines printed among the block's assignment lines or after them: a person, whom no
    # field of the data holds and who is never a body. They are part of the measure's text, as printed.
    person_lines: tuple[int, ...] = ()

    @property
    def last_line(self) -> int:
        """The block's last line: its measure's text ends before the line after it."""
        return max(line for line in (self.deadline_line, self.responsible_line, *self.responsible_lines,
                                     *self.person_lines) if line)

    @property
    def assignment_lines(self) -> frozenset[int]:
        """The lines that print the block's deadline and responsibility and nothing else: what the
        measure's text leaves out of the block (a closing bracket is part of its item's line)."""
        return frozenset(line for line in (self.deadline_line, *self.responsible_lines) if line)


@dataclass(frozen=True)
class DocumentSpan:
    number: int
    first_line: int
    last_line: int


class SourceText:
    def __init__(self, path: Path, name: str | None = None):
        from bizenv_cli.files.datadir import read_data_file
        from bizenv_cli.files.problems import DataError, Problem

        self.path = Path(path)
        name = name or str(path)
        self.raw = read_data_file(self.path, name)
        try:
            self.text = self.raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = self.raw.count(b"\n", 0, error.start) + 1
            raise DataError(Problem(name, line, 1, "", "the source text is not UTF-8", "audit")) from None
        self.lines = self.text.split("\n")

    @cached_property
    def sha256(self) -> str:
        # Imported here: the query commands use squeeze() and need not pay hashlib's start-up.
        import hashlib

        return hashlib.sha256(self.raw).hexdigest()

    @cached_property
    def squeezed(self) -> str:
        return squeeze(self.text)

    @cached_property
    def squeezed_line_starts(self) -> list[int]:
        """Where each line starts in `squeezed` (index 0 for line 1; one more entry for the end)."""
        starts = [0]
        for line in self.lines:
            starts.append(starts[-1] + len(squeeze(line)))
        return starts

    def contains(self, value: str) -> bool:
        return squeeze(value) in self.squeezed

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    @cached_property
    def documents(self) -> dict[int, DocumentSpan]:
        """Document 1 from line 1, document N from its 附件N line, each to the line before the next.

        A package whose annexes are numbered from 附件1 has its overall plan as document 1 too, so
        there every annex is one document further on: 附件1 starts document 2. A text that opens
        with its 附件N line has no document 1 (no line is left for it)."""
        annexes = [(number, index + 1) for index, line in enumerate(self.lines)
                   if (number := annex_number(line)) is not None]
        shift = 1 if any(number == 1 for number, _ in annexes) else 0
        starts = [(1, 1)] + [(number + shift, line) for number, line in annexes]
        spans = {}
        for position, (number, first) in enumerate(starts):
            last = starts[position + 1][1] - 1 if position + 1 < len(starts) else len(self.lines)
            if last >= first:
                spans[number] = DocumentSpan(number, first, last)
        return spans

    def blocks(self, document: int) -> list[AssignmentBlock]:
        span = self.documents[document]
        blocks: list[AssignmentBlock] = []
        current: dict | None = None
        previous = None  # the last assignment line read
        for number in range(span.first_line, span.last_line + 1):
            text = self.lines[number - 1]
            # An assignment line, or a line of role labels, is a line of its own; a bracket closing
            # an item is printed on the item's line.
            inline, labelled = False, None
            if match := _ASSIGNMENT_LINE.match(text):
                key, raw = match.group(1), match.group(2).strip()
                field = "deadline" if key in DEADLINE_KEYS else "responsible"
            elif labelled := _LABELLED_LINE.match(text):
                field, raw = "responsible", labelled.group(1).strip()
                if current is not None and _adds_to(current, ROLE_LABELS[labelled.group(2)], previous):
                    # 配合单位：… under 牵头单位：…: one responsibility, its labels on lines of their own.
                    current["responsible_raw"] += "\n" + raw
                    current["responsible_lines"] += (number,)
                    current["labelled_through"] = previous = number
                    continue
            elif _PERSON_LINE.match(text):
                # 责任人：… (责任领导：…) under the block's lines: still the block's (the lines after it may be too),
                # not the next item's text. Above the block it is the item's text, as any line is; a
                # bracket it closes with (责任人：张明（局长负责）) names no body either.
                if current is not None:
                    current["person_lines"] = current.get("person_lines", ()) + (number,)
                continue
            elif (closing := closing_responsibility(text)) is not None:
                field, raw, inline = "responsible", closing, True
            else:
                if text.strip():
                    current = None
                continue
            previous = number
            # A bracket closing an item's text starts that item's block; on a line of its own it
            # joins the block above, as an assignment line does.
            closes_text = inline and text.lstrip()[:1] not in "（("
            if current is None or f"{field}_raw" in current or closes_text:
                current = {"document": document, "line": number}
                blocks.append(current)
            current[f"{field}_raw"] = raw
            current[f"{field}_line"] = number
            if inline:
                current["responsible_inline"] = True
            elif field == "responsible":
                current["responsible_lines"] = (number,)
            if labelled:
                current["labelled_through"] = number
        return [AssignmentBlock(**{key: value for key, value in block.items() if key != "labelled_through"})
                for block in blocks]


def _adds_to(block: dict, role: str, previous: int | None) -> bool:
    """Whether a line of role labels, whose first label gives `role`, adds to the responsibility of
    the block being read rather than starting a block of its own (which would have no text).

    It adds when the block's responsibility is printed on lines of its own, and either the line is
    right under one of its label lines (blank lines aside: 牵头单位：… then 配合单位：…), or it names
    supporting bodies (配合单位：, 协办单位：) right under its 责任单位： line or under the block's
    deadline line printed after it (牵头单位：… / 完成时限：… / 配合单位：…). A lead there (牵头单位：…
    after 完成时限：…) may as well be the next item's, printed without its text: a block of its own,
    which bizenv import lists for review."""
    lines = block.get("responsible_lines")
    if not lines:
        return False
    if block.get("labelled_through") == previous:
        return True
    return role == "support" and previous in (lines[-1], block.get("deadline_line"))


def reads_as_indent(character: str) -> bool:
    """Whether the block reader reads `character` before an assignment line's key as its indent
    (_INDENT): whitespace, but a tab."""
    return character.isspace() and character != "\t"


def annex_number(line: str) -> int | None:
    """The number of the annex a line marks (附件2, 附件 2, 附件二, 附件２ → 2), or None when the line is
    no annex mark. Full-width digits read as digits."""
    found = _ANNEX_LINE.match(line.strip())
    if found is None:
        return None
    printed = found.group(1)
    return int(printed) if printed.isdigit() else chinese_number(printed)


def closing_responsibility(text: str) -> str | None:
    """The responsibility in brackets that closes a line of text, or None: the bracket's content
    when it names a role (牵头, 配合, 负责, or a label such as 牵头单位：). Table cells (tab-indented)
    never close an item."""
    if text.startswith("\t"):
        return None
    found = _CLOSING_RESPONSIBILITY.search(text)
    if found is None or not _RESPONSIBILITY_MARK.search(found.group(1)):
        return None
    return found.group(1).strip()
