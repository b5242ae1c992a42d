"""What a line of a plan is by its look: a title line, a heading (一、 / （一） / an unnumbered one
such as 指标对比), a label that opens an item (（一） 1. （1）), or prose.

Only the line's own characters decide; what a heading governs (a group of measures, one measure, a
paragraph) is decided by the draft, which sees the assignment blocks.
"""

from __future__ import annotations

import re

from bizenv_cli.model.textfold import squeeze

_NUMERALS = "一二三四五六七八九十百零〇"
# 一、总体要求 (a top-level heading), printed alone on its line.
TOP_HEADING = re.compile(rf"^[{_NUMERALS}]+\s*[、．.]")
# （一）全面提升政务服务效能, with full- or half-width brackets in any mix.
SUB_HEADING = re.compile(rf"^[（(]\s*[{_NUMERALS}]+\s*[）)]")
# The labels that open an item: （一） (一) 1. 1、 1． （1） (1) ①.
ITEM_LABEL = re.compile(rf"^(?:[（(]\s*[{_NUMERALS}]+\s*[）)]|[（(]\s*\d+\s*[）)]|\d+\s*[.．、](?!\d)|[①-⑳])")
# The words that end the headings plans print without a number (总体目标, 指标对比, 保障措施 …).
_HEADING_WORDS = ("要求", "目标", "措施", "举措", "对比", "保障", "实施", "思想", "思路", "任务", "分工", "原则")
# The words a heading's kind is read from, in the order they are tried.
_KINDS = (
    ("indicators", ("指标对比", "对比", "指标")),
    ("safeguards", ("保障", "组织实施", "实施要求", "组织领导")),
    ("goals", ("目标",)),
    ("measures", ("措施", "举措", "任务", "分工")),
    ("requirements", ("要求", "指导思想", "思路", "原则")),
)
MOST_HEADING_CHARACTERS = 40
_TITLE_ENDINGS = ("方案", "计划", "意见", "办法", "措施", "通知", "要点", "清单", "细则", "规划")


def is_top_heading(line: str) -> bool:
    """一、总体要求, or a short unnumbered heading such as 总体目标 or 指标对比 alone on its line."""
    text = squeeze(line)
    if not text or len(text) > MOST_HEADING_CHARACTERS or text.endswith(("。", "；", "，", "：", ":")):
        return False
    if TOP_HEADING.match(text):
        return "。" not in text
    return len(text) <= 8 and text.endswith(_HEADING_WORDS) and not re.search(r"[，。、：:；\d]", text)


def is_sub_heading(line: str) -> bool:
    """（一）全面提升政务服务效能 alone on its line: short, at most one sentence, which ends it."""
    text = squeeze(line)
    if not SUB_HEADING.match(text) or len(text) > MOST_HEADING_CHARACTERS:
        return False
    rest = SUB_HEADING.sub("", text)
    return bool(rest) and "。" not in rest[:-1] and not rest.endswith(("；", "，", "：", ":"))


def label_of(line: str) -> str | None:
    """The item label a line opens with, as printed (without the spaces the extraction added)."""
    text = line.strip()
    found = ITEM_LABEL.match(text)
    return found.group(0) if found else None


def is_label_only(line: str) -> bool:
    """A label printed on its own line, its text on the next (（一） then 扩大…)."""
    label = label_of(line)
    return label is not None and not line.strip()[len(label):].strip()


def kind_of_heading(heading: str, after_measures: bool) -> str:
    """The section kind a heading names; 工作要求 after the measures is how the plan is carried out."""
    text = squeeze(heading)
    for kind, words in _KINDS:
        if any(word in text for word in words):
            if kind == "requirements" and after_measures:
                return "safeguards"
            return kind
    return "other"


def looks_like_title(line: str) -> bool:
    text = squeeze(line)
    return 0 < len(text) <= MOST_HEADING_CHARACTERS and not re.search(r"[。，；：:]", text) and not line.startswith("\t")


def ends_a_title(text: str) -> bool:
    return squeeze(text).endswith(_TITLE_ENDINGS)


def first_sentence(text: str) -> str | None:
    """The heading sentence an item opens with (压缩企业开办时间。), when it is short enough to be one."""
    end = text.find("。")
    if end == -1 or end + 1 > MOST_HEADING_CHARACTERS:
        return None
    return text[:end + 1]
