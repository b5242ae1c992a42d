"""A phrase every message shares is written in one place (model/wording.py), so that messages
read alike wherever they are made: a suggestion of what was meant ends `; did you mean a or b?`
in validate's findings, a name or id that fits nothing, --dept, --plan and an unknown option."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "bizenv_cli"

# wording.did_you_mean writes the phrase; cli/app.py rewords click's own ("Did you mean") into it.
WRITTEN_IN = {"model/wording.py", "cli/app.py"}


def texts_saying(phrase: str, source: str) -> list[int]:
    """The lines of `source` whose string constants (f-strings' parts too; docstrings not: they
    may speak of the phrase) hold `phrase`, in any case."""
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and phrase in node.value.casefold()]


def test_did_you_mean_is_written_in_one_place():
    elsewhere = {str(path.relative_to(PACKAGE)): lines for path in sorted(PACKAGE.rglob("*.py"))
                 if str(path.relative_to(PACKAGE)) not in WRITTEN_IN
                 and (lines := texts_saying("did you mean", path.read_text(encoding="utf-8")))}
    assert elsewhere == {}, "use model/wording.did_you_mean"


def test_the_check_sees_the_phrase_in_an_f_string_and_not_in_a_docstring():
    source = 'def hint(x):\n    """did you mean: a docstring may say it"""\n    return f"; Did you mean {x}?"\n'
    assert texts_saying("did you mean", source) == [3]
