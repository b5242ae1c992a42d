"""The source audit (DESIGN §9): the data proves itself against the source text.

(a) verbatim — every value the schema marks `"$comment": "verbatim"` is found in the source, whitespace
    removed on both sides, inside the part of the source its plan owns;
(b) blocks — each plan's measures match the source's assignment blocks one for one, in order,
    raw deadline and raw responsibility equal;
(c) coverage — the share of each document's characters that the plan's values hold, and the
    source lines that are in no value.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bizenv_cli.problems import Problem, field_path
from bizenv_cli.sourcetext import SourceText, squeeze
from bizenv_cli.yamlload import LoadedYaml

# The mark is a $comment, which every draft-07 validator accepts (ajv's strict mode refuses an
# unknown keyword such as the former x-verbatim); docs/data-format.md says so.
VERBATIM = ("$comment", "verbatim")
# Source characters that are structure, not content: the assignment keywords that the deadline and
# responsible keys stand for, and U+FFFD, which the extraction left where document 4's footnote
# reference marks were (its glossary at the end of the file starts each entry with one).
STRUCTURE_WORDS = ("时间节点：", "时间节点:", "责任单位：", "责任单位:", "\ufffd")


def verbatim_values(data, schema: dict, root_schema: dict | None = None, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every (path, string) in `data` that the schema marks as quoting the source."""
    root_schema = root_schema or schema
    for sub in _alternatives(schema, root_schema):
        if sub.get(VERBATIM[0]) == VERBATIM[1] and isinstance(data, str):
            yield path, data
            return
        if isinstance(data, dict) and "properties" in sub:
            for key, value in data.items():
                if key in sub["properties"]:
                    yield from verbatim_values(value, sub["properties"][key], root_schema, path + (key,))
            return
        if isinstance(data, list) and "items" in sub:
            for index, item in enumerate(data):
                yield from verbatim_values(item, sub["items"], root_schema, path + (index,))
            return


def _alternatives(schema: dict, root: dict) -> Iterator[dict]:
    """The schema itself, with $ref followed and anyOf/oneOf branches spread out."""
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        yield from _alternatives(target, root)
        return
    yield schema
    for keyword in ("anyOf", "oneOf"):
        for branch in schema.get(keyword, []):
            yield from _alternatives(branch, root)


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


def audit_verbatim(loaded: LoadedYaml, schema: dict, source: SourceText, name: str) -> list[Problem]:
    """Findings of check (a) for one file (a plan, or the registry, which quotes the whole source)."""
    doc = loaded.data
    if isinstance(doc, dict) and "measures" in doc:
        haystack = squeeze(_owned_text(source, owned_lines(doc)))
        where = "in this plan's part of the source"
    else:
        haystack = source.squeezed
        where = "in the source"
    problems = []
    for path, value in verbatim_values(doc, schema):
        if squeeze(value) not in haystack:
            line, column = loaded.position_of(path)
            problems.append(Problem(name, line, column, field_path(path),
                                    f"not found verbatim {where}: {_preview(value)}", "audit"))
    return problems


def audit_blocks(loaded: LoadedYaml, source: SourceText, name: str) -> list[Problem]:
    """Findings of check (b): measures against the source's assignment blocks."""
    doc = loaded.data
    number = doc["document"]
    if number not in source.documents:
        return [Problem(name, *loaded.position_of(("document",)), "document",
                        f"the source has no document {number}", "audit")]
    blocks = source.blocks(number)
    measures = doc.get("measures", [])
    problems = []
    for index, (measure, block) in enumerate(zip(measures, blocks)):
        for field, raw, line in (
            ("deadline", block.deadline_raw, block.deadline_line),
            ("responsible", block.responsible_raw, block.responsible_line),
        ):
            stated = (measure.get(field) or {}).get("raw")
            if stated != raw:
                path = ("measures", index, field, "raw")
                problems.append(Problem(
                    name, *loaded.position_of(path), field_path(path),
                    f"differs from the source's assignment block at line {block.line}: "
                    f"source {_show(raw)}, data {_show(stated)}", "audit"))
    if len(measures) != len(blocks):
        missing = blocks[len(measures):]
        detail = (f"first block without a measure: line {missing[0].line}" if missing
                  else f"measures beyond the last block start at {measures[len(blocks)]['id']}")
        problems.append(Problem(
            name, *loaded.position_of(("measures",)), "measures",
            f"{len(measures)} measures but the source's document {number} has {len(blocks)} "
            f"assignment blocks ({detail})", "audit"))
    return problems


@dataclass(frozen=True)
class Coverage:
    document: int
    characters: int
    covered: int
    uncovered_lines: tuple[tuple[int, str], ...]

    @property
    def share(self) -> float:
        return self.covered / self.characters if self.characters else 1.0


def coverage(plan_doc: dict, schema: dict, source: SourceText) -> Coverage:
    """Check (c): which characters of the plan's source lines some value holds."""
    lines = [(number, source.line(number))
             for first, last in owned_lines(plan_doc) for number in range(first, last + 1)]
    text = ""
    line_of_offset: list[int] = []
    for number, line in lines:
        squeezed = squeeze(line)
        text += squeezed
        line_of_offset.extend([number] * len(squeezed))
    covered = bytearray(len(text))
    # Headings and the 附件N line are values too (heading, annex), so structure counts as held;
    # so are STRUCTURE_WORDS.
    values = {squeeze(value) for _, value in verbatim_values(plan_doc, schema) if value.strip()}
    values.update(STRUCTURE_WORDS)
    for value in values:
        start = text.find(value)
        while start != -1:
            covered[start:start + len(value)] = b"\x01" * len(value)
            start = text.find(value, start + 1)
    uncovered = sorted({line_of_offset[offset] for offset, flag in enumerate(covered) if not flag})
    return Coverage(
        document=plan_doc.get("document", 0),
        characters=len(text),
        covered=sum(covered),
        uncovered_lines=tuple((number, source.line(number)) for number in uncovered),
    )


def _preview(text: str, limit: int = 40) -> str:
    text = text.replace("\n", "⏎")
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _show(raw: str | None) -> str:
    return "none" if raw is None else repr(raw)
