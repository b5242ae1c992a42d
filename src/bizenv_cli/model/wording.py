"""How messages count and list things in English: `1 measure`, `2 measures`; `a`, `a or b`,
`a, b or c`. Written once for every layer, so that a heading, a summary and a did-you-mean read
alike wherever they are written (a noun whose plural is not the noun and an s says its own). And
how a list is written as one piece of text in each language a listing is written in; `Phrase`,
the tool's own words around values, which a file in Chinese says in Chinese; and how a message
quotes a value of a data file, as YAML writes it (`quoted_value`, `quoted_text`)."""

from __future__ import annotations

import re
from collections.abc import Iterable


def plural(count: int, noun: str) -> str:
    # A Phrase: a heading in Chinese says the noun in Chinese (outputs/words.py, by its English).
    return Phrase("{count} {noun}", count=count, noun=noun if count == 1 else noun + "s")


def either(words: Iterable[str]) -> str:
    """The words as alternatives; at least one. A Phrase, which a title in Chinese says as a、b或c."""
    words = list(words)
    return words[0] if len(words) == 1 else Phrase("{some} or {last}", some=words[:-1], last=words[-1])


def not_one_of(value: str, choices: Iterable[str]) -> str:
    """How every refused choice is said, by the options and the library alike: `'xml' is not one
    of table, json, csv, tsv, md or xlsx`."""
    return f"{quoted_text(str(value))} is not one of {either(choices)}"


def did_you_mean(words: Iterable[str]) -> str:
    """`; did you mean a, b or c?`, the end of a message naming what was likely meant; '' for no
    word, so that a message without a likely meaning ends where it did."""
    words = list(words)
    return f"; did you mean {either(words)}?" if words else ""


# How a list is one piece of text, by the language of the listing (outputs/words.py): every list
# cell of every format (outputs/render.cell_text) and every list inside a sentence of a cell (the
# tied leads of a plan, model/status_words.plan_lead_words) is joined so, so that a listing never
# joins two lists two ways.
LIST_SEPARATOR = {"en": ", ", "zh": "、"}


class Phrase(str):
    """The tool's own words around values (`by 2022-12`, `-0.5 次 year on year`, `total`), as the
    English text every English file and the JSON show, keeping its template and its values so that
    a file in Chinese says the same in Chinese: outputs/words.py holds each template's Chinese,
    keyed by the template (PHRASE_IN_CHINESE), and says a value by its name (a value named
    `status` in a status's words). Being a str, a Phrase is the JSON contract's English as it is.

    The template is a literal `str.format` string (tests/outputs/test_words.py finds every one in
    the code and checks that it has its Chinese); a value is text, a number, a list (joined as
    English joins one) or a Phrase."""

    template: str
    values: dict

    def __new__(cls, template: str, **values: object) -> "Phrase":
        phrase = super().__new__(cls, template.format(**{name: _english(value) for name, value in values.items()}))
        phrase.template, phrase.values = template, values
        return phrase

    def with_values(self, **values: object) -> "Phrase":
        """The same words around other values: a file's words for a value in place of the JSON's
        (a status `due within 30 days` for `due`, outputs/words.said_in_english)."""
        return type(self)(self.template, **{**self.values, **values})


def _english(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR["en"].join(str(_english(item)) for item in value)
    return "" if value is None else value


MOST_QUOTED = 60  # characters of a value a message quotes: a measure's text is too long to read


def quoted_value(value, most: int | None = MOST_QUOTED, written: dict[tuple, str] | None = None) -> str:
    """A value as a message quotes it: as YAML writes it in flow style (null, true, a text in
    quotes, [a list], {a: mapping}), never as Python's repr (None, True, {'a': 1}); clipped to
    `most` characters, or whole when `most` is None (what a rule allows is named whole).

    `written`: the text a scalar of the value was written as in its file, by its path below the
    value (() for the value itself; files/yamlload's LoadedYaml.written_texts), quoted in place of
    what it reads as: the file says 2022.10, TRUE, +5, never 2022.1, true, 5."""
    if most is None:
        return _flow(value, None, written or {}, ())
    text = _flow(value, most + 1, written or {}, ())
    return text if len(text) <= most else text[:most] + "…"


def _flow(value, room: int | None, written: dict[tuple, str], at: tuple) -> str:
    """`value` (at path `at` below the quoted one) in YAML's flow style; past `room` characters it
    may stop short (it is clipped then), so that a list of a million items is not all written to
    quote its start."""
    if at in written:
        return written[at]
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return quoted_text(value if room is None else value[:room])
    if isinstance(value, (list, dict)):
        parts: list[str] = []
        length = 1
        for index, item in enumerate(value.items() if isinstance(value, dict) else value):
            if room is not None and length > room:
                break
            left = None if room is None else room - length
            part = (f"{_key(item[0])}: {_flow(item[1], left, written, at + (item[0],))}" if isinstance(value, dict)
                    else _flow(item, left, written, at + (index,)))
            parts.append(part)
            length += len(part) + 2
        ends = "{}" if isinstance(value, dict) else "[]"
        return ends[0] + ", ".join(parts) + ends[1]
    return repr(value)  # a number


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def _key(key) -> str:
    return key if isinstance(key, str) and _PLAIN_KEY.fullmatch(key) else _flow(key, None, {}, ())


# Escapes of YAML's double-quoted style for what a quoted text cannot show as itself.
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def quoted_text(text: str) -> str:
    """`text` in quotes as YAML reads it back: 'in single quotes', or "in double quotes" with
    escapes when it holds a quote or a character that does not show (a line break, a tab, an
    ideographic space U+3000, which a trailing one would hide)."""
    if "'" not in text and text.isprintable():
        return f"'{text}'"
    return '"' + "".join(_ESCAPES.get(char) or (char if char.isprintable() else _escaped(char)) for char in text) + '"'


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
