"""`bizenv search`: every text of the plans, compared folded (textfold.fold), with where each
match is, as offsets into the text as written.

A hit's keys (beyond docs/json.md): `plan`, `id`, `line`, `field`, `text`, `matches`, `snippet`,
`snippet_matches`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple
from unicodedata import normalize

from bizenv_cli.model.records import Plan
from bizenv_cli.model.textfold import fold

# Keys whose values are structure (ids, enums, dates) rather than text a reader would search.
_STRUCTURE_KEYS = frozenset({"format", "package", "id", "slug", "section", "table", "parent", "file", "kind",
                             "origin", "direction", "role", "recurrence", "by", "date", "bodies"})


def _folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """fold(text), and for each of its characters the offset in `text` it came from."""
    chars: list[str] = []
    offsets: list[int] = []
    for offset, char in enumerate(text):
        for folded_char in normalize("NFKC", char).casefold():
            if not folded_char.isspace():
                chars.append(folded_char)
                offsets.append(offset)
    return "".join(chars), offsets


def find_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where `query` occurs in `text`, as [start, end) offsets into `text`, compared folded."""
    needle = fold(query)
    if not needle:
        return []
    folded, offsets = _folded_with_offsets(text)
    spans = []
    start = folded.find(needle)
    while start != -1:
        end = start + len(needle)
        spans.append((offsets[start], offsets[end - 1] + 1))
        start = folded.find(needle, end)
    return spans


# How many characters of a field a hit's snippet shows either side of the first match.
SNIPPET_CONTEXT = 30


class _Record(NamedTuple):
    id: str
    line: int | None
    texts: list[tuple[str, str]]  # (path of the field inside the document, text)


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _records(plan: Plan) -> list[_Record]:
    """Every text of a plan document, grouped by the record it belongs to, in document order.

    A mapping with an id or a line (a measure, its deadline, a paragraph, a table...) opens a
    record; each row of a table is a record of its own. Every string outside _STRUCTURE_KEYS is
    searched, so a new text field in the format is searched without a change here.
    """
    records = [_Record(plan.id, plan.first_line, [])]

    def walk(value, path: str, record: _Record, opens_record: bool) -> None:
        if opens_record:
            record_id = value.get("id") if isinstance(value, dict) and isinstance(value.get("id"), str) else record.id
            line = value.get("line") if isinstance(value, dict) and isinstance(value.get("line"), int) else record.line
            record = _Record(record_id, line, [])
            records.append(record)
        if isinstance(value, dict):
            for key, item in value.items():
                if key in _STRUCTURE_KEYS:
                    continue
                opens = isinstance(item, dict) and ("id" in item or "line" in item)
                walk(item, _join(path, key), record, opens)
        elif isinstance(value, list):
            is_table_rows = path.endswith(".rows")
            for index, item in enumerate(value):
                opens = (isinstance(item, dict) and ("id" in item or "line" in item)) or (
                    is_table_rows and isinstance(item, list))
                walk(item, _join(path, index), record, opens)
        elif isinstance(value, str):
            record.texts.append((path, value))

    walk(plan.document, "", records[0], False)
    return [record for record in records if record.texts]


def search_hits(plans: Iterable[Plan], query: str) -> list[dict]:
    """One hit per record whose text contains `query` (compared by fold()), in document order.

    Each hit names the plan, the record's id and source line, the field that matched first,
    that field's whole text, every match in it as [start, end) offsets, and a snippet of
    SNIPPET_CONTEXT characters either side of the first match with its own match offsets.
    """
    needle = fold(query)
    if not needle:
        return []
    hits = []
    for plan in plans:
        for record in _records(plan):
            for field, text in record.texts:
                if needle not in fold(text):
                    continue
                spans = find_spans(text, query)
                if not spans:
                    continue
                start = max(0, spans[0][0] - SNIPPET_CONTEXT)
                end = min(len(text), spans[0][1] + SNIPPET_CONTEXT)
                snippet = text[start:end].replace("\r", " ").replace("\n", " ")
                snippet_spans = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]
                prefix = "…" if start > 0 else ""
                suffix = "…" if end < len(text) else ""
                hits.append({
                    "plan": plan.number,
                    "id": record.id,
                    "line": record.line,
                    "field": field,
                    "text": text,
                    "matches": [list(span) for span in spans],
                    "snippet": prefix + snippet + suffix,
                    "snippet_matches": [[s + len(prefix), e + len(prefix)] for s, e in snippet_spans],
                })
                break  # one hit per record: its first matching field
    return hits
