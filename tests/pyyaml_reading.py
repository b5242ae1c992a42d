"""The data as PyYAML reads it: the reader the tests check bizenv's files against, other than bizenv's
own. `safe_load` is yaml.safe_load's reading (the safe constructor, YAML 1.1's implicit types) done
by libyaml's parser where PyYAML has it, which reads the same documents several times faster than
its pure-Python one. The shipped plans are read once per test process and shared: nobody changes
them."""

from __future__ import annotations

import functools

import yaml

from conftest import DATA

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str):
    return yaml.load(text, Loader=SAFE_LOADER)


@functools.cache
def shipped_plans() -> dict[str, dict]:
    """{file name: the plan} of every file of data/plans, in the order of their names."""
    return {path.name: safe_load(path.read_text(encoding="utf-8")) for path in sorted((DATA / "plans").glob("*.yaml"))}
