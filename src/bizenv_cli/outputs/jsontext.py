"""`json.dumps(value, ensure_ascii=False, indent=2)`, the same text at three times the speed.

The standard library writes indented JSON with its pure-Python encoder (its C encoder takes no
indent before Python 3.14): for the 800 rows of a `due --format json` at 100 times the data that
was 33 ms, the largest part of what the rows cost beyond a run's fixed start (issue 14). This
writer builds the same text from the same pieces: the C string escaper json.dumps uses (which
writes a str subclass as json.dumps does) and each number's repr. Anything it is not sure to write
as json.dumps would (a key that is not a string, a float that is NaN or infinite, an int subclass,
a type other than dict, list, tuple, str, int, float, bool and None, a cycle) hands the whole
value to json.dumps, so the output is json.dumps's own in every case. tests/test_jsontext.py
compares the two on generated values and on every command's real output.
"""

from __future__ import annotations

import json
from json.encoder import (
    encode_basestring as _quoted,  # the C escaper where there is one, as json.dumps uses
)
from math import isfinite


class _NotPlain(Exception):
    """A value that only json.dumps should write."""


def dumps_indented(value) -> str:
    """json.dumps(value, ensure_ascii=False, indent=2), byte for byte."""
    parts: list[str] = []
    try:
        _write(value, parts, "\n", {})
    except (_NotPlain, RecursionError):
        return json.dumps(value, ensure_ascii=False, indent=2)
    return "".join(parts)


def _write(value, parts: list[str], newline: str, key_texts: dict) -> None:
    """Append `value`'s text, at the indentation that `newline` ends with. `key_texts` keeps, per
    indentation, each key's `,<newline>"key": `: a listing repeats the same keys in every row."""
    kind = type(value)
    if kind is dict:
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        known = key_texts.get(inner)
        if known is None:
            known = key_texts[inner] = {}
        append = parts.append
        opening = True
        for key, item in value.items():
            prefix = known.get(key)
            if prefix is None:
                if type(key) is not str:
                    raise _NotPlain  # json.dumps turns 1, 1.5, True, None into strings its own way
                prefix = known[key] = "," + inner + _quoted(key) + ": "
            if opening:
                append("{" + prefix[1:])
                opening = False
            else:
                append(prefix)
            # The common scalars inline: a call per value is most of what this saves.
            item_kind = type(item)
            if item_kind is str:
                append(_quoted(item))
            elif item is None:
                append("null")
            elif item_kind is int:
                append(int.__repr__(item))
            else:
                _write(item, parts, inner, key_texts)
        append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        try:  # a list of names or ids: one join (the escaper refuses anything but a string)
            parts.append("[" + inner + ("," + inner).join(map(_quoted, value)) + newline + "]")
            return
        except TypeError:
            pass
        separator = "[" + inner
        for item in value:
            parts.append(separator)
            _write(item, parts, inner, key_texts)
            separator = "," + inner
        parts.append(newline + "]")
    elif kind is str:
        parts.append(_quoted(value))
    elif value is None:
        parts.append("null")
    elif kind is bool:
        parts.append("true" if value else "false")
    elif kind is int:
        parts.append(int.__repr__(value))
    elif kind is float:
        if not isfinite(value):
            raise _NotPlain  # NaN and the infinities: json.dumps's own spelling
        parts.append(float.__repr__(value))
    else:
        raise _NotPlain
