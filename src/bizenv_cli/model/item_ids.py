"""The ids the tool prints for what a plan holds, and which of them a mistyped id may stand for.

An id is the plan's number, a dot, a kind's letter (none for a measure, i for an indicator, s for a
section, t for a table) and a number with, for a measure, perhaps a letter: 09.10, 09.i1, 01.s5,
09.t1. A spreadsheet drops the zeros it reads as a number's (09.10 becomes 9.1) and people drop or
add one (09.2 for 09.02 or 09.20): `near_ids` is the one rule for the ids such a text may stand
for, which `bizenv show` and the work ledger (record, validate's checks of the reports, the
template's import) name after `did you mean` (model/wording.did_you_mean).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Any id the tool prints inside a plan: 09.10, 09.i1, 01.s5, 09.t1.
ITEM_ID = re.compile(r"^(\d{1,2})\.([a-z]?)(\d+[a-z]?)$", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")


def near_ids(text: str, ids: Iterable[str]) -> list[str]:
    """The ids of `ids` that `text`, which names none of them, may stand for, in id order; none
    when no id is near.

    Near is: of the same plan and kind, with the same letter after the number (03a), and either the
    same number written with more or fewer leading zeros (9.1 and 09.001 for 09.01) or, for a
    measure, the same digits but for trailing zeros (9.1 for 09.10, 09.2 for 09.20, as a
    spreadsheet shortens them; 9.i1 is 09.i1 alone).
    Every near id is as near as the others: 9.1 may be either, and a message names both. A
    milestone as the ledger names it (09.02#1) stands for its measure, when `ids` hold it."""
    ids = list(ids)
    measure, mark, milestone = text.strip().partition("#")
    if mark:
        wanted = measure.strip().lower()
        named = ITEM_ID.match(wanted)
        if not milestone.strip().isdigit() or named is None or named.group(2):
            return []  # only a measure has milestones
        return [item_id for item_id in ids if item_id.lower() == wanted][:1]
    typed = ITEM_ID.match(text.strip())
    if typed is None:
        return []
    plan, letter = int(typed.group(1)), typed.group(2).lower()
    digits, suffix = _number_and_suffix(typed.group(3))
    near = []
    for item_id in ids:
        item = ITEM_ID.match(item_id)
        if item is None or int(item.group(1)) != plan or item.group(2).lower() != letter:
            continue
        item_digits, item_suffix = _number_and_suffix(item.group(3))
        if item_suffix != suffix:
            continue
        # Trailing zeros are a measure's alone: a spreadsheet reads 09.10 as the number 9.1, but
        # 09.i10, 01.s10 and 09.t10 are texts it keeps whole.
        if int(item_digits) == int(digits) or (not letter and item_digits.rstrip("0") == digits.rstrip("0")):
            near.append((int(item_digits), item_id))
    return [item_id for _, item_id in sorted(near)]


def _number_and_suffix(text: str) -> tuple[str, str]:
    """03a -> ('03', 'a'): the number's digits as written, and the letter after them."""
    digits = _NUMBER.match(text).group()
    return digits, text[len(digits):].lower()
