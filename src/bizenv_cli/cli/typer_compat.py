"""Every use of a private name of typer or click, in one place.

The rest of the command line uses typer's and click's public API only; what it needs from their
private modules is here, each with why and what happens without it:

- `errors`: the module of the exception classes the parser raises (NoSuchOption, MissingParameter,
  NoArgsIsHelpError...), which typer does not re-export: typer 0.29 raises those of its own copy of
  click (`typer._click.exceptions`), an older typer click's. It is found as the module of typer's
  public BadParameter, so it follows typer wherever it keeps them. The group's one-line usage
  errors (app.py: `usage_message`) tell them apart by class.
- `quick_option_parsing`: typer 0.29 converts every option value through a pydantic TypeAdapter
  built when the command runs; importing pydantic and building the adapters costs more than the
  rest of a warm `bizenv due --format json`. For the kinds of value our options take (str, Path,
  bool, an option with its own `parser=`, lists of them) typer has pydantic-free helpers doing the
  same checks, and each command's parameters are pointed at them. It changes no answer and no
  message: every option whose value can be wrong parses it with its own `parser=` (options.py),
  whose error typer passes through pydantic untouched; tests/cli/test_typer_compat.py runs the
  commands with this off and compares every message.

- `CommandsOnFirstLook`: typer's Typer keeps its commands in the attributes `registered_commands`
  and `registered_groups`, which `typer.main.get_group` reads when it builds the parser; they are
  no documented API. Made properties here, the first look at them runs what `defer_commands` was
  given (importing the command modules), so that the console script imports only the module of
  the command it runs. Switched off, the commands are imported at once: the same commands and
  answers, every module imported.

typer is pinned to >=0.29,<0.30 in pyproject.toml. If these names move, the quick parsing turns
itself off; BIZENV_TYPER_COMPAT=off turns it off by hand. To
take a new typer: run tests/cli/test_typer_compat.py, which compares every message both ways and
checks that the quick parsing still keeps pydantic out of a query.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import typer

errors = importlib.import_module(typer.BadParameter.__module__)

SWITCH = "BIZENV_TYPER_COMPAT"


def adjustments_on() -> bool:
    """False under BIZENV_TYPER_COMPAT=off (or 0): typer then parses every value itself."""
    return os.environ.get(SWITCH, "").strip().lower() not in ("off", "0", "no", "false")


def quick_option_parsing(params) -> None:
    """Point each of a command's parameters whose type is plain (str, bool, Path, an option with
    its own parser, lists of them) at a pydantic-free conversion. Only these parameter objects
    change: typer's classes, and any other command, are left as they are."""
    if not adjustments_on():
        return
    quick = _quick_param_factory()
    if quick is None:
        return
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", None) is not None:
            continue
        runtime = quick(descriptor)
        if runtime is not None:
            param._runtime_param = runtime


_FACTORY: list = []  # built once per process, on first use


def _quick_param_factory():
    if not _FACTORY:
        _FACTORY.append(_build_quick_param_factory())
    return _FACTORY[0]


def _build_quick_param_factory():
    try:
        from typer._coercion import RuntimeParam
        from typer._param_types import coerce_cli_path, lenient_issubclass
        from typer._typing import get_args, get_origin
        from typer.core import _TyperParameter
    except ImportError:  # a typer without the adapter layer: nothing to avoid
        return None
    if "_runtime_param" not in getattr(_TyperParameter, "__annotations__", {}):
        return None

    truths = {"1", "true", "t", "yes", "y", "on"}
    falsehoods = {"", "0", "false", "f", "no", "n", "off"}

    def flag(value, param, ctx):
        # What pydantic accepts for a bool: typer's own flag values and an envvar's text.
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in truths or text in falsehoods:
            return text in truths
        raise errors.BadParameter(f"{value!r} is not a valid boolean", ctx=ctx, param=param)

    def leaf_parser(annotation, info):
        if getattr(info, "click_type", None) is not None:
            return None
        if info.parser is not None:
            parse = info.parser
            return lambda value, param, ctx: parse(value)
        if annotation is bool:
            return flag
        if annotation is str:
            return lambda value, param, ctx: value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
        if lenient_issubclass(annotation, Path) and info.path_type is None:
            def path(value, param, ctx):
                value = value if isinstance(value, Path) else annotation(value)
                return coerce_cli_path(value, info, path_type=annotation, param=param, ctx=ctx)
            return path
        return None

    class QuickParam(RuntimeParam):
        def _coerce_value(self, value, param, ctx):
            annotation = self.annotation
            if get_origin(annotation) is list:
                parse = leaf_parser(get_args(annotation)[0], self.parameter_info)
                items = value if isinstance(value, (list, tuple)) else [value]
                return [parse(item, param, ctx) for item in items]
            return leaf_parser(annotation, self.parameter_info)(value, param, ctx)

    def quick_param(descriptor):
        annotation, info = descriptor.annotation, descriptor.parameter_info
        if descriptor.file_annotation is not None:
            return None
        leaf = get_args(annotation)[0] if get_origin(annotation) is list else annotation
        if get_origin(leaf) is not None or leaf_parser(leaf, info) is None:
            return None
        return QuickParam(parameter_info=info, annotation=annotation)

    return quick_param


def _after_loading(name: str) -> property:
    """One of typer's lists of commands (typer's Typer sets it in __init__), handed out once the
    deferred commands are in it."""
    kept = f"_{name}"

    def get(self):
        self._loaded()
        return getattr(self, kept)

    def put(self, value) -> None:
        setattr(self, kept, value)

    return property(get, put)


class CommandsOnFirstLook(typer.Typer):
    """A Typer whose commands may be registered late: `defer_commands(load)` makes the first look
    at them (typer building the parser, or a test asking) call `load`, which registers them."""

    _load_commands = None  # what registers the commands, until someone looks at them

    def defer_commands(self, load) -> None:
        if adjustments_on():
            self._load_commands = load
        else:
            load()

    def _loaded(self) -> None:
        load, self._load_commands = self._load_commands, None
        if load is not None:
            load()

    registered_commands = _after_loading("registered_commands")
    registered_groups = _after_loading("registered_groups")
