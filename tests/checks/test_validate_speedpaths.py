"""validate's fast paths say exactly what the slow ones said (issue 14).

- A document read from the store (a file whose very bytes passed every check a query makes) has
  no positions until a finding asks for one: the findings on damaged files are the same, byte for
  byte, as with every file parsed eagerly (--no-cache).
- A second validate of unchanged data parses no plan or registry, and imports neither PyYAML nor
  a schema validator.
- The verbatim walk over a compiled schema, the coverage audit and squeeze() agree with the plain
  implementations they replaced (kept here as the reference).
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import DATA, REPO, SCHEMAS, place_store, with_one_ledger_report

sys.path.insert(0, str(REPO / "tools"))
import fuzz_data  # noqa: E402

from bizenv_cli.checks import audit  # noqa: E402
from bizenv_cli.checks.verbatim import verbatim_list  # noqa: E402
from bizenv_cli.files import yamlload  # noqa: E402
from bizenv_cli.files.datadir import DataDir  # noqa: E402
from bizenv_cli.files.sourcetext import SourceText  # noqa: E402
from bizenv_cli.model.textfold import squeeze  # noqa: E402
from bizenv_cli.api import validate  # noqa: E402
from bizenv_cli.checks.validate import load_schema  # noqa: E402

PLAN = "04-getting-electricity.yaml"


# conftest's `private_cache` is this test's own folder of stores; `private_store` holds a store of
# the undamaged data in it, as a user's does: the tests that damage files compare what validate
# finds with it and without it.


def _stored(private_cache) -> list[Path]:
    return list(private_cache.glob("*.sqlite"))


@pytest.fixture
def builds(monkeypatch):
    """How many times the positional parser (events to values and positions) ran."""
    calls = []
    original = yamlload._Builder.build

    def counting(self, loader):
        calls.append(self.name)
        return original(self, loader)

    monkeypatch.setattr(yamlload._Builder, "build", counting)
    return calls


def _findings(data: Path, monkeypatch, cached: bool) -> list[str]:
    report = validate(DataDir(data, "option"), use_cache=cached)
    return [str(problem) + " " + problem.severity + " " + problem.check for problem in report.problems]


def _same_findings_all_ways(data: Path, monkeypatch) -> list[str]:
    eager = _findings(data, monkeypatch, cached=False)
    first = _findings(data, monkeypatch, cached=True)  # fills the store when the data is valid
    lazy = _findings(data, monkeypatch, cached=True)  # documents from the store, positions on demand
    assert first == eager
    assert lazy == eager
    return eager


def test_a_second_run_parses_no_yaml(data_copy, private_cache, builds, monkeypatch):
    assert _findings(data_copy, monkeypatch, cached=True) == []
    assert len(builds) == 30  # 29 plans and the registry, each parsed once
    builds.clear()
    assert _findings(data_copy, monkeypatch, cached=True) == []
    assert builds == []


def test_no_cache_parses_every_time_and_writes_nothing(data_copy, private_cache, builds, monkeypatch):
    _findings(data_copy, monkeypatch, cached=False)
    _findings(data_copy, monkeypatch, cached=False)
    assert len(builds) == 60
    assert not private_cache.parent.exists()  # no cache folder made at all


def test_an_edit_parses_that_file_again_and_only_it(data_copy, private_cache, builds, monkeypatch):
    _findings(data_copy, monkeypatch, cached=True)
    builds.clear()
    plan = data_copy / "plans" / PLAN
    plan.write_text(plan.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert _findings(data_copy, monkeypatch, cached=True) == []
    assert len(builds) == 1 and builds[0].endswith(PLAN)


# Damage that keeps the file readable YAML, so that the schema, semantic and audit findings (the ones
# that ask for positions) are the ones compared.
READABLE_DAMAGE = [
    ("seq: 2\n", "seq: 7\n"),  # semantics: source order
    ("  kind: preamble", "  kind: preamble\n  colour: red"),  # schema: an unknown key
    ("id: '04'", "id: '05'"),  # the file name and the id disagree
    ("    raw: 市", "    raw: 县"),  # a raw responsibility differs from the source
    ("  - line: 503", "  - line: 507"),  # a line number that points elsewhere
    ("first_line: ", "first_line: 1"),  # the span
    ("document: 4", "document: 40"),  # no such document
]


@pytest.mark.parametrize("old,new", READABLE_DAMAGE)
def test_findings_on_a_readable_damaged_plan_are_the_same_lazily(data_copy, private_store, builds, monkeypatch,
                                                                 old, new):
    plan = data_copy / "plans" / PLAN
    assert _findings(data_copy, monkeypatch, cached=True) == []  # the store holds every file, this one too
    text = plan.read_text(encoding="utf-8")
    assert old in text, f"the damage this case makes needs {old!r} in {PLAN}"
    plan.write_text(text.replace(old, new, 1), encoding="utf-8")
    other = data_copy / "plans" / "02-starting-a-business.yaml"
    # Two measures with one seq: a damage the store's tables cannot hold (their key), on top.
    other.write_text(other.read_text(encoding="utf-8").replace("seq: 2\n", "seq: 9\n", 1), encoding="utf-8")
    builds.clear()
    assert _same_findings_all_ways(data_copy, monkeypatch)  # and there are some
    # Both damaged files are read from the files; the 28 others (and their positions) from the store.
    builds.clear()
    _findings(data_copy, monkeypatch, cached=True)
    assert builds and {Path(name).name for name in builds} <= {PLAN, other.name}, sorted(builds)


def test_a_store_checked_under_other_schemas_is_not_taken_when_its_update_fails(data_copy, private_store,
                                                                               monkeypatch):
    """A stricter schema makes the store check every file anew; a plan whose rows the tables cannot
    hold (two measures with one seq) stops that and leaves the store as the old schema checked
    it. validate must not take its documents as passing the new schema."""
    import json

    schema_path = data_copy.parent / "schemas" / "plan.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["not"] = {"properties": {"slug": {"const": "construction-permits"}}, "required": ["slug"]}
    schema_path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")
    other = data_copy / "plans" / "02-starting-a-business.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("seq: 2\n", "seq: 9\n", 1), encoding="utf-8")
    cached = _findings(data_copy, monkeypatch, cached=True)
    assert cached == _findings(data_copy, monkeypatch, cached=False)
    assert any("plans/03-construction-permits.yaml:" in finding and finding.endswith(" schema")
               for finding in cached), cached


@pytest.fixture(scope="module")
def store_with_one_report(tmp_path_factory):
    """The store validate filled for the shipped data with one ledger report (another copy of the
    same files), once the findings on that data were the same all ways: there are none."""
    import shutil
    import sqlite3

    work = tmp_path_factory.mktemp("one-report")
    data = work / "data"
    shutil.copytree(DATA, data)
    shutil.copytree(SCHEMAS, work / "schemas")
    with_one_ledger_report(data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(work / "cache"))
        patch.delenv("BIZENV_NO_CACHE", raising=False)
        assert _same_findings_all_ways(data, patch) == []
    (database,) = (work / "cache" / "bizenv").glob("*.sqlite")
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return database


@pytest.mark.parametrize("old,new", [
    ("measure: '09.02'", "measure: '09.99'"),  # no such measure
    ("done_on: '2022-06-20'", "done_on: '2022-07-20'"),  # after as_of
    ("  evidence: 已上线", "  evidence: 已上线\n  colour: red"),  # the schema's unknown key
])
def test_findings_on_a_damaged_ledger_report_are_the_same_lazily(data_copy, private_cache, store_with_one_report,
                                                                  builds, monkeypatch, old, new):
    with_one_ledger_report(data_copy)
    place_store(store_with_one_report, private_cache, data_copy)
    report = data_copy / "progress" / "2022-06" / "tax.yaml"
    assert _findings(data_copy, monkeypatch, cached=True) == []
    assert [name for name in builds if "progress" not in str(name)] == []  # the plans came from the store
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert _same_findings_all_ways(data_copy, monkeypatch)


def test_findings_on_a_damaged_registry_are_the_same_lazily(data_copy, private_cache, monkeypatch):
    registry = data_copy / "departments.yaml"
    text = registry.read_text(encoding="utf-8")
    name = re.search(r"name: (\S+)", text).group(1)
    registry.write_text(text.replace(f"name: {name}", f"name: {name}X", 1), encoding="utf-8")
    assert _same_findings_all_ways(data_copy, monkeypatch)


@pytest.mark.parametrize("seed", range(12))
def test_findings_on_fuzzed_plans_are_the_same_lazily(data_copy, private_store, monkeypatch, seed):
    rng = random.Random(7000 + seed)
    plans = sorted((data_copy / "plans").glob("*.yaml"))
    for plan in rng.sample(plans, 3):  # three damaged files, each damaged twice
        text = plan.read_text(encoding="utf-8")
        for _ in range(2):
            text, _ = fuzz_data.mutate(text, rng)
        plan.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    _same_findings_all_ways(data_copy, monkeypatch)


def test_every_file_loads_alike_from_the_store(data_copy, private_cache):
    """The documents the store gives validate are the loader's, and a document from the store
    finds the same positions when asked."""
    from bizenv_cli.store.package import checked_documents

    data_dir = DataDir(data_copy, "option")
    checked = checked_documents(data_dir)  # builds the store
    checked = checked_documents(data_dir)
    paths = [data_dir.departments_file, *data_dir.plan_files()]
    for path in paths:
        raw = path.read_bytes()
        eager = yamlload.load_yaml_bytes(raw, path, path.name)
        document = checked(path, raw)
        assert document == eager.data, path
        lazy = yamlload.LoadedYaml(path, document, raw=raw, name=path.name)
        for wanted in list(eager.positions)[::211]:
            assert lazy.position_of(wanted) == eager.position_of(wanted), (path, wanted)
        assert checked(path, raw + b"# other bytes\n") is None, "only for the very bytes it was built from"
    assert checked(REPO / "tests" / "examples" / "x.yaml", b"") is None, "only for the data folder's own files"


def test_a_damaged_store_is_read_again_from_the_files(data_copy, private_cache, builds, monkeypatch):
    import sqlite3

    assert _findings(data_copy, monkeypatch, cached=True) == []
    (database,) = _stored(private_cache)
    db = sqlite3.connect(database)
    with db:
        db.execute("UPDATE files SET document = replace(document, '2022-03-31', '2022-02-30')")
    db.close()
    builds.clear()
    assert _findings(data_copy, monkeypatch, cached=True) == []
    assert len(builds) == 30, "built again from every file"
    builds.clear()
    assert _findings(data_copy, monkeypatch, cached=True) == []
    assert builds == []


# --- the verbatim walk, the coverage audit and squeeze against the implementations they replaced ---

def _reference_verbatim_values(data, schema, root_schema=None, path=()) -> Iterator[tuple[tuple, str]]:
    root_schema = root_schema or schema
    for sub in _reference_alternatives(schema, root_schema):
        if sub.get("$comment") == "verbatim" and isinstance(data, str):
            yield path, data
            return
        if isinstance(data, dict) and "properties" in sub:
            for key, value in data.items():
                if key in sub["properties"]:
                    yield from _reference_verbatim_values(value, sub["properties"][key], root_schema, path + (key,))
            return
        if isinstance(data, list) and "items" in sub:
            for index, item in enumerate(data):
                yield from _reference_verbatim_values(item, sub["items"], root_schema, path + (index,))
            return


def _reference_alternatives(schema, root):
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        yield from _reference_alternatives(target, root)
        return
    yield schema
    for keyword in ("anyOf", "oneOf"):
        for branch in schema.get(keyword, []):
            yield from _reference_alternatives(branch, root)


def _documents():
    plan_schema = load_schema(SCHEMAS / "plan.schema.json")
    for path in sorted((DATA / "plans").glob("*.yaml")):
        yield yamlload.load_yaml_file(path).data, plan_schema
    yield yamlload.load_yaml_file(DATA / "departments.yaml").data, load_schema(SCHEMAS / "departments.schema.json")


def _scrambled(value, rng: random.Random):
    """The document with values of the wrong type here and there (what the walk meets on data the
    schema refuses: coverage_report and the registry audit may walk such data)."""
    if isinstance(value, dict):
        return {key: _scrambled(item, rng) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrambled(item, rng) for item in value]
    roll = rng.random()
    if roll < 0.03:
        return [value]
    if roll < 0.06:
        return {"text": value}
    if roll < 0.08:
        return 7
    return value


def test_the_compiled_verbatim_walk_finds_what_the_schema_walk_found():
    rng = random.Random(14)
    for document, schema in _documents():
        expected = list(_reference_verbatim_values(document, schema))
        assert expected
        assert verbatim_list(document, schema) == expected
        scrambled = _scrambled(document, rng)
        assert verbatim_list(scrambled, schema) == list(_reference_verbatim_values(scrambled, schema))


def test_the_compiled_walk_follows_refs_branches_and_loops():
    schema = {
        "definitions": {
            "node": {"type": "object", "properties": {
                "text": {"$comment": "verbatim"},
                "note": {"type": "string"},
                "children": {"type": "array", "items": {"$ref": "#/definitions/node"}},
            }},
            "either": {"anyOf": [{"type": "null"}, {"$comment": "verbatim", "type": "string"},
                                 {"oneOf": [{"properties": {"raw": {"$comment": "verbatim"}}}]}]},
        },
        "properties": {
            "tree": {"$ref": "#/definitions/node"},
            "either": {"type": "array", "items": {"$ref": "#/definitions/either"}},
            "plain": {"type": "array", "items": {"type": "string"}},
        },
    }
    document = {
        "tree": {"text": "a", "note": "b", "children": [{"text": "c", "children": [{"text": "d", "note": "e"}]}]},
        "either": [None, "f", {"raw": "g", "other": "h"}, ["i"]],
        "plain": ["j"],
    }
    expected = list(_reference_verbatim_values(document, schema))
    assert [value for _, value in expected] == ["a", "c", "d", "f", "g"]
    assert verbatim_list(document, schema) == expected


def _reference_coverage(plan_doc, schema, source):
    lines = [(number, source.line(number))
             for first, last in audit.owned_lines(plan_doc)
             for number in range(max(first, 1), min(last, len(source.lines)) + 1)]
    text = ""
    line_of_offset = []
    for number, line in lines:
        squeezed = re.sub(r"\s+", "", line)
        text += squeezed
        line_of_offset.extend([number] * len(squeezed))
    covered = bytearray(len(text))
    values = {re.sub(r"\s+", "", value) for _, value in _reference_verbatim_values(plan_doc, schema) if value.strip()}
    values.update(audit.STRUCTURE_WORDS)
    for value in values:
        start = text.find(value)
        while start != -1:
            covered[start:start + len(value)] = b"\x01" * len(value)
            start = text.find(value, start + 1)
    uncovered = sorted({line_of_offset[offset] for offset, flag in enumerate(covered) if not flag})
    return audit.Coverage(plan_doc.get("document", 0), len(text), sum(covered),
                          tuple((number, source.line(number)) for number in uncovered))


def test_coverage_is_what_it_was_on_whole_and_cut_plans():
    source = SourceText(next((DATA / "source").glob("*.txt")))
    rng = random.Random(3)
    for document, schema in list(_documents())[:-1]:
        assert audit.coverage(document, schema, source) == _reference_coverage(document, schema, source)
        # Values dropped: the lines they held are uncovered, alike in both.
        for collection in ("measures", "sections", "indicators"):
            if document.get(collection):
                del document[collection][rng.randrange(len(document[collection]))]
        result = audit.coverage(document, schema, source)
        assert result == _reference_coverage(document, schema, source)
    assert result.uncovered_lines  # the cutting did uncover lines


def test_squeeze_removes_exactly_what_the_whitespace_regex_removed():
    everything = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000)
    assert squeeze("a" + everything + "b") == re.sub(r"\s+", "", "a" + everything + "b")
    assert squeeze(" \u3000全角\u00a0空格\t\n ") == "全角空格"


def test_a_warm_validate_imports_neither_pyyaml_nor_fastjsonschema_nor_jsonschema(tmp_path):
    import os
    import subprocess

    script = (
        "import sys, io, contextlib\n"
        "from bizenv_cli.cli import main\n"
        f"sys.argv = ['bizenv', '--data', {str(DATA)!r}, 'validate']\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "    try:\n        main()\n    except SystemExit as exit:\n        assert not exit.code, exit.code\n"
        "print(sorted(m for m in ('yaml', 'fastjsonschema', 'jsonschema') if m in sys.modules))\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("BIZENV_NO_CACHE", None)
    cold = subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True)
    assert "'yaml'" in cold.stdout  # the first run parses every file
    warm = subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True)
    assert warm.stdout.strip() == "[]"


def test_responsibilities_are_read_against_the_registry_given_each_time():
    from bizenv_cli.model.departments import Registry
    from bizenv_cli.model.responsibility import UnknownBody, parse_responsibility

    document = yamlload.load_yaml_file(DATA / "departments.yaml").data
    full = Registry.from_document(document)
    first = document["departments"][0]
    smaller = Registry.from_document({**document, "departments": [
        entry for entry in document["departments"]
        if entry["id"] != first["id"] and entry.get("parent") != first["id"]
        and first["id"] not in (entry.get("covers") or [])]})
    line = first["name"] + "牵头"
    for _ in range(2):  # alternately: each registry's own vocabulary, never the last one's
        assert [assignment.id for assignment in parse_responsibility(line, full)] == [first["id"]]
        with pytest.raises(UnknownBody):
            parse_responsibility(line, smaller)
