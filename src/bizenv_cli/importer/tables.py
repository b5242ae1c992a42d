"""Tables as the 2022 text lays them out, and the indicators of an indicator table.

Each cell starts a line with a tab; a cell printed over several lines goes on in lines without one
(指标 / 项目 is the cell 指标项目); blank lines fall anywhere, rows included, so a row is known
only by the number of columns: the header is the run of cells that read as column names (指标,
现状水平, 2022年6月目标 …), and the body must be whole rows of as many cells. A table that does not
read so is not guessed at: the draft keeps its lines as paragraphs for review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bizenv_cli.model.changes import CHANGE_VERBS
from bizenv_cli.model.textfold import squeeze

# The words a column name holds; a body cell in the first column (办理环节, 时间（工作日）) holds none.
_COLUMN_WORDS = ("指标", "项目", "现状", "基准", "目标", "前沿", "最佳", "完成时限", "时间节点", "完成时间",
                 "责任单位", "责任部门", "牵头单位", "配合单位", "序号", "备注", "水平")


@dataclass(frozen=True)
class Cell:
    line: int
    text: str  # the cell's lines joined without their line breaks
    # The cell's lines as printed, when there are several (a name over two lines, its unit under it).
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    first_line: int
    columns: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]


def cells_of(lines: list[tuple[int, str]]) -> list[Cell]:
    """The cells of a table's lines: a tab starts one, a line without one continues it."""
    cells: list[list] = []
    for number, text in lines:
        if text.startswith("\t"):
            cells.append([number, [text[1:].strip()]])
        elif text.strip() and cells:
            cells[-1][1].append(text.strip())
    return [Cell(number, "".join(parts), tuple(parts)) for number, parts in cells]


def read_table(lines: list[tuple[int, str]]) -> Table | None:
    """The table these lines print, or None when they do not split into a header and whole rows."""
    cells = cells_of(lines)
    width = 0
    while width < len(cells) and is_column_name(cells[width].text):
        width += 1
    body = cells[width:]
    if width < 2 or not body or len(body) % width:
        return None
    rows = tuple(tuple(body[start:start + width]) for start in range(0, len(body), width))
    return Table(cells[0].line, tuple(cells[:width]), rows)


def is_column_name(text: str) -> bool:
    squeezed = squeeze(text)
    return 0 < len(squeezed) <= 20 and any(word in squeezed for word in _COLUMN_WORDS)


# --- what each column holds ---

NAME, ORDINAL, BASELINE, TARGET, FRONTIER, COMPLETION, RESPONSIBLE, LEAD, OTHER = (
    "name", "ordinal", "baseline", "target", "frontier", "completion", "responsible", "lead", "other")


def column_role(name: str) -> str:
    text = squeeze(name)
    if "序号" in text:
        return ORDINAL
    if "目标" in text:
        return TARGET
    if "前沿" in text or "最佳" in text or "先进" in text:
        return FRONTIER
    if "现状" in text or "基准" in text:
        return BASELINE
    if any(word in text for word in ("完成时限", "时间节点", "完成时间")):
        return COMPLETION
    if "牵头单位" in text:
        return LEAD
    if "责任单位" in text or "责任部门" in text:
        return RESPONSIBLE
    if "指标" in text or "项目" in text:
        return NAME
    return OTHER


def is_indicator_table(table: Table) -> bool:
    roles = [column_role(cell.text) for cell in table.columns]
    return NAME in roles and (TARGET in roles or BASELINE in roles)


_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
_YEAR_END = re.compile(r"(\d{4})\s*年(?:底|末|年底)?")
_DOTTED_MONTH = re.compile(r"^(\d{4})[.．/-](\d{1,2})$")


def month_of(text: str) -> str | None:
    """The month a column name or a completion cell names: 2022年6月目标 → 2022-06, 2022年底 and
    2022年目标 → 2022-12, 2022.12 → 2022-12; None when it names none."""
    squeezed = squeeze(text)
    found = _MONTH.search(squeezed) or _DOTTED_MONTH.match(squeezed)
    if found and 1 <= int(found.group(2)) <= 12:
        return f"{found.group(1)}-{int(found.group(2)):02d}"
    found = _YEAR_END.search(squeezed)
    if found:
        return f"{found.group(1)}-12"
    return None


# A cell that states one number: an optional comparison word, the number, and a unit word.
_ONE_NUMBER = re.compile(r"^(?:≤|≥|<|>|＜|＞|约|不超过|不低于|不少于|低于|超过|达到|小于|大于)?"
                         r"(\d+(?:\.\d+)?)(个|项|次|天|日|工作日|个工作日|小时|分钟|年|元|万元|亿元|亿条|条|件|家|%|％|分|人|户|次数)?"
                         r"(?:以上|以下|以内|之内)?$")


# Dates a prose cell prints (截至2021年12月), which are never its value.
_DATE = re.compile(r"\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?|(?<!\d)(?:19|20)\d{2}[.．](?:1[0-2]|0?[1-9])(?!\d)")
# A number and the unit word after it (个工作日, %, 亿元 …; empty when none follows).
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)([个项次天日小时年元万亿条件家户分人%％]*)")
# A number right after a verb of change is a change (增长50%), not a level (增长至5300家 is a level).
_CHANGE_WORDS = tuple(CHANGE_VERBS)


def value_of(raw: str | None) -> tuple[float | int | None, str | None]:
    """The number a cell states, and a note when it is read from prose: a cell of one number is
    that number; in prose, the first number it prints, dates aside, unless it is a change."""
    number = one_number(raw)
    if number is not None or not raw:
        return number, None
    text = _DATE.sub("", squeeze(raw))
    numbers = list(_NUMBER.finditer(text))
    if not numbers or text[:numbers[0].start()].endswith(_CHANGE_WORDS):
        return None, None
    first, unit = numbers[0].group(1), numbers[0].group(2)
    if any(found.group(2) == unit and float(found.group(1)) != float(first) for found in numbers[1:]):
        return None, None  # 不低于30%…不低于50%: two values of one kind, neither the cell's
    value = float(first)
    value = int(value) if value.is_integer() and "." not in first else value
    return value, "the first number the cell prints (dates aside); the cell says more than that number"


def name_and_unit(cell: Cell) -> tuple[str, str | None]:
    """An indicator's name and the unit printed with it: a bracket printed apart from the name (on a
    line of its own, or after a space: 办理时间 / （工作日）, 办理环节 （ 个 ）, 获得用水 / 办理环节（个）)
    is the unit; a bracket printed as part of the name on one line (纳税次数（次数）) stays in it."""
    found = _UNIT_IN_NAME.search(cell.text)
    apart = found and (len(cell.lines) > 1 or re.search(r"\s[（(][^（()）]*[）)]\s*$", cell.text))
    if not apart:
        return cell.text, (squeeze(found.group(1)) if found else None)
    return cell.text[:found.start()].rstrip(), squeeze(found.group(1))


def one_number(raw: str | None) -> float | int | None:
    """The number a cell states when it states exactly one (5, 0.5天, ≤20, 98%); else None."""
    if not raw:
        return None
    found = _ONE_NUMBER.match(squeeze(raw))
    if not found:
        return None
    value = float(found.group(1))
    return int(value) if value.is_integer() and "." not in found.group(1) else value


_UNIT_IN_NAME = re.compile(r"[（(]\s*([^（()）]{1,8}?)\s*[）)]\s*$")


def unit_of(name: str, values: list[str | None]) -> str | None:
    """The unit as printed: in brackets after the name (办理环节（个）), else the unit word every
    numbered value ends with (0.96年, 20%); None when neither says."""
    found = _UNIT_IN_NAME.search(name)
    if found:
        return squeeze(found.group(1))
    units = set()
    for raw in values:
        match = _ONE_NUMBER.match(squeeze(raw or ""))
        if match:
            units.add(match.group(2))
    units.discard(None)
    return units.pop() if len(units) == 1 else None
