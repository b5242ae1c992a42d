"""The query cache: one entry per data file by content, verified on every read, written atomically,
bounded, and bypassed on request; queries refuse data they cannot read with validate's message."""

from __future__ import annotations

import json
import marshal
import os
import random
import re
import time

import pytest

from bizenv_cli.store import cache

from bizenv_cli.files import yamlload
from bizenv_cli.files.datadir import DataDir
from bizenv_cli.store.package import load_package
from conftest import invoke

DUE = ("due", "--before", "2022-06", "--as-of", "2022-05-15", "--format", "json")


@pytest.fixture
def parses(monkeypatch):
    """The names of the files the YAML loader parsed."""
    parsed: list[str] = []
    real = yamlload.load_yaml_bytes

    def counting(raw, path, name):
        parsed.append(os.path.basename(str(path)))
        return real(raw, path, name)

    monkeypatch.setattr(yamlload, "load_yaml_bytes", counting)
    return parsed


def _edit_title(data_copy, new_title: str = "企业开办") -> None:
    path = data_copy / "plans" / "02-starting-a-business.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^title: .*$", f"title: {new_title}", text, count=1), encoding="utf-8")


# --- one entry per file, by content ----------------------------------------------------------------

def test_an_edit_to_one_file_parses_that_file_again_and_no_other(data_copy, private_cache, parses):
    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)
    assert len(parses) == 30, "a cold load parses the registry and the 29 plans"
    parses.clear()
    assert len(load_package(data_dir).plans) == 29
    assert parses == [], "a warm load parses nothing"

    _edit_title(data_copy)
    package = load_package(data_dir)
    assert parses == ["02-starting-a-business.yaml"]
    assert package.plan(2).title == "企业开办"
    assert package.plan(3).title == load_package(data_dir, use_cache=False).plan(3).title


def test_a_file_with_the_same_content_in_another_folder_is_not_parsed_again(data_copy, tmp_path, private_cache,
                                                                              parses):
    import shutil

    load_package(DataDir(data_copy, "option"))
    other = tmp_path / "other" / "data"
    shutil.copytree(data_copy, other)
    parses.clear()
    assert len(load_package(DataDir(other, "option")).plans) == 29
    assert parses == []


def test_a_file_touched_without_a_change_is_not_parsed_again(data_copy, private_cache, parses):
    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)
    parses.clear()
    os.utime(data_copy / "plans" / "02-starting-a-business.yaml")
    load_package(data_dir)
    assert parses == []


# --- verified on every read --------------------------------------------------------------------------

def _flip_a_byte_in_every_entry(folder, seed: int) -> int:
    rng = random.Random(seed)
    flipped = 0
    for path in folder.iterdir():
        blob = bytearray(path.read_bytes())
        at = rng.randrange(len(blob))
        blob[at] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(blob))
        flipped += 1
    return flipped


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_flipped_byte_in_any_entry_is_detected_and_the_answer_stays_right(data_copy, private_cache, runner,
                                                                          monkeypatch, seed):
    monkeypatch.setenv("BIZENV_DATA", str(data_copy))
    truth = invoke(runner, "--no-cache", *DUE).stdout
    assert invoke(runner, *DUE).stdout == truth
    assert _flip_a_byte_in_every_entry(private_cache, seed) >= 31
    assert invoke(runner, *DUE).stdout == truth
    assert invoke(runner, "show", "04.01", "--format", "json").exit_code == 0
    assert invoke(runner, *DUE).stdout == truth


def test_a_deadline_moved_inside_an_entry_is_not_believed(data_copy, private_cache):
    """The case found by probing: 2022-03-31 edited to 2022-03-30 inside the cached plan 4."""
    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)
    moved = 0
    for path in private_cache.glob("*.doc"):
        blob = path.read_bytes()
        if b"04.01" in blob and b"2022-03-31" in blob:
            path.write_bytes(blob.replace(b"2022-03-31", b"2022-03-30"))
            moved += 1
    assert moved == 1
    assert load_package(data_dir).measure("04.01").deadline.milestones[0].date.isoformat() == "2022-03-31"


def test_an_entry_of_the_wrong_shape_is_rebuilt(data_copy, private_cache):
    import marshal

    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)
    for path in private_cache.iterdir():
        # A valid checksum around a payload of another shape (an older format, another program).
        cache.write(path.name, marshal.dumps({"measures": []}))
    package = load_package(data_dir)
    assert len(package.measures()) == 408
    assert package.registry.get("tax").name == "市税务局"


# --- written atomically, bounded, bypassed -----------------------------------------------------------

def test_a_failed_cache_write_leaves_no_temporary_file_and_the_query_still_answers(data_copy, private_cache,
                                                                                   monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    package = load_package(DataDir(data_copy, "option"))
    assert len(package.plans) == 29
    assert not [path.name for path in private_cache.iterdir() if path.name.endswith(".tmp")]


def test_the_cache_stays_within_its_bounds_after_many_edits(data_copy, private_cache, monkeypatch):
    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)
    in_use = len(list(private_cache.iterdir()))  # 30 documents, the folder's index, the compiled schemas
    monkeypatch.setattr(cache, "MAX_ENTRIES", in_use + 3)
    stale = private_cache / ".left-by-a-killed-run.tmp"
    stale.write_bytes(b"partial")
    os.utime(stale, (time.time() - 2 * cache.STALE_TEMP_SECONDS,) * 2)
    for edit in range(12):
        _edit_title(data_copy, f"企业开办{edit}")
        assert load_package(data_dir).plan(2).title == f"企业开办{edit}"
        assert len(list(private_cache.iterdir())) <= cache.MAX_ENTRIES
    assert not stale.exists()

    size = sum(path.stat().st_size for path in private_cache.iterdir())
    monkeypatch.setattr(cache, "MAX_BYTES", size)
    for edit in range(5):
        _edit_title(data_copy, f"开办{edit}")
        load_package(data_dir)
        assert sum(path.stat().st_size for path in private_cache.iterdir()) <= size + 4096


def test_no_cache_option_and_environment_variable_read_and_write_no_cache(data_copy, private_cache, runner,
                                                                          monkeypatch):
    monkeypatch.setenv("BIZENV_DATA", str(data_copy))
    result = invoke(runner, "--no-cache", *DUE)
    assert result.exit_code == 0 and json.loads(result.stdout)
    assert not private_cache.exists()
    monkeypatch.setenv("BIZENV_NO_CACHE", "1")
    assert invoke(runner, *DUE).stdout == result.stdout
    assert not private_cache.exists()
    monkeypatch.setenv("BIZENV_NO_CACHE", "0")
    assert invoke(runner, *DUE).stdout == result.stdout
    assert private_cache.is_dir()


def test_help_names_the_no_cache_option(runner):
    assert "--no-cache" in invoke(runner, "--help").stdout


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(data_copy, private_cache, monkeypatch):
    """The folder index trusts a file by its stat; ctime, which no user can set back, moves on any write."""
    from bizenv_cli.store import folderindex

    data_dir = DataDir(data_copy, "option")
    path = data_copy / "plans" / "04-getting-electricity.yaml"
    before = path.stat()
    load_package(data_dir)
    # Trust the stat at once (no racy window), as a later run would.
    monkeypatch.setattr(folderindex, "RACY_NS", -10**12)
    assert load_package(data_dir).measure("04.01").deadline.milestones[0].date.isoformat() == "2022-03-31"
    text = path.read_bytes()
    path.write_bytes(text.replace(b"date: '2022-03-31'", b"date: '2022-03-30'", 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert load_package(data_dir).measure("04.01").deadline.milestones[0].date.isoformat() == "2022-03-30"


def test_the_index_lists_the_plan_files_the_data_folder_lists(data_copy):
    from bizenv_cli.store import folderindex

    (data_copy / "plans" / ".hidden.yaml").write_text("x: 1\n", encoding="utf-8")
    (data_copy / "plans" / "notes.txt").write_text("x\n", encoding="utf-8")
    data_dir = DataDir(data_copy, "option")
    names, stats = folderindex._stat_files(data_dir)
    assert names == ("departments.yaml", *(f"plans/{path.name}" for path in data_dir.plan_files()))
    assert len(stats) == 4 * len(names)
    hidden = names.index("plans/.hidden.yaml")
    assert stats[4 * hidden] == (data_copy / "plans" / ".hidden.yaml").stat().st_size


def test_a_deadline_moved_in_a_measure_that_due_reads_on_its_own_is_not_believed(data_copy, private_cache):
    """`due` reads single measures from an entry (one pread each); each carries its own CRC-32."""
    from bizenv_cli.model.periods import parse_period, window

    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)
    (entry,) = [path for path in private_cache.glob("*.doc") if b"04.01" in path.read_bytes()
                and b"getting-electricity" in path.read_bytes()]
    blob = entry.read_bytes()
    # The measures follow the head (whole document included): 04.01 is the first, its date in it.
    measures_at = cache.PAYLOAD_OFFSET + 4 + int.from_bytes(blob[cache.PAYLOAD_OFFSET:cache.PAYLOAD_OFFSET + 4], "little")
    at = blob.index(b"2022-03-31", blob.index(b"04.01", measures_at))
    entry.write_bytes(blob[:at] + b"2022-03-30" + blob[at + 10:])
    before_june = window(before=parse_period("2022-06"))
    package = load_package(data_dir)
    dates = {m.id: [s.date.isoformat() for s in m.deadline.milestones] for _, m in package.due_candidates(before_june)}
    assert dates["04.01"] == ["2022-03-31"]
    assert package._plans is None, "answered from the index, with the damaged measure rebuilt"


def test_a_plan_pruned_from_the_cache_and_broken_meanwhile_is_reported_not_a_traceback(data_copy, private_cache,
                                                                                      runner, monkeypatch):
    """Another run prunes this folder's entries between the scan and the moment a command decodes
    the plans, and the file no longer reads: validate's message, exit 1 (was a traceback)."""
    from bizenv_cli.store import folderindex

    assert invoke(runner, "--data", str(data_copy), "measures", "--format", "json").exit_code == 0
    real_scan = folderindex.scan
    path = data_copy / "plans" / "05-getting-water.yaml"

    def scan_then_race(data_dir):
        index = real_scan(data_dir)
        for entry in private_cache.iterdir():  # the other run's prune
            entry.unlink()
        path.write_text(path.read_text(encoding="utf-8").replace("document: 5\n", "document: five\n", 1),
                        encoding="utf-8")
        return index

    monkeypatch.setattr(folderindex, "scan", scan_then_race)
    result = invoke(runner, "--data", str(data_copy), "measures", "--format", "json")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "05-getting-water.yaml:" in result.stderr and "document" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_between_full_checks_a_run_only_counts_the_entries(data_copy, private_cache, monkeypatch):
    """The bounds cost a stat of every entry: a run far inside them, shortly after a full check,
    does not stat them; near a bound, or after FULL_PRUNE_SECONDS, it checks in full again."""
    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)
    assert (private_cache / cache.PRUNE_STATE).is_file()
    stats: list[str] = []
    real_scandir = os.scandir

    def counting_scandir(path):
        stats.append(str(path))
        return real_scandir(path)

    monkeypatch.setattr(cache.os, "scandir", counting_scandir)
    _edit_title(data_copy, "企业开办甲")
    load_package(data_dir)
    assert not [path for path in stats if path == str(private_cache)], "far inside the bounds: no full check"

    monkeypatch.setattr(cache, "MAX_ENTRIES", len(list(private_cache.iterdir())) + 1)  # now near the bound
    _edit_title(data_copy, "企业开办乙")
    load_package(data_dir)
    assert str(private_cache) in stats
    assert len(list(private_cache.iterdir())) <= cache.MAX_ENTRIES

    stats.clear()
    monkeypatch.setattr(cache, "MAX_ENTRIES", 20_000)
    state = private_cache / cache.PRUNE_STATE
    when, count, size = state.read_text().split()
    state.write_text(f"{float(when) - cache.FULL_PRUNE_SECONDS - 1} {count} {size}\n")  # the last check is old
    _edit_title(data_copy, "企业开办丙")
    load_package(data_dir)
    assert str(private_cache) in stats


@pytest.mark.parametrize("args", [
    ("due", "--before", "2022-12", "--as-of", "2022-05-15", "--format", "json"),
    ("due", "--after", "2022-06", "--dept", "tax", "--include-ongoing", "--as-of", "2022-05-15", "--format", "json"),
    ("due", "--status", "overdue", "--plan", "4", "--as-of", "2022-09-01", "--format", "json"),
])
def test_plans_edited_one_after_another_answer_as_a_run_without_the_cache(data_copy, private_cache, runner, args):
    """After an edit the index lays the edited plans over itself instead of rebuilding (up to
    MOST_OVERLAID of them); what due answers is what a run that reads every file answers."""
    from bizenv_cli.store import folderindex

    data = ("--data", str(data_copy))
    assert invoke(runner, *data, *args).exit_code == 0
    plans = [path for path in sorted((data_copy / "plans").glob("*.yaml")) if "date: '2022-" in path.read_text("utf-8")]
    assert len(plans) >= folderindex.MOST_OVERLAID + 2
    for step, path in enumerate(plans[:folderindex.MOST_OVERLAID + 2]):
        text = path.read_text(encoding="utf-8")
        # A milestone moved a year on (2022-06-30 -> 2023-06-30 and the like): a change in meaning.
        path.write_text(re.sub(r"date: '2022-(\d\d)-(\d\d)'", r"date: '2023-\1-\2'", text, count=1), encoding="utf-8")
        cached = invoke(runner, *data, *args)
        fresh = invoke(runner, *data, "--no-cache", *args)
        assert cached.exit_code == fresh.exit_code == 0, cached.stderr
        assert cached.stdout == fresh.stdout, f"after editing {step + 1} plans"
        (index,) = private_cache.glob("*.index")
        state = marshal.loads(cache.read(index.name))
        overlaid = len(state.get("overlay") or {})
        # Laid over up to MOST_OVERLAID plans; the next edit rebuilds the index, the one after lays over again.
        assert overlaid == (step + 1 if step < folderindex.MOST_OVERLAID else step - folderindex.MOST_OVERLAID)
