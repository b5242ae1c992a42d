"""Every number of a data file is one that every reader of it keeps exactly: finite, and at most
2**53 either way, the largest whole number an IEEE double holds without a gap. A browser's JSON
(ajv, the report's page) and SQLite's REAL read no more; an INTEGER column stops at 2**63, and a
number YAML reads as infinite (1.0e+309) is none. The schema says only "a number", so such a value
had passed it, and `bizenv export` ended in a traceback on it. Its own module, so that the store
checks a file without importing validate and the source audit."""

from __future__ import annotations

import math

from bizenv_cli.files.problems import Problem, field_path
from bizenv_cli.model.wording import quoted_value

LARGEST_EXACT = 2 ** 53


def unkept_numbers(loaded, name: str) -> list[Problem]:
    """A finding at each number of the document (files.yamlload.LoadedYaml) that is not finite or
    lies beyond ±2**53, quoted as the file writes it."""
    if not _any_unkept(loaded.data):
        return []  # the paths are worked out only for a file that has such a number
    problems = []
    waiting = [((), loaded.data)]
    while waiting:  # no recursion: the loader allows 32 levels, every walker keeps to a loop
        path, value = waiting.pop()
        if isinstance(value, dict):
            waiting.extend(((*path, key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            waiting.extend(((*path, index), item) for index, item in reversed(list(enumerate(value))))
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and not _kept(value):
            problems.append(Problem(name, *loaded.position_of(path), field_path(path),
                                    f"{quoted_value(value, written=loaded.written_texts(path))} is beyond the "
                                    f"numbers every reader keeps exactly: finite, and at most {LARGEST_EXACT:,} "
                                    "either way", "schema"))
    return problems


def _any_unkept(data) -> bool:
    waiting = [data]
    while waiting:
        value = waiting.pop()
        kind = type(value)
        if kind is dict:
            waiting.extend(value.values())
        elif kind is list:
            waiting.extend(value)
        elif (kind is int or kind is float) and not -LARGEST_EXACT <= value <= LARGEST_EXACT:  # NaN too
            return True
    return False


def _kept(number: int | float) -> bool:
    return math.isfinite(number) and abs(number) <= LARGEST_EXACT
