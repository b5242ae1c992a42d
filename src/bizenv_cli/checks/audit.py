"""The source audit (docs/validation.md): the data proves itself against the source text.

(a) verbatim — every value the schema marks `"$comment": "verbatim"` is found in the source, whitespace
    removed on both sides, inside the part of the source its plan owns;
(b) blocks — each plan's measures match the source's assignment blocks one for one, in order,
    raw deadline and raw responsibility equal, and each measure holds its whole block: every
    character from its first line to the block's last (whitespace, the assignment keywords and the
    block's deadline and responsibility lines aside), so a text cut short or a sentence dropped fails;
(d) lines — every `line` points at what it claims: a heading, a paragraph, a measure, a table row
    starts there; a goal's phrase is printed there; a table's cells follow one another in the
    printed order;
(e) values — every parsed number is one that its raw string prints (850 cannot come from 超过850万次
    as 8.5), and a value with no raw string is invented; a change target's value is the printed
    size with the sign its verb gives (同比压缩0.5次 → -0.5) in the unit printed after it, and a
    value stored as a level is not read from a raw string that prints a change;
(c) coverage — the share of each document's characters that the plan's values hold, and the
    source lines that are in no value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bizenv_cli.files.problems import Problem, field_path
from bizenv_cli.files.sourcetext import ASSIGNMENT_KEYS, PERSON_KEYS, SourceText
from bizenv_cli.model.changes import change_verb, printed_with_unit, verb_before, verb_sign
from bizenv_cli.model.figures import CHINESE_NUMERALS, figures_of
from bizenv_cli.model.line_words import ROLE_LABELS
from bizenv_cli.model.textfold import squeeze
from bizenv_cli.model.wording import quoted_value
from bizenv_cli.checks.verbatim import allows_null, verbatim_list
from bizenv_cli.files.yamlload import LoadedYaml

# Source characters that are structure, not content: the assignment keywords that the deadline and
# responsible keys stand for, and U+FFFD, which the extraction left where document 4's footnote
# reference marks were (its glossary at the end of the file starts each entry with one).
STRUCTURE_WORDS = (*(f"{key}{colon}" for key in ASSIGNMENT_KEYS for colon in ("：", ":")), "\ufffd")


def owned_lines(plan_doc: dict) -> list[tuple[int, int]]:
    """The source line ranges a plan owns: its span, plus footnotes printed elsewhere (document 4's
    glossary stands at the very end of the source file)."""
    source = plan_doc.get("source") or {}
    ranges = [(source.get("first_line", 1), source.get("last_line", 1))]
    for footnote in plan_doc.get("footnotes") or []:
        line = footnote.get("line")
        if isinstance(line, int) and not ranges[0][0] <= line <= ranges[0][1]:
            ranges.append((line, line))
    return ranges


def _owned_text(source: SourceText, ranges: list[tuple[int, int]]) -> str:
    return "\n".join("\n".join(source.lines[first - 1:last]) for first, last in ranges)


def audit_verbatim(loaded: LoadedYaml, schema: dict, source: SourceText, name: str,
                   values: list[tuple[tuple, str]] | None = None) -> list[Problem]:
    """Findings of check (a) for one file (a plan, or the registry, which quotes the whole source).
    `values`: verbatim_list(loaded.data, schema), when the caller has it already."""
    doc = loaded.data
    if isinstance(doc, dict) and "measures" in doc:
        haystack = squeeze(_owned_text(source, owned_lines(doc)))
        where = "in this plan's part of the source"
    else:
        haystack = source.squeezed
        where = "in the source"
    problems = []
    for path, value in verbatim_list(doc, schema) if values is None else values:
        if not printed_in(value, haystack):
            line, column = loaded.position_of(path)
            problems.append(Problem(name, line, column, field_path(path),
                                    f"not found verbatim {where}: {_preview(value)}", "audit"))
    return problems


def printed_in(value: str, haystack: str) -> bool:
    """Whether `value` is printed in `haystack` (squeezed): whole, or, for a value of several lines
    (joined by line breaks), line by line in their printed order, apart only where what stands
    between two of them opens with an assignment line, which other values hold: a responsibility's
    role label printed under its block's deadline line (牵头单位：… / 完成时限：… / 配合单位：…), a
    measure's 责任人：… line under its responsibility. Text of any other kind there (a sentence the
    value dropped) is no printing of it. The haystack is squeezed, so its line breaks are gone: what
    follows the assignment line up to the value's next line is not checked here (the coverage
    check finds a line that no value holds)."""
    if squeeze(value) in haystack:
        return True
    first, *rest = [piece for piece in map(squeeze, value.split("\n")) if piece]
    start = haystack.find(first)
    while start != -1:
        if _lines_follow(rest, haystack, start + len(first)):
            return True
        start = haystack.find(first, start + 1)
    return False


def _lines_follow(pieces: list[str], haystack: str, at: int) -> bool:
    """Whether `pieces` are printed from `at` on, one after another or apart by assignment lines."""
    for piece in pieces:
        if not haystack.startswith(piece, at):
            if not haystack.startswith(_ASSIGNMENT_OPENINGS, at):
                return False
            at = haystack.find(piece, at)
            if at == -1:
                return False
        at += len(piece)
    return True


# What an assignment line opens with, squeezed: a key (时间节点：, 责任单位：), a role label (配合单位：)
# or a person (责任人：, 责任领导：).
_ASSIGNMENT_OPENINGS = (*(f"{key}{colon}" for key in (*ASSIGNMENT_KEYS, *PERSON_KEYS) for colon in ("：", ":")),
                        *ROLE_LABELS)


def audit_empty(loaded: LoadedYaml, schema: dict, name: str, values: list[tuple[tuple, str]] | None = None,
                said: frozenset[str] = frozenset()) -> list[Problem]:
    """A field quoting the source that holds no text where its schema says nothing printed is null:
    an empty text is found verbatim in any source, so a title emptied (its measure's text still
    holds it) had passed. A cell (an item of a row) may be empty, as the source prints it, and so
    may a field that cannot be null (a jurisdiction no title prints: the importer writes ''). A field
    in `said` has a finding already (a responsibility line's `'' names no body`)."""
    return [Problem(name, *loaded.position_of(path), field_path(path),
                    f"{_preview(value)} quotes nothing of the source: write what it prints there, or null where "
                    "it prints nothing", "audit")
            for path, value in (verbatim_list(loaded.data, schema) if values is None else values)
            if not squeeze(value) and not isinstance(path[-1], int) and field_path(path) not in said
            and allows_null(schema, path)]


def audit_span(loaded: LoadedYaml, source: SourceText, name: str) -> list[Problem]:
    """The plan's `source` lines are its document's: the other checks read the source through them."""
    doc = loaded.data
    # The one source text of the data folder is what every check reads: a plan naming another had
    # passed, audited against a text it does not name.
    printed_in = f"{source.path.parent.name}/{source.path.name}"
    if doc["source"]["file"] != printed_in:
        return [Problem(name, *loaded.position_of(("source", "file")), "source.file",
                        f"is {quoted_value(doc['source']['file'])}, but the source text of this data folder is "
                        f"{quoted_value(printed_in)}", "audit")]
    number = doc["document"]
    if number not in source.documents:
        return [Problem(name, *loaded.position_of(("document",)), "document",
                        f"the source has no document {number}", "audit")]
    span = source.documents[number]
    first, last = doc["source"]["first_line"], doc["source"]["last_line"]
    if first != span.first_line:
        return [Problem(name, *loaded.position_of(("source", "first_line")), "source.first_line",
                        f"is {first}, but document {number} starts at line {span.first_line}", "audit")]
    if not first <= last <= span.last_line:
        # Document 29's glossary lines at the very end belong to document 4: a plan may end early.
        return [Problem(name, *loaded.position_of(("source", "last_line")), "source.last_line",
                        f"is {last}, but document {number} runs from line {first} to line {span.last_line}", "audit")]
    return []


def audit_blocks(loaded: LoadedYaml, source: SourceText, name: str) -> list[Problem]:
    """Findings of check (b): measures against the source's assignment blocks.

    Measures are paired with blocks by the source line each claims, not by position: one missing
    (or extra) measure is one finding that names the block, not a shift of every later pair.
    """
    doc = loaded.data
    number = doc["document"]
    if number not in source.documents:
        return [Problem(name, *loaded.position_of(("document",)), "document",
                        f"the source has no document {number}", "audit")]
    blocks = source.blocks(number)
    measures = doc.get("measures", [])
    pairs, lonely_measures, lonely_blocks = _pair_measures_with_blocks(measures, blocks)
    problems = []
    # A measure claiming a block that lost its measure elsewhere is a moved measure, not a missing one.
    unclaimed = {block.line: block for block in lonely_blocks}
    for index in list(lonely_measures):
        block = unclaimed.pop(_claimed_line(measures[index]), None)
        if block is not None:
            lonely_measures.remove(index)
            lonely_blocks.remove(block)
            pairs.append((index, block))
            path = ("measures", index)
            problems.append(Problem(name, *loaded.position_of(path), field_path(path),
                                    f"{measures[index].get('id')} is out of source order: its assignment block "
                                    f"is at line {block.line}", "audit"))
    for index, block in pairs:
        problems += _audit_pair(loaded, source, name, index, block)
    if len(measures) != len(blocks) or lonely_blocks:
        detail = (f"first block without a measure: line {lonely_blocks[0].line}" if lonely_blocks
                  else f"first measure without a block: {measures[lonely_measures[0]].get('id')}")
        if len(lonely_blocks) > 1:
            detail += f"; {_lines_list(lonely_blocks)} have none either"
        problems.append(Problem(
            name, *loaded.position_of(_where_missing(measures, lonely_blocks, lonely_measures)), "measures",
            f"{len(measures)} measures but the source's document {number} has {len(blocks)} "
            f"assignment blocks ({detail})", "audit"))
    for index in lonely_measures[:_MOST_LONELY]:
        path = ("measures", index)
        problems.append(Problem(name, *loaded.position_of(path), field_path(path),
                                f"{measures[index].get('id')} claims an assignment block at line "
                                f"{_claimed_line(measures[index])}, but the source has none there", "audit"))
    return problems


def _where_missing(measures: list, lonely_blocks: list, lonely_measures: list) -> tuple:
    """Where a reviewer should look: the measure after the first block without one (where the missing
    measure belongs), or the first measure without a block."""
    if lonely_blocks:
        line = lonely_blocks[0].line
        after = next((index for index, measure in enumerate(measures)
                      if (_claimed_line(measure) or 0) > line), None)
        return ("measures", after) if after is not None else ("measures",)
    return ("measures", lonely_measures[0]) if lonely_measures else ("measures",)


# Past a few, more findings of one kind say nothing new; GitHub shows only 10 annotations a step.
_MOST_LONELY = 3


def _lines_list(blocks) -> str:
    lines = [str(block.line) for block in blocks[1:1 + _MOST_LONELY]]
    more = len(blocks) - 1 - len(lines)
    return "blocks at lines " + ", ".join(lines) + (f" and {more} more" if more else "")


def _claimed_line(measure: dict) -> int | None:
    """The first assignment line a measure claims: where its block starts in the source."""
    lines = [(measure.get(key) or {}).get("line") for key in ("deadline", "responsible")]
    lines = [line for line in lines if isinstance(line, int)]
    return min(lines) if lines else None


def _pair_measures_with_blocks(measures: list, blocks: list):
    from difflib import SequenceMatcher

    claimed = [_claimed_line(measure) for measure in measures]
    matcher = SequenceMatcher(None, claimed, [block.line for block in blocks], autojunk=False)
    pairs, lonely_measures, lonely_blocks = [], [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        # A run of measures claiming wrong lines in place of as many blocks is compared pair by pair:
        # the findings then say what differs (a line, a raw string), not that a block is missing.
        common = min(i2 - i1, j2 - j1) if tag in ("equal", "replace") else 0
        pairs += [(i1 + offset, blocks[j1 + offset]) for offset in range(common)]
        lonely_measures += range(i1 + common, i2)
        lonely_blocks += blocks[j1 + common:j2]
    return pairs, lonely_measures, lonely_blocks


def _audit_pair(loaded: LoadedYaml, source: SourceText, name: str, index: int, block) -> list[Problem]:
    measure = loaded.data["measures"][index]
    problems = []

    def problem(path: tuple, message: str) -> None:
        problems.append(Problem(name, *loaded.position_of(path), field_path(path), message, "audit"))

    for field, raw, line in (
        ("deadline", block.deadline_raw, block.deadline_line),
        ("responsible", block.responsible_raw, block.responsible_line),
    ):
        part = measure.get(field) or {}
        stated = part.get("raw")
        if stated != raw:
            problem(("measures", index, field, "raw"),
                    f"differs from the source's assignment block at line {block.line}: "
                    f"source {_show(raw)}, data {_show(stated)}")
        elif part.get("line") != line:
            keyword = "时间节点" if field == "deadline" else "责任单位"
            where = f"its {keyword} line is {line}" if line else f"its block at line {block.line} has no {keyword} line"
            problem(("measures", index, field, "line"), f"is {_show_line(part.get('line'))}, but {where}")
    if problems:
        return problems
    start, end = measure["line"], block.last_line
    if not 1 <= start <= block.line:
        problem(("measures", index, "line"), f"is {start}, but the measure's assignment block is at line "
                                             f"{block.line}: a measure starts before its block")
        return problems
    # The block is the measure's label and text, then its assignment lines (raws already equal),
    # which the text leaves out wherever they stand in it: a role label line may follow the deadline
    # line (牵头单位：… / 完成时限：… / 配合单位：…). A responsibility in brackets closing the item's
    # line is part of the measure's text.
    held = _without_structure(squeeze((measure.get("label") or "") + measure["text"]))
    printed = _without_structure(squeeze("\n".join(
        source.lines[number - 1] for number in range(start, end + 1) if number not in block.assignment_lines)))
    first = _without_structure(squeeze(source.line(start)))
    if not first or not (held.startswith(first) or first.startswith(held)):
        return problems  # the measure's line is wrong: audit_lines says so, once
    if held != printed:
        problem(("measures", index, "text"), _first_difference(printed, held, start, end))
    return problems


def _without_structure(text: str) -> str:
    for word in STRUCTURE_WORDS:
        text = text.replace(word, "")
    return text


def _first_difference(printed: str, held: str, first: int, last: int) -> str:
    """Where a measure's values part from its source lines, shown briefly."""
    at = next((offset for offset, (a, b) in enumerate(zip(printed, held)) if a != b), min(len(printed), len(held)))
    where = f"does not hold its whole source block (lines {first}–{last})"
    if at == len(held):
        return f"{where}: the source goes on with {_preview(printed[at:], 20)}"
    if at == len(printed):
        return f"{where}: the data goes on with {_preview(held[at:], 20)}"
    return f"{where}: the source has {_preview(printed[at:], 20)} where the data has {_preview(held[at:], 20)}"


def _show_line(line) -> str:
    return "missing" if line is None else str(line)


# --- (d) lines ---

def audit_lines(loaded: LoadedYaml, source: SourceText, name: str,
                not_verbatim: frozenset[str] = frozenset()) -> list[Problem]:
    """Findings of check (d): each line number points at what it claims.

    `not_verbatim`: the fields check (a) found nowhere in the source. A claim made of one of them
    cannot be printed at any line, so its line is not judged: the value is what is wrong, and check
    (a) has said so at its own field (a word changed in a measure's text is one finding there, not a
    second one telling the transcriber to change a line number that was right).
    """
    doc = loaded.data
    printed = _LineIndex(source)
    problems = []

    def unverified(path: tuple, parts: tuple) -> bool:
        for part in parts:
            field = field_path(path + part)
            if field in not_verbatim or any(other.startswith(field + "[") for other in not_verbatim):
                return True
        return False

    def check(path: tuple, line, claim: str | None, what: str, anywhere_on_line: bool = False,
              parts: tuple = ()) -> None:
        if claim is None or not isinstance(line, int) or unverified(path, parts):
            return
        if not 1 <= line <= len(source.lines):
            problems.append(Problem(name, *loaded.position_of(path + ("line",)), field_path(path + ("line",)),
                                    f"line {line} is not in the source (it has {len(source.lines)} lines)", "audit"))
            return
        # A blank line "starts" whatever the next line starts: it never is what a line number claims.
        found = not printed.blank(line) and (
            printed.on_line(line, claim) if anywhere_on_line else printed.starts(line, claim))
        if not found:
            reads = f"it reads {_preview(source.line(line).strip(), 30)}" if not printed.blank(line) else "it is blank"
            problems.append(Problem(name, *loaded.position_of(path + ("line",)), field_path(path + ("line",)),
                                    f"line {line} does not {'print' if anywhere_on_line else 'start'} {what}: {reads}",
                                    "audit"))

    for index, section in enumerate(doc.get("sections") or []):
        check(("sections", index), section.get("line"), section.get("heading"), "this heading",
              parts=(("heading",),))
        for number, paragraph in enumerate(section.get("paragraphs") or []):
            check(("sections", index, "paragraphs", number), paragraph.get("line"), paragraph.get("text"),
                  "this paragraph", parts=(("text",),))
    for index, measure in enumerate(doc.get("measures") or []):
        # The text's first line: the lines after it may stand apart from it (a 责任人： line under the
        # block's responsibility line); check (b) holds the measure to its whole block.
        check(("measures", index), measure.get("line"),
              (measure.get("label") or "") + (measure.get("text") or "").split("\n")[0],
              "this measure", parts=(("label",), ("text",)))
    for index, indicator in enumerate(doc.get("indicators") or []):
        if indicator.get("origin") == "table":
            check(("indicators", index), indicator.get("line"), "".join(cell or "" for cell in indicator.get("cells") or []),
                  "this row (its cells in their printed order)", parts=(("cells",),))
        else:
            check(("indicators", index), indicator.get("line"), indicator.get("phrase"), "this phrase",
                  anywhere_on_line=True, parts=(("phrase",),))
        for key in ("responsible", "lead"):
            part = indicator.get(key) or {}
            check(("indicators", index, key), part.get("line"), part.get("raw"), "this cell", anywhere_on_line=True,
                  parts=(("raw",),))
    for index, table in enumerate(doc.get("tables") or []):
        problems += _audit_table(loaded, name, printed, doc, index, table, not_verbatim)
        for number, note in enumerate(table.get("notes") or []):
            check(("tables", index, "notes", number), note.get("line"), note.get("text"), "this note",
                  parts=(("text",),))
    for index, target in enumerate(doc.get("uplift_targets") or []):
        check(("uplift_targets", index), target.get("line"), target.get("raw"), "this target", anywhere_on_line=True,
              parts=(("raw",),))
    span = doc.get("source") or {}
    for index, footnote in enumerate(doc.get("footnotes") or []):
        # A footnote's line outside the plan's span (document 4's glossary) is the one place check
        # (a) looks for its text (owned_lines): a wrong line there makes a right text "not found",
        # so the line is judged whatever check (a) said, or the fault at the line is never named.
        line = footnote.get("line")
        within = isinstance(line, int) and span.get("first_line", 1) <= line <= span.get("last_line", 1)
        check(("footnotes", index), line, footnote.get("text"), "this footnote", anywhere_on_line=True,
              parts=(("text",),) if within else ())
    return problems


class _LineIndex:
    """The squeezed source with the offset at which each line starts, to ask "does this line start
    (or print) this text" without squeezing the rest of the document each time."""

    def __init__(self, source: SourceText):
        self.text = source.squeezed
        self.offsets = source.squeezed_line_starts

    def blank(self, line: int) -> bool:
        return self.offsets[line] == self.offsets[line - 1]

    def starts(self, line: int, claim: str) -> bool:
        return self.text.startswith(squeeze(claim), self.offsets[line - 1])

    def on_line(self, line: int, claim: str) -> bool:
        """The claim begins on this line (it may run on over the next)."""
        found = self.text.find(squeeze(claim), self.offsets[line - 1])
        return found != -1 and found < max(self.offsets[line], self.offsets[line - 1] + 1)


def _audit_table(loaded: LoadedYaml, name: str, printed: _LineIndex, doc: dict, index: int, table: dict,
                 not_verbatim: frozenset[str] = frozenset()) -> list[Problem]:
    """A table's caption where its line says, then its header and its body cells in printed order.

    Cells check (a) found nowhere in the source are not looked for in order: that finding names the
    cell, and this one could only say again that one is changed (audit_lines' `not_verbatim`)."""
    path = ("tables", index)

    def unverified(*fields: tuple) -> bool:
        named = [field_path(field) for field in fields]
        return any(other == field or other.startswith(field + "[") or other.startswith(field + ".")
                   for other in not_verbatim for field in named)
    line = table.get("line")
    if not isinstance(line, int) or not 1 <= line < len(printed.offsets):
        return []
    caption_line = table.get("caption_line") or line
    problems = []
    if table.get("caption") and 1 <= caption_line < len(printed.offsets) and not unverified(path + ("caption",)) \
            and not printed.starts(caption_line, table["caption"]):
        key = "caption_line" if table.get("caption_line") else "line"
        problems.append(Problem(name, *loaded.position_of(path + (key,)), field_path(path + (key,)),
                                f"line {caption_line} does not start the caption {_preview(table['caption'], 20)}",
                                "audit"))
    if table.get("kind") == "indicators":
        tables = {other.get("id") for other in doc.get("tables") or []}
        if any(indicator.get("origin") == "table" and indicator.get("table") not in tables
               for indicator in doc.get("indicators") or []):
            # A row that names no table of the plan is named at its `table` (validate's semantics);
            # which table's rows it is missing from is not judged until it names one.
            return problems
        rows = [indicator.get("cells") or [] for indicator in doc.get("indicators") or []
                if indicator.get("table") == table.get("id") and indicator.get("origin") == "table"]
        cells = [("indicators", number, "cells") for number, indicator in enumerate(doc.get("indicators") or [])
                 if indicator.get("table") == table.get("id") and indicator.get("origin") == "table"]
    else:
        rows = table.get("rows") or []
        cells = [path + ("rows",)]
    if unverified(*cells, path + ("columns",), path + ("header_rows",), path + ("unit",), path + ("caption",)):
        return problems
    body = squeeze("".join(cell or "" for row in rows for cell in row))
    start = printed.offsets[line - 1]
    if table.get("caption") and caption_line == line:
        start += len(squeeze(table["caption"]))
    if table.get("unit") and printed.text.startswith(squeeze(table["unit"]), start):
        start += len(squeeze(table["unit"]))
    found = printed.text.find(body, start) if body else start
    columns = squeeze("".join(table.get("columns") or []))
    header_rows = squeeze("".join(cell or "" for row in table.get("header_rows") or [] for cell in row))
    # The header as printed: the columns, or the printed header rows (above or below the columns, or
    # alone when `columns` joins two printed rows into one).
    headers = {columns, columns + header_rows, header_rows + columns} | ({header_rows} if header_rows else set())
    # Where the body's cells are: a table's own rows, or the rows of the indicators it holds.
    at = path + ("rows",) if table.get("kind") != "indicators" else path
    gap = printed.text[start:found] if found != -1 else ""
    if found == -1:
        what = "its body cells are not printed in this order after its header"
    elif gap in headers:
        return problems
    elif not body or any(header and gap.startswith(header) for header in headers):
        # The header is as printed, and the body the data holds is not all of the source's: the
        # header's finding had sent a reader to the columns for rows deleted.
        what = ("its body holds no cells" if not body else
                "its body cells start later in the source than after its header: its first rows are missing")
    else:
        what, at = "its header cells are not printed in this order before its body", path
    problems.append(Problem(name, *loaded.position_of(at), field_path(at),
                            f"{what} (from line {line}): a cell is moved, changed or missing", "audit"))
    return problems


# --- (e) values ---

# Numbers as the source prints them: digits (850, 0.5, 5.9%), the figures model/figures.py reads
# with their sign and thousands separators (−5%, 1,200户: a draft's value, as `bizenv import` reads
# it), and the single Chinese numerals the data reads as numbers (零元 = 0, 一个 = 1).
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_NUMERALS = {"零": 0, **CHINESE_NUMERALS}
# A numeral counts when a measure word follows it (一个, 两天): 进一步 and 一网通办 state no number.
# 零 is a number wherever it stands (零投资, 零元收费).
_COUNTED_NUMERAL = re.compile("([" + "".join(_NUMERALS) + "])(?=[个元次项天日家件户名人条份月周])|零")


def printed_numbers(raw: str) -> set[float]:
    """Every number a raw string prints."""
    found = {float(text) for text in _DIGITS.findall(raw)}
    found.update(float(figure.value) for figure in figures_of(raw).figures)
    found.update(float(_NUMERALS[match.group()[0]]) for match in _COUNTED_NUMERAL.finditer(raw))
    return found


def audit_values(loaded: LoadedYaml, name: str) -> list[Problem]:
    """Findings of check (e): each parsed number is one its raw string prints."""
    doc = loaded.data
    problems = []

    def check(path: tuple, raw, value, key: str = "value", change: str | None = None,
              level: str | None = None) -> None:
        """`change`: the basis of a change target; `level`: what a level is here (a target,
        a baseline …), whose raw string must print no change; None for a percent of uplift."""
        if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            return
        where = path + (key,)
        # A change is printed as its size, its sign given by its verb (压缩0.5次 → -0.5).
        size = abs(value) if change else value

        def written() -> str:
            """The value as its file writes it (8.50, never 8.5); asked only for a finding, as a file
            kept as its bytes is parsed again to say it."""
            return quoted_value(value, written=loaded.written_texts(where))

        if not isinstance(raw, str):
            message = f"is {written()}, but there is no raw string to read it from (raw is null)"
        elif float(size) not in printed_numbers(raw):
            message = f"is {written()}, but its raw string {_preview(raw, 30)} prints no such number"
        else:
            message = change_problem(raw, value, change, written) if change else level_problem(raw, level)
            if message is None:
                return
        problems.append(Problem(name, *loaded.position_of(where), field_path(where), message, "audit"))

    for index, indicator in enumerate(doc.get("indicators") or []):
        for key in ("baseline", "frontier"):
            part = indicator.get(key) or {}
            check(("indicators", index, key), part.get("raw"), part.get("value"), level=key)
        for number, target in enumerate(indicator.get("targets") or []):
            path = ("indicators", index, "targets", number)
            check(path, target.get("raw"), target.get("value"), change=target.get("change"), level="target")
            problems += _change_reading_problems(loaded, name, indicator.get("phrase"), path, target)
    for index, target in enumerate(doc.get("uplift_targets") or []):
        check(("uplift_targets", index), target.get("raw"), target.get("percent"), "percent")
    return problems


def _change_reading_problems(loaded: LoadedYaml, name: str, phrase: str | None, path: tuple,
                             target: dict) -> list[Problem]:
    """Findings on a target's reading beyond its number: a level printed right after a verb of
    change in its phrase (同比递增 | 3%以上) is a change cut short; a change's unit is the one printed
    after its number (下降1个百分点 is 百分点, never %)."""
    raw, value, unit = target.get("raw"), target.get("value"), target.get("change_unit")
    if not isinstance(raw, str) or isinstance(value, bool) or not isinstance(value, (int, float)):
        return []

    def problem(key: str, message: str) -> list[Problem]:
        return [Problem(name, *loaded.position_of(path + (key,)), field_path(path + (key,)), message, "audit")]

    verb = verb_before(phrase, raw)
    if verb and not target.get("change"):
        return problem("raw", f"is {_preview(raw, 30)}, printed after {verb} in the phrase: the target is a "
                              "change; give its raw string the verb and the target `change` and `change_unit`")
    # Only for a size the raw string prints: a wrong size is one finding, not two.
    if unit and float(abs(value)) in printed_numbers(raw) and not printed_with_unit(raw, abs(value), unit):
        return problem("change_unit", f"is {unit}, but its raw string {_preview(raw, 30)} prints "
                                      f"{_number(abs(value))} without it")
    return []


def change_problem(raw: str, value: float, change: str, written: Callable[[], str]) -> str | None:
    """What is wrong with a change target's signed value against its raw string, or None: the
    raw must print a verb of change (压缩, 提升 …) and the value carry the sign that verb gives.
    `written()`: the value as its file writes it, as a finding quotes it."""
    verb = change_verb(raw)
    if verb is None:
        return (f"is a change ({change}), but its raw string {_preview(raw, 30)} prints no verb of change "
                "(压缩, 下降, 提升, 增长 …): a level is stored without `change`")
    sign = verb_sign(verb)
    if value != 0 and (value > 0) != (sign > 0):
        return (f"is {written()}, but its raw string {_preview(raw, 30)} says {verb}: "
                f"the change is {'positive' if sign > 0 else 'negative'}")
    return None


def level_problem(raw: str, level: str | None) -> str | None:
    """What is wrong with a level (`level` says whose: target, baseline, frontier) read from a raw
    string that prints a change, or None."""
    verb = change_verb(raw) if level else None
    if verb is None:
        return None
    if level == "target":
        return (f"is stored as a level, but its raw string {_preview(raw, 30)} prints a change ({verb}): "
                "give the target `change` and `change_unit`, and the value its sign")
    return f"is the {level}'s level, but its raw string {_preview(raw, 30)} prints a change ({verb})"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class Coverage:
    document: int
    characters: int
    covered: int
    uncovered_lines: tuple[tuple[int, str], ...]

    @property
    def share(self) -> float:
        return self.covered / self.characters if self.characters else 1.0


def coverage(plan_doc: dict, schema: dict, source: SourceText,
             values: list[tuple[tuple, str]] | None = None) -> Coverage:
    """Check (c): which characters of the plan's source lines some value holds. `values`:
    verbatim_list(plan_doc, schema), when the caller has it already."""
    lines = [(number, source.line(number))
             for first, last in owned_lines(plan_doc) for number in range(max(first, 1), min(last, len(source.lines)) + 1)]
    squeezed_lines = [squeeze(line) for _, line in lines]
    text = "".join(squeezed_lines)
    ends, end = [], 0  # where each line's characters end in `text`
    for squeezed in squeezed_lines:
        end += len(squeezed)
        ends.append(end)
    covered = bytearray(len(text))
    # Headings and the 附件N line are values too (heading, annex), so structure counts as held;
    # so are STRUCTURE_WORDS.
    # A value of several lines holds each of them wherever it is printed (printed_in).
    held = {squeeze(line) for _, value in (verbatim_list(plan_doc, schema) if values is None else values)
            for line in value.split("\n") if line.strip()}
    held.update(STRUCTURE_WORDS)
    for value in held:
        start = text.find(value)
        while start != -1:
            covered[start:start + len(value)] = b"\x01" * len(value)
            start = text.find(value, start + 1)
    # A line is uncovered when one of its characters is (each line's characters are a run of `text`;
    # a line that squeezes to nothing has none). Lines are sorted, as their numbers may repeat.
    starts = [0] + ends[:-1]
    uncovered = sorted({number for (number, _), start, end in zip(lines, starts, ends)
                        if covered.find(0, start, end) != -1})
    return Coverage(
        document=plan_doc.get("document", 0),
        characters=len(text),
        covered=covered.count(1),
        uncovered_lines=tuple((number, source.line(number)) for number in uncovered),
    )


def audit_coverage(loaded: LoadedYaml, schema: dict, source: SourceText, name: str,
                   values: list[tuple[tuple, str]] | None = None) -> list[Problem]:
    """Check (c) as a finding: a source line of the plan that no value holds is content lost (a first
    line dropped with the measure's line moved past it, a paragraph left out). One finding a plan."""
    result = coverage(loaded.data, schema, source, values)
    if not result.uncovered_lines:
        return []
    shown = ", ".join(str(number) for number, _ in result.uncovered_lines[:5])
    more = len(result.uncovered_lines) - 5
    first_number, first_text = result.uncovered_lines[0]
    return [Problem(name, *loaded.position_of(("source",)), "source",
                    f"{len(result.uncovered_lines)} source line(s) of document {result.document} held by no value: "
                    f"{shown}{f' and {more} more' if more > 0 else ''} (line {first_number}: "
                    f"{_preview(first_text.strip(), 30)}); `bizenv validate --coverage` lists them", "audit")]


def _preview(text: str, limit: int = 40) -> str:
    text = text.replace("\n", "⏎")
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _show(raw: str | None) -> str:
    return "none" if raw is None else repr(raw)
