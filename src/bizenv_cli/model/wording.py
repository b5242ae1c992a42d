"""How messages count and list things in English: `1 measure`, `2 measures`; `a`, `a or b`,
`a, b or c`. Written once for every layer, so that a heading, a summary and a did-you-mean read
alike wherever they are written (a noun whose plural is not the noun and an s says its own). And
how a list is written as one piece of text in each language a listing is written in; and `Phrase`,
the tool's own words around values, which a file in Chinese says in Chinese."""

from __future__ import annotations

from collections.abc import Iterable


def plural(count: int, noun: str) -> str:
    # A Phrase: a heading in Chinese says the noun in Chinese (outputs/words.py, by its English).
    return Phrase("{count} {noun}", count=count, noun=noun if count == 1 else noun + "s")


def either(words: Iterable[str]) -> str:
    """The words as alternatives; at least one. A Phrase, which a title in Chinese says as a、b或c."""
    words = list(words)
    return words[0] if len(words) == 1 else Phrase("{some} or {last}", some=words[:-1], last=words[-1])


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


def _english(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR["en"].join(str(_english(item)) for item in value)
    return "" if value is None else value
