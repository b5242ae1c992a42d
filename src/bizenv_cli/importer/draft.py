"""One document of the source text drafted as a plan (schemas/plan.schema.json).

The document is walked line by line, and every non-blank line lands in exactly one value:
- the 附件N line and the title lines → `annex`, `title`;
- a heading → a section (一、 and the unnumbered ones at the top; a （一） that governs several
  assignment blocks → a sub-section, one block → that measure's label and title);
- an assignment block (files/sourcetext.py, the blocks the audit checks) → a measure whose text is
  every line since the previous block, its deadline read by model/deadlines.py and its bodies by
  model/responsibility.py against the draft's registry;
- a table (importer/tables.py) → a table, its rows indicators when it is an indicator table;
- anything else → a paragraph of the section it is printed in.
What the walk could not read as the format means it (a table that does not split into rows, text
after the last measure of a section, a deadline the parser refuses) stays where it was read, with a
note that starts with `needs-review`, and is listed in `reviews`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bizenv_cli.files.sourcetext import (ASSIGNMENT_KEYS, PERSON_KEYS, AssignmentBlock, SourceText, annex_number,
                                         reads_as_indent)
from bizenv_cli.files.tags import PLAN_TAG
from bizenv_cli.importer import headings
from bizenv_cli.importer.bodies import NO_BODY, DraftRegistry, ends_like_a_body, is_punctuation
from bizenv_cli.importer.tables import (BASELINE, COMPLETION, FRONTIER, LEAD, NAME, RESPONSIBLE, TARGET,
                                        Table, column_month, column_role, completion_month, is_indicator_table,
                                        name_and_unit, one_number, read_table, unit_of, value_of)
from bizenv_cli.model.changes import change_in
from bizenv_cli.model.deadlines import DeadlineError, parse_deadline
from bizenv_cli.model.line_words import ROLE_LABELS
from bizenv_cli.model.textfold import squeeze

REVIEW = "needs-review"
# The extraction leaves U+FFFD where a footnote's mark was; the note it starts belongs to the document
# whose text carries the mark, which the text alone does not say.
_FOOTNOTE_MARK = "\ufffd"
_FOOTNOTE_WHY = "a footnote (its mark is lost): kept as a paragraph where it is printed; move it to its document"
# A line that opens as other packages' assignment lines do (参与单位：…, 截止时间：…) but that the block
# reader (files/sourcetext.py) does not read as one: its bodies and deadline reach no measure, so the
# line is kept as text and listed for review. A 责任人：… or 责任领导：… line names a person, never a
# body: kept in the text it lands in (the block reader gives its measure one printed among its lines)
# and listed. One whose key the block reader knows (责任单位：, 牵头单位：) is unread only when a tab
# stands in its indent (a tab starts a table cell, but one after a space does not): the reason names
# the indent.
_UNREAD_ASSIGNMENT = re.compile(
    r"^(\s*)((?:牵头|协办|配合|责任|主责|承办|参与)(?:单位|部门|领导)|责任人|完成(?:时间|期限|时限)|时限"
    r"|截止(?:时间|日期)|时间节点)\s*[：:]")
_READ_LABELS = tuple(dict.fromkeys(label.rstrip("：:") for label in ROLE_LABELS))
_READ_KEYS = (*ASSIGNMENT_KEYS, *_READ_LABELS)
# The keys an unread line is told the reader knows, as files/sourcetext.py and the role labels have them.
_READ_LINES = (", ".join(f"{key}：" for key in ASSIGNMENT_KEYS) + ", the role labels "
               + ", ".join(f"{label}：" for label in _READ_LABELS if label not in ASSIGNMENT_KEYS))
# A line that marks an annex as 附件N does, but in a form the document reader (files/sourcetext.py)
# does not split at (附件1：, 附件一、, 附 件 2): the annex is drafted as more of the document before it.
_UNSPLIT_ANNEX = re.compile(r"^\s*附\s*件\s*(?:\d+|[一二三四五六七八九十]+)\s*[：:.．、]?\s*$")


def _unread_why(text: str) -> str | None:
    """Why a line that is in no block still looks like an assignment line or an annex mark, or None
    when it looks like neither."""
    if _UNSPLIT_ANNEX.match(text) and annex_number(text) is None:
        return (f"{text.strip()} is no annex mark the importer reads (only 附件 and a number, in digits or "
                f"Chinese numerals, nothing else on the line, starts a document): what follows is drafted as "
                f"more of this document")
    found = _UNREAD_ASSIGNMENT.match(text)
    if found is None:
        return None
    indent, key = found.groups()
    if key in PERSON_KEYS:
        return (f"{key}： names a person, not a body: the line is kept as printed, in the text it lands in "
                f"(the measure's, when it is printed among or after its assignment lines), and no body is read "
                f"from it; the data has no field for a person")
    if key in _READ_KEYS:
        printed = "、".join(sorted({f"U+{ord(character):04X}" for character in indent if not reads_as_indent(character)}))
        return (f"{key}： is indented with {printed}, and an assignment line is read only at the line's start "
                f"or after spaces (any but a tab, U+0009, which starts a table cell): its bodies or deadline are "
                f"in no measure")
    return (f"{key}： is no assignment line the importer reads ({_READ_LINES}, or a bracket naming roles): its "
            f"bodies or deadline are in no measure")


@dataclass(frozen=True)
class Review:
    """A source line the importer kept without reading it fully, and why."""

    line: int
    why: str


@dataclass
class PlanDraft:
    document: int
    plan: dict
    reviews: list[Review] = field(default_factory=list)


def draft_plan(source: SourceText, document: int, *, source_file: str, package: str, jurisdiction: str,
               year: int, year_stated: bool, bodies: DraftRegistry) -> PlanDraft:
    """`year_stated`: whether the package states its year for certain (its first title names it);
    when it does not, a deadline that names no year (6月底前) is given no milestone."""
    walk = _DocumentWalk(source, document, year, year_stated, bodies)
    walk.run()
    span = source.documents[document]
    plan_id = f"{document:02d}"
    plan = {
        "format": PLAN_TAG,
        "jurisdiction": jurisdiction,
        "year": year,
        "package": package,
        "document": document,
        "id": plan_id,
        "slug": slug_of(walk.annex),
        "annex": walk.annex,
        "title": walk.title,
        "title_en": "",
        "indicator_area": None,
        "source": {"file": source_file, "first_line": span.first_line, "last_line": span.last_line},
        "sections": walk.sections,
        "measures": walk.measures,
        "indicators": walk.indicators,
        "tables": walk.tables,
        "note": f"{REVIEW}: drafted by `bizenv import`; title_en, indicator_area, the English glosses and each "
                "indicator's direction are left for a reviewer, and the slug is drafted from the annex number.",
    }
    _number(plan, plan_id)
    return PlanDraft(document, plan, walk.reviews)


def slug_of(annex: str | None) -> str:
    """overall-plan, or annex-N after the 附件N line (files/sourcetext.annex_number reads it). N is
    written in ASCII digits, as a slug must be, however the line prints it (附件１, 附件 1, 附件一 →
    annex-1)."""
    return "overall-plan" if annex is None else f"annex-{annex_number(annex)}"


def _number(plan: dict, plan_id: str) -> None:
    """Ids and seqs in source order, now that every item is known."""
    for index, section in enumerate(plan["sections"], 1):
        section["id"] = f"{plan_id}.s{index}"
    by_key = {section["_key"]: section["id"] for section in plan["sections"]}
    for section in plan["sections"]:
        section["parent"] = by_key.get(section["parent"])
        del section["_key"]
    for index, measure in enumerate(plan["measures"], 1):
        measure.update(id=f"{plan_id}.{index:02d}", seq=index, section=by_key[measure["section"]])
    for index, table in enumerate(plan["tables"], 1):
        table["section"] = by_key[table["section"]]
        old, table["id"] = table["id"], f"{plan_id}.t{index}"
        for indicator in plan["indicators"]:
            if indicator["table"] == old:
                indicator["table"] = table["id"]
    for index, indicator in enumerate(plan["indicators"], 1):
        indicator.update(id=f"{plan_id}.i{index}", seq=index, section=by_key[indicator["section"]])
    plan["sections"] = [_ordered(section, _SECTION_KEYS) for section in plan["sections"]]
    plan["measures"] = [_ordered(measure, _MEASURE_KEYS) for measure in plan["measures"]]
    plan["indicators"] = [_ordered(indicator, _INDICATOR_KEYS) for indicator in plan["indicators"]]


# Each item's keys in the schema's order, as data/plans writes them.
_SECTION_KEYS = ("id", "kind", "heading", "heading_en", "parent", "line", "paragraphs", "note")
_MEASURE_KEYS = ("id", "seq", "section", "line", "label", "title", "title_en", "text", "deadline", "responsible", "note")
_INDICATOR_KEYS = ("id", "seq", "origin", "section", "table", "line", "name", "name_en", "cells", "unit", "direction",
                   "direction_why", "baseline", "targets", "frontier", "completion", "responsible", "lead", "note")


def _ordered(item: dict, keys: tuple[str, ...]) -> dict:
    return {key: item[key] for key in keys if key in item}


def head_of(source: SourceText, document: int) -> tuple[str | None, list[tuple[int, str]], int]:
    """A document's 附件N line (None for the overall plan), its title lines (line, text), up to the
    one that ends a title (…方案), and the first line after them: the plan's title, which the
    package's year and jurisdiction are read from too."""
    span = source.documents[document]
    number, annex = span.first_line, None
    if annex_number(source.line(number)) is not None:
        annex = source.line(number).strip()
        number += 1
    lines: list[tuple[int, str]] = []
    while number <= span.last_line and len(lines) < 4:
        text = source.line(number)
        if not text.strip():
            number += 1
            continue
        if not headings.looks_like_title(text) or headings.is_top_heading(text) or (
                lines and headings.ends_a_title("".join(printed for _, printed in lines))):
            break
        lines.append((number, text.strip()))
        number += 1
    return annex, lines, number


class _DocumentWalk:
    def __init__(self, source: SourceText, document: int, year: int, year_stated: bool, bodies: DraftRegistry):
        self.source = source
        self.document = document
        self.year = year
        self.year_stated = year_stated
        self.bodies = bodies
        span = source.documents[document]
        self.first, self.last = span.first_line, span.last_line
        self.blocks = source.blocks(document)
        self.annex: str | None = None
        self.title = ""
        self.sections: list[dict] = []
        self.measures: list[dict] = []
        self.indicators: list[dict] = []
        self.tables: list[dict] = []
        self.reviews: list[Review] = []
        self.pending: list[tuple[int, str]] = []
        # The lines that look like assignment lines or annex marks the readers do not read, and why.
        self.unread: dict[int, str] = {}
        self.top: dict | None = None
        self.sub: dict | None = None
        self.measures_seen_in_section = 0
        self.after_measures = False

    # --- the walk ---

    def run(self) -> None:
        number = self._read_head()
        assignment_lines = {}
        for block in self.blocks:
            # Role labels over several lines (block.responsible_lines) and 责任人 lines: each is the block's.
            for line in (block.deadline_line, block.responsible_line, *block.responsible_lines, *block.person_lines):
                if line:
                    assignment_lines[line] = block
        block_ends = {block.last_line: block for block in self.blocks}
        heading_lines = self._heading_lines(number)
        tables = self._table_regions(number)
        while number <= self.last:
            text = self.source.line(number)
            if number in tables:
                end = tables[number]
                self._table(number, end)
                number = end + 1
                continue
            block = assignment_lines.get(number)
            if block is not None:
                if (block.responsible_inline and number == block.responsible_line) or number in block.person_lines:
                    self.pending.append((number, text))  # the measure's text holds it
                if number in block.person_lines:
                    self._unread(number, text)
                if number in block_ends:
                    self._measure(block)
            elif not text.strip():
                pass
            elif heading_lines.get(number) == "top":
                self._flush_paragraphs()
                self._open_section(number, text, top=True)
            elif heading_lines.get(number) == "sub":
                self._flush_paragraphs()
                self._open_section(number, text, top=False)
            elif heading_lines.get(number) == "item" and self.sub is not None:
                # （二）… over one block after a （一）… section: the sub-section ends, the item opens
                # a measure of the enclosing section.
                self._flush_paragraphs()
                self.sub = None
                self.pending.append((number, text))
            else:
                self.pending.append((number, text))
                self._unread(number, text)
            number += 1
        self._flush_paragraphs()

    def _unread(self, number: int, text: str) -> None:
        """Lists a line that looks like an assignment line or an annex mark the readers do not read."""
        if why := _unread_why(text):
            self.unread[number] = why
            self.reviews.append(Review(number, why))

    def _read_head(self) -> int:
        """The 附件N line and the title lines; the first line after them."""
        self.annex, printed, number = head_of(self.source, self.document)
        title_lines = [text for _, text in printed]
        if not title_lines:  # the schema needs a title: the first line is kept as one, for review
            while number <= self.last and not self.source.line(number).strip():
                number += 1
            if number > self.last:
                # The document prints no line after its 附件N line (an empty text is refused before
                # it is drafted): that line is the only text it has to be titled with.
                self.title = self.annex or ""
                self.reviews.append(Review(self.first, "no title line: the document prints nothing after its 附件N "
                                                       "line, which is taken as the title" if self.annex else
                                                       "no title line: the document prints no line; title left empty"))
                return number
            title_lines = [self.source.line(number).strip()]
            self.reviews.append(Review(number, "no title line: the first line is taken as the title"))
            number += 1
        self.title = "".join(title_lines)
        return number

    def _heading_lines(self, start: int) -> dict[int, str]:
        """Which lines are headings: "top" (一、 and the unnumbered ones), "sub" for a sub-heading that
        governs several blocks, "item" for one that governs one block (it opens that measure) or
        none (it opens a paragraph)."""
        found: dict[int, str] = {}
        for number in range(start, self.last + 1):
            text = self.source.line(number)
            if text.startswith("\t"):
                continue
            if headings.is_top_heading(text):
                found[number] = "top"
            elif headings.is_sub_heading(text):
                found[number] = "sub?"
        marks = sorted(found)
        block_lines = [block.line for block in self.blocks]
        for position, number in enumerate(marks):
            if found[number] != "sub?":
                continue
            end = marks[position + 1] if position + 1 < len(marks) else self.last + 1
            governed = sum(1 for line in block_lines if number < line < end)
            found[number] = "sub" if governed >= 2 else "item"
        return found

    def _table_regions(self, start: int) -> dict[int, int]:
        """First line → last line of each run of tab-indented lines, with the lines that go on a
        cell printed over several lines (short, at most one blank line after the previous one)."""
        regions: dict[int, int] = {}
        number = start
        while number <= self.last:
            if not self.source.line(number).startswith("\t"):
                number += 1
                continue
            first = last = number
            blanks = 0
            number += 1
            while number <= self.last:
                text = self.source.line(number)
                if text.startswith("\t"):
                    last, blanks = number, 0
                elif not text.strip():
                    blanks += 1
                elif blanks <= 1 and len(squeeze(text)) <= 20 and not headings.TOP_HEADING.match(text.strip()) \
                        and not headings.is_sub_heading(text) and not headings.label_of(text):
                    last, blanks = number, 0
                else:
                    break
                number += 1
            regions[first] = last
            number = last + 1
        return regions

    # --- sections and paragraphs ---

    def _current_section(self) -> dict:
        if self.sub is not None:
            return self.sub
        if self.top is None:
            self.top = self._new_section("preamble", None, None, self.pending[0][0] if self.pending else self.first)
        return self.top

    def _new_section(self, kind: str, heading: str | None, parent: dict | None, line: int) -> dict:
        section = {"_key": len(self.sections), "kind": kind, "heading": heading, "heading_en": None,
                   "parent": parent["_key"] if parent else None, "line": line, "paragraphs": []}
        self.sections.append(section)
        self.measures_seen_in_section = 0
        return section

    def _open_section(self, number: int, text: str, top: bool) -> None:
        heading = text.strip()
        if top:
            kind = headings.kind_of_heading(heading, self.after_measures)
            self.top = self._new_section(kind, heading, None, number)
            self.sub = None
        else:
            parent = self.top if self.top is not None else self._current_section()
            self.sub = self._new_section("measures", heading, parent, number)
            if parent["kind"] not in ("measures", "preamble"):
                self.sub["kind"] = parent["kind"]

    def _flush_paragraphs(self, why: str | None = None, listed_once: str | None = None) -> None:
        """The pending lines as paragraphs of the current section; with `why`, each for review
        (listed once, as `listed_once` says, when they are one thing such as a table)."""
        if not self.pending:
            return
        section = self._current_section()
        if why is None and self.measures_seen_in_section:
            why = "text after the last measure of its section, kept as a paragraph"
        lines, self.pending = self.pending, []
        if listed_once:
            self.reviews.append(Review(lines[0][0], listed_once))
        for line, text in _joined_labels(lines):
            paragraph = {"line": line, "text": text}
            if line in self.unread and not listed_once:  # listed when read: the reason says more than `why`
                paragraph["note"] = f"{REVIEW}: {self.unread[line]}"
                section["paragraphs"].append(paragraph)
                continue
            if why is None and text.startswith(_FOOTNOTE_MARK):
                paragraph["note"] = f"{REVIEW}: {_FOOTNOTE_WHY}"
                self.reviews.append(Review(line, _FOOTNOTE_WHY))
            if why:
                paragraph["note"] = f"{REVIEW}: {why}"
                if not listed_once:
                    self.reviews.append(Review(line, why))
            section["paragraphs"].append(paragraph)

    # --- measures ---

    def _measure(self, block: AssignmentBlock) -> None:
        lines, self.pending = self.pending, []
        section = self._current_section()
        if section["kind"] in ("preamble", "other", "goals", "requirements") and section is self.top:
            section["kind"] = "measures"
        self.after_measures = True
        if not self.measures_seen_in_section:
            labelled = [index for index, (_, text) in enumerate(lines) if headings.label_of(text)]
            if labelled and labelled[0] > 0:  # an unlabelled introduction before the first item
                self.pending = lines[:labelled[0]]
                self._flush_paragraphs()
                lines = lines[labelled[0]:]
        self.measures_seen_in_section += 1
        measure: dict = {"section": section["_key"]}
        notes = []
        if not lines:
            line = block.line
            label = title = None
            text = ""
            notes.append("the assignment block has no text before it")
            self.reviews.append(Review(block.line, "an assignment block with no text before it"))
        else:
            line, first = lines[0]
            label = headings.label_of(first)
            rest = first.strip()[len(label):].strip() if label else first.strip()
            texts = ([rest] if rest else []) + [text.strip() for _, text in lines[1:]]
            text = "\n".join(texts)
            title = None
            if label and headings.is_sub_heading(first) and rest and len(lines) > 1:
                title = rest
            elif label and texts:
                title = headings.first_sentence(texts[0])
        notes += [f"line {number}: {self.unread[number]}" for number, _ in lines if number in self.unread]
        measure.update(line=line, label=label, title=title, title_en=None, text=text,
                       deadline=self._deadline(block), responsible=self._responsibility(
                           block.responsible_raw, block.responsible_line))
        if notes:
            measure["note"] = f"{REVIEW}: " + "; ".join(notes)
        self.measures.append(measure)

    def _deadline(self, block: AssignmentBlock) -> dict:
        deadline = {"raw": block.deadline_raw, "line": block.deadline_line, "milestones": [], "ongoing": False,
                    "recurrence": None}
        try:
            parsed = parse_deadline(block.deadline_raw, self.year)
        except DeadlineError as error:
            deadline["note"] = f"{REVIEW}: the deadline could not be read ({error})"
            self.reviews.append(Review(block.deadline_line or block.line, f"deadline not read: {error}"))
            return deadline
        if parsed.year_from_plan and not self.year_stated:
            # 6月底前 is the plan year's only where the package states that year; here it is a guess.
            why = (f"{block.deadline_raw} names no year, and the package does not state its year for certain "
                   f"(the first title names none; {self.year} is the year the text names most): its milestones "
                   f"are left for a reviewer")
            deadline.update(ongoing=parsed.ongoing, recurrence=parsed.recurrence, note=f"{REVIEW}: {why}")
            self.reviews.append(Review(block.deadline_line or block.line, f"deadline not dated: {why}"))
            return deadline
        deadline.update(milestones=[{"date": milestone.date.isoformat(), "label": milestone.label}
                                    for milestone in parsed.milestones],
                        ongoing=parsed.ongoing, recurrence=parsed.recurrence)
        return deadline

    def _responsibility(self, raw: str | None, line: int | None, unmarked_role: str = "responsible") -> dict:
        record = {"raw": raw, "line": line if raw is not None else None, "bodies": []}
        if raw is None:
            return record
        try:
            assignments, added = self.bodies.read(raw, unmarked_role)
        except ValueError as error:
            record["note"] = f"{REVIEW}: the bodies could not be read ({error})"
            self.reviews.append(Review(line, f"responsibility not read: {error}"))
            return record
        record["bodies"] = [{"name": a.name, "id": a.id, "role": a.role} for a in assignments]
        for name in added:
            why = f"new body {name} ({self.bodies.id_of(name)})"
            if not ends_like_a_body(name):
                why += ": its name does not end as a body's does"
            self.reviews.append(Review(line, why))
        return record

    # --- tables ---

    def _table(self, first: int, last: int) -> None:
        lines = [(number, self.source.line(number)) for number in range(first, last + 1)]
        caption = None
        if self.pending:
            number, text = self.pending[-1]
            if headings.looks_like_title(text) and ("表" in text or "指标" in text):
                caption = (number, text.strip())
                self.pending.pop()
        self._flush_paragraphs()
        table = read_table(lines)
        if table is None:
            self.pending = [(number, text) for number, text in lines if text.strip()]
            if caption:
                self.pending.insert(0, caption)
            why = "a table whose cells do not split into a header and whole rows: its lines are kept as paragraphs"
            self._flush_paragraphs(why, f"{why} (lines {first}-{last})")
            return
        section = self._current_section()
        table_id = f"t{len(self.tables) + 1}"
        record = {"id": table_id, "kind": "indicators" if is_indicator_table(table) else "other",
                  "section": section["_key"], "line": caption[0] if caption else table.first_line,
                  "caption": caption[1] if caption else None, "unit": None,
                  "columns": [cell.text for cell in table.columns]}
        if record["kind"] == "indicators":
            for row in table.rows:
                self._indicator(table, row, table_id, section)
        else:
            record["rows"] = [[cell.text for cell in row] for row in table.rows]
        self.tables.append(record)

    def _indicator(self, table: Table, row, table_id: str, section: dict) -> None:
        roles = [column_role(cell.text) for cell in table.columns]
        cells = {role: [] for role in roles}
        for role, column, cell in zip(roles, table.columns, row):
            cells[role].append((column, cell))
        name_cell = next((cell for _, cell in cells.get(NAME, []) if cell.text), None)
        name, printed_unit = name_and_unit(name_cell) if name_cell else (None, None)
        first_line = next((cell.line for cell in row if cell.text), row[0].line)
        notes = []
        if name is None:
            name = next((cell.text for cell in row if cell.text), "?")
            notes.append("the name cell is empty: the row's first printed cell is taken as its name")
            self.reviews.append(Review(first_line, "an indicator row with an empty name cell"))

        def raw(cell) -> str | None:
            return cell.text or None

        completion = None
        if cells.get(COMPLETION):
            cell = cells[COMPLETION][0][1]
            month, unread = completion_month(cell.text, self.year, self.year_stated) if cell.text else (None, None)
            completion = {"raw": raw(cell), "by": month}
            if unread:
                why = f"the completion time {cell.text} names no month the deadline reader can state ({unread})"
                notes.append(why)
                self.reviews.append(Review(cell.line, f"completion not read: {why}"))
        baseline_cell = cells[BASELINE][0][1] if cells.get(BASELINE) else None
        targets = []
        for column, cell in cells.get(TARGET, []):
            by = column_month(column.text, self.year) or (completion or {}).get("by")
            value, how = value_of(cell.text)
            target = {"by": by or f"{self.year}-12", "raw": raw(cell), "value": value}
            change = change_in(cell.text)
            if change is not None:  # 增长50%以上 is a change of the level, never the level 50
                target.update(value=change[0], change=_change_basis(cell.text, baseline_cell), change_unit=change[1])
            if by is None:
                why = (f"the column {column.text} names no month and the row no completion time; "
                       "read as the end of the plan year")
                how = f"{REVIEW}: {why}" + (f"; value: {how}" if how else "")
                self.reviews.append(Review(cell.line, f"a target due by no month the table prints: {why}"))
            if how:
                target["note"] = how
            targets.append(target)
        targets.sort(key=lambda target: target["by"])
        frontier_cell = cells[FRONTIER][0][1] if cells.get(FRONTIER) else None
        values = [baseline_cell.text if baseline_cell else None, *(target["raw"] for target in targets)]
        indicator = {
            "origin": "table", "section": section["_key"], "table": table_id, "line": first_line, "name": name,
            "name_en": None, "cells": [cell.text for cell in row], "unit": printed_unit or unit_of(name, values),
            "direction": None, "direction_why": None,
            "baseline": _value(baseline_cell),
            "targets": targets,
            "frontier": {"raw": raw(frontier_cell) if frontier_cell else None,
                         "value": one_number(frontier_cell.text) if frontier_cell else None, "where": None},
            "completion": completion,
            "responsible": self._cell_responsibility(cells.get(RESPONSIBLE), "responsible"),
            "lead": self._cell_responsibility(cells.get(LEAD), "lead"),
        }
        if notes:
            indicator["note"] = f"{REVIEW}: " + "; ".join(notes)
        self.indicators.append(indicator)

    def _cell_responsibility(self, cells, unmarked_role: str) -> dict | None:
        if not cells:
            return None
        cell = cells[0][1]
        if is_punctuation(cell.text) or squeeze(cell.text) in NO_BODY:
            return None  # —, / or 无 names no body, as an empty cell does; `cells` keeps what it prints
        return self._responsibility(cell.text, cell.line, unmarked_role)


def _change_basis(text: str, baseline_cell) -> str:
    """What a change in a table cell is from (docs/data-format.md): year on year when it says 同比,
    else the row's baseline when that cell prints a number, else unstated."""
    if "同比" in text:
        return "year-on-year"
    return "from-baseline" if baseline_cell is not None and value_of(baseline_cell.text)[0] is not None else "unstated"


def _value(cell) -> dict:
    if cell is None:
        return {"raw": None, "value": None}
    value, how = value_of(cell.text)
    record = {"raw": cell.text or None, "value": value}
    if how:
        record["note"] = how
    return record


def _joined_labels(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Paragraphs from lines: a label printed alone on its line is joined to the next line's text."""
    joined: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        line, text = lines[index]
        text = text.strip()
        if headings.is_label_only(text) and index + 1 < len(lines):
            text += lines[index + 1][1].strip()
            index += 1
        joined.append((line, text))
        index += 1
    return joined
