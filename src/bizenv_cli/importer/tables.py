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
from typing import NamedTuple
from unicodedata import normalize

from bizenv_cli.model.deadlines import DeadlineError, parse_deadline
from bizenv_cli.model.figures import figures_of
from bizenv_cli.model.periods import PeriodError, parse_period
from bizenv_cli.model.textfold import squeeze, squeeze_apart

# Column names that give an indicator no field (column_role: OTHER) but that a header prints.
_OTHER_COLUMN_NAMES = ("备注", "配合单位", "配合部门", "协办单位", "协办部门")
# What the name column's name is made of (指标, 二级指标, 指标（项目）, 指标名称): a short cell with
# other words as well (项目审批时间, 获得用水指标) names an indicator, and is a body cell.
_NAME_COLUMN = re.compile(r"^(?:[一二三]级|评价|指标|项目|名称|[（(）)])+$")


@dataclass(frozen=True)
class Cell:
    line: int
    text: str  # the cell's lines joined without their line breaks but between two digits (_joined)
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
    return [Cell(number, _joined(parts), tuple(parts)) for number, parts in cells]


# A line break between two digits: where two figures printed on two lines meet.
_BREAK_BETWEEN_DIGITS = re.compile(r"(?<=\d)\n(?=\d)")


def _joined(lines: list[str]) -> str:
    """A cell's lines as one text: joined without their line breaks (指标 / 项目 is 指标项目), but
    with a space where a line ends and the next starts with a digit, so that two figures stay two
    (≤60 / 2022年6月 is '≤60 2022年6月', never ≤602022年6月)."""
    return _BREAK_BETWEEN_DIGITS.sub(" ", "\n".join(lines)).replace("\n", "")


def read_table(lines: list[tuple[int, str]]) -> Table | None:
    """The table these lines print, or None when its width is uncertain: the header is the run of
    cells that are column names (is_column_name), and the body must split into whole rows of as
    many cells, none of which starts with a column name (a row that does is a second header, or
    the header's width is not the table's)."""
    cells = cells_of(lines)
    width = 0
    while width < len(cells) and is_column_name(cells[width].text):
        width += 1
    body = cells[width:]
    if width < 2 or not body or len(body) % width:
        return None
    rows = tuple(tuple(body[start:start + width]) for start in range(0, len(body), width))
    if any(is_column_name(row[0].text) for row in rows):
        return None
    # A bare figure under the name column: the header has a column the rules do not know, and the
    # rows are cut out of step (a row named 3, its baseline a body's name).
    names = [index for index, cell in enumerate(cells[:width]) if column_role(cell.text) == NAME]
    if any(_BARE_FIGURE.match(normalize("NFKC", squeeze(row[index].text))) for row in rows for index in names):
        return None
    return Table(cells[0].line, tuple(cells[:width]), rows)


_BARE_FIGURE = re.compile(r"^[-+−]?[\d.,%]+$")


def is_column_name(text: str) -> bool:
    """Whether a cell is a column name the header rules know: a short cell whose words give it a
    role (column_role), the name column's only when it holds nothing but its words (_NAME_COLUMN),
    or one of the other column names a header prints (_OTHER_COLUMN_NAMES)."""
    squeezed = squeeze(text)
    if not 0 < len(squeezed) <= 20:
        return False
    role = column_role(squeezed)
    if role == NAME:
        return bool(_NAME_COLUMN.match(squeezed))
    return role != OTHER or squeezed in _OTHER_COLUMN_NAMES


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
    if "牵头单位" in text or "牵头部门" in text:
        return LEAD
    if "责任单位" in text or "责任部门" in text:
        return RESPONSIBLE
    if "指标" in text or "项目" in text:
        return NAME
    return OTHER


def is_indicator_table(table: Table) -> bool:
    roles = [column_role(cell.text) for cell in table.columns]
    return NAME in roles and (TARGET in roles or BASELINE in roles)


def completion_month(text: str, year: int, year_stated: bool = True) -> tuple[str | None, str | None]:
    """The month a completion cell names, read as a measure's deadline is (model/deadlines.py): the
    month of its last milestone (2022年12月 → 2022-12; 2022年6月前 → 2022-05, as that deadline is
    due on 2022-05-31; 2022年上半年 → 2022-06; 6月底前 → the plan year's June, when the package
    states its year for certain, `year_stated`); else, when the whole cell is a period
    model/periods.py reads, the month it ends (2022.12 → 2022-12, 2022年底 → 2022-12). Returned with
    None, or with why the cell names no month when it says something these readers refuse; ongoing
    work (持续推进, 长期坚持) names no month and is read fully."""
    words = squeeze(text)
    try:
        deadline = parse_deadline(words, year)
    except DeadlineError as error:
        month = _period_month(words)
        return (month, None) if month else (None, str(error))
    if deadline.year_from_plan and not year_stated:
        return None, "it names no year, and the package does not state its year for certain"
    return (_month(deadline.milestones[-1].date) if deadline.milestones else None), None


def column_month(name: str, year: int) -> str | None:
    """The month a target column's name names, read strictly: a name that starts with a month, which
    the deadline reader reads as one milestone (2022年6月目标 → 2022-06, 2022年6月前目标 → 2022-05),
    or with a period model/periods.py reads before a closing 目标 (2022年底目标 → 2022-12,
    2022年上半年目标 → 2022-06, 2022年一季度目标 → 2022-03, 2022年目标 → 2022-12); None for any
    other name (升级版目标)."""
    words = squeeze(name)
    if not _STARTS_WITH_A_YEAR.match(words):
        return None
    if _STARTS_WITH_A_MONTH.match(words):
        try:
            milestones = parse_deadline(words, year).milestones
        except DeadlineError:
            return None
        return _month(milestones[0].date) if len(milestones) == 1 else None
    return _period_month(words.removesuffix("目标"))


_STARTS_WITH_A_YEAR = re.compile(r"\d{4}")
_STARTS_WITH_A_MONTH = re.compile(r"\d{4}年\d{1,2}月")


def _period_month(words: str) -> str | None:
    """The month in which the period `words` wholly names ends (model/periods.py), or None; a word
    that names no year (today) names no month of a plan."""
    if not _STARTS_WITH_A_YEAR.match(words):
        return None
    try:
        return _month(parse_period(words).last)
    except PeriodError:
        return None


def _month(day) -> str:
    return f"{day.year:04d}-{day.month:02d}"


# What a cell of one number prints around it, as text model/figures.py reads (＜ is <): a comparison
# before the figure (≤20, 约50, 不低于95%), a bound after its unit (50以上, 3天以内).
_BEFORE_ONE_NUMBER = ("≤", "≥", "<", ">", "约", "不超过", "不低于", "不少于", "低于", "超过", "达到", "小于", "大于")
_AFTER_ONE_NUMBER = ("以上", "以下", "以内", "之内")


# The note of a value read from prose: what the reader took, and that a reviewer should read the cell.
_PROSE_NOTE = ("the cell's first figure, dates, times, codes and ordinals not counted; "
               "the cell says more than that figure")


def value_of(raw: str | None) -> tuple[float | int | None, str | None]:
    """The number a cell states, and a note when it is read from prose: a cell of one number is
    that number (−5% is −5, 1,200户 is 1200); in prose, the first figure it prints, unless it is a
    change (增长50%, 5个百分点), the cell prints a range (1-3天, 3至5天), its first figure is printed
    apart from the next by a space alone (1 200户: 1200 or two figures, as the ledger reads it) or
    the cell prints two values of one kind (不低于30%…不低于50%; a change beside a level is none):
    these state no one value (docs/data-format.md). What prints digits but is no figure (a date, a
    time, a code, an ordinal) is never read as one, and figures are read, their sign and thousands
    separators with them, as model/figures.py reads them for the ledger too. The cell's whitespace
    is left out first, as the extraction put stray spaces into the text (2022 年 6 月), but not
    between two digits, so that two figures never join into one (textfold.squeeze_apart: 1 200
    is no one figure; a cell whose lines are ≤60 and 2022年6月, which cells_of joins as
    '≤60 2022年6月', is 60, never 602022).
    The shipped data reads its prose so (0.5个工作日…1.5小时 → 0.5)."""
    number = one_number(raw)
    if number is not None or not raw:
        return number, None
    read = figures_of(squeeze_apart(raw))
    if read.prints_a_range():
        return None, "the cell prints a range: it states no one value"
    if not read.figures or read.figures[0].change:
        return None, None
    if read.split_by_a_space(0):
        return None, "the cell prints figures apart only by a space (1 200): it states no one value"
    first = read.figures[0]
    if any(figure.unit == first.unit and figure.value != first.value and not figure.change
           for figure in read.figures[1:]):
        return None, None  # two values of one kind, neither the cell's
    return first.value, _PROSE_NOTE


def name_and_unit(cell: Cell) -> tuple[str, str | None]:
    """An indicator's name and the unit printed with it: a bracket printed apart from the name (on a
    line of its own, or after a space: 办理时间 / （工作日）, 办理环节 （ 个 ）, 获得用水 / 办理环节（个）)
    is the unit; a bracket printed as part of the name on one line (纳税次数（次数）) stays in it."""
    found = _UNIT_IN_NAME.search(cell.text)
    apart = found and (len(cell.lines) > 1 or re.search(r"\s[（(][^（()）]*[）)]\s*$", cell.text))
    if not apart:
        return cell.text, (_unit(found.group(1)) if found else None)
    return cell.text[:found.start()].rstrip(), _unit(found.group(1))


def one_number(raw: str | None) -> float | int | None:
    """The number a cell states when it states exactly one (5, 0.5天, ≤20, 98%, −5%, 1,200户); else None."""
    number = _one_number(raw)
    return number.value if number else None


class _OneNumber(NamedTuple):
    value: float | int
    unit: str  # as NFKC reads it, as model/figures.py reads the figure ('' when none): 34.81％ is in %


def _one_number(raw: str | None) -> _OneNumber | None:
    """The figure of a cell that prints one and nothing else but a comparison before it and a bound
    after its unit; None for any other cell (a date, a change, prose)."""
    if not raw:
        return None
    read = figures_of(squeeze_apart(raw))
    if read.left_out or len(read.figures) != 1 or read.figures[0].change:
        return None
    figure = read.figures[0]
    before, after = read.text[:figure.start], read.text[figure.end + len(figure.unit):]
    if before not in ("", *_BEFORE_ONE_NUMBER) or after not in ("", *_AFTER_ONE_NUMBER):
        return None
    return _OneNumber(figure.value, figure.unit)


_UNIT_IN_NAME = re.compile(r"[（(]\s*([^（()）]{1,8}?)\s*[）)]\s*$")


def unit_of(name: str, values: list[str | None]) -> str | None:
    """The unit printed in brackets after the name (办理环节（个）), else the unit word every
    numbered value ends with (0.96年, 20%; 34.81％ and 40% are both in %), read as NFKC reads it
    (_unit); None when neither says."""
    found = _UNIT_IN_NAME.search(name)
    if found:
        return _unit(found.group(1))
    units = {number.unit for number in map(_one_number, values) if number}
    units.discard("")
    return units.pop() if len(units) == 1 else None


def _unit(printed: str) -> str:
    """A unit as the draft holds it: as NFKC reads it, as model/figures.py reads a figure's unit
    (％ is %, as the plans record it), without the extraction's stray spaces."""
    return normalize("NFKC", squeeze(printed))
