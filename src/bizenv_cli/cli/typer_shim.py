"""typer's option values without pydantic.

typer 0.29 converts every option value through a pydantic TypeAdapter that it builds when the
command runs: importing pydantic and building the adapters costs ~50 ms, more than all the rest
of `bizenv due --format json` (DESIGN asks that to stay within 1.5x of importing typer and yaml).
For the kinds of value our options take (str, Path, an Enum, lists of them) typer has
pydantic-free helpers that do the very same checks; we route those kinds to them and leave
every other kind, and any other typer version, to typer itself.

This reaches into typer's private modules (typer._click, typer._coercion, typer._param_types):
typer is pinned to >=0.29,<0.30 in pyproject.toml, and if those names move the shim turns itself
off (typer then parses every option itself, ~50 ms slower, with the same results).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path


def install_quick_option_parsing() -> None:
    """Route plain option types (str, int, bool, Path, an Enum, lists of them) around typer's
    pydantic adapters; does nothing on a typer without them."""
    try:
        from typer import core as typer_core
        from typer._click.exceptions import BadParameter
        from typer._coercion import RuntimeParam
        from typer._param_types import coerce_cli_choice, coerce_cli_path, lenient_issubclass
        from typer._typing import get_args, get_origin
    except ImportError:  # a typer without the adapter layer: nothing to avoid
        return
    parameter_class = getattr(typer_core, "_TyperParameter", None)
    if parameter_class is None or not hasattr(parameter_class, "get_runtime_param"):
        return

    truths = {"1", "true", "t", "yes", "y", "on"}
    falsehoods = {"", "0", "false", "f", "no", "n", "off"}

    def quick_bool(value, param, ctx):
        # What pydantic accepts for a bool, which typer's own flag values and envvars go through.
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in truths or text in falsehoods:
            return text in truths
        raise BadParameter(f"{value!r} is not a valid boolean", ctx=ctx, param=param)

    def leaf_parser(annotation, info):
        if info.parser is not None or getattr(info, "click_type", None) is not None:
            return None
        if annotation is bool:
            return quick_bool
        if annotation is int:
            def whole_number(value, param, ctx):
                try:
                    number = value if isinstance(value, int) else int(str(value).strip())
                except ValueError:
                    raise BadParameter(f"'{value}' is not a whole number", ctx=ctx, param=param) from None
                if info.min is not None and number < info.min:
                    raise BadParameter(f"{number} is less than {info.min}", ctx=ctx, param=param)
                if info.max is not None and number > info.max:
                    raise BadParameter(f"{number} is more than {info.max}", ctx=ctx, param=param)
                return number
            return whole_number
        if annotation is str:
            return lambda value, param, ctx: value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
        if lenient_issubclass(annotation, Enum):
            choices = tuple(annotation)

            def choice(value, param, ctx):
                try:
                    # Every choice of every command ignores case (--status Overdue, --format JSON):
                    # decided here once rather than by each option remembering to say so.
                    return coerce_cli_choice(value, choices=choices, case_sensitive=False, ctx=ctx)
                except ValueError as error:
                    raise BadParameter(str(error), ctx=ctx, param=param) from None
            return choice
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

    typer_get_runtime_param = parameter_class.get_runtime_param

    def get_runtime_param(self):
        if getattr(self, "_runtime_param", None) is None:
            quick = quick_param(self.type_descriptor)
            if quick is None:
                return typer_get_runtime_param(self)
            self._runtime_param = quick
        return self._runtime_param

    parameter_class.get_runtime_param = get_runtime_param

