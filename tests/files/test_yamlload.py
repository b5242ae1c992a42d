"""The strict loader: one golden message per way a data file can be unreadable (docs/validation.md)."""

import json
from pathlib import Path

import pytest

from bizenv_cli.files.problems import DataError
from bizenv_cli.files.yamlload import load_yaml_file

EXAMPLES = Path(__file__).parents[1] / "examples" / "yaml"
NEGATIVE = sorted((EXAMPLES / "negative").glob("*.yaml"))
POSITIVE = sorted((EXAMPLES / "positive").glob("*.yaml"))


@pytest.mark.parametrize("path", NEGATIVE, ids=[p.stem for p in NEGATIVE])
def test_bad_file_gives_its_one_golden_message(path: Path):
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").strip()
    with pytest.raises(DataError) as caught:
        load_yaml_file(path, path.name)
    assert str(caught.value.problem) == expected


@pytest.mark.parametrize("path", POSITIVE, ids=[p.stem for p in POSITIVE])
def test_good_file_reads_as_its_json_twin(path: Path):
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert load_yaml_file(path).data == expected


def test_positions_point_at_keys_and_items(tmp_path: Path):
    path = tmp_path / "plan.yaml"
    path.write_text("measures:\n- id: a\n  deadline:\n    raw: x\n", encoding="utf-8")
    loaded = load_yaml_file(path)
    assert loaded.position_of(("measures", 0, "deadline", "raw")) == (4, 5)
    # A path below a scalar falls back to the nearest value that has a position.
    assert loaded.position_of(("measures", 0, "deadline", "raw", "deeper")) == (4, 5)


def test_billion_laughs_is_refused_at_its_first_anchor_before_any_expansion():
    with pytest.raises(DataError) as caught:
        load_yaml_file(EXAMPLES / "negative" / "billion-laughs.yaml")
    assert (caught.value.problem.line, caught.value.problem.column) == (1, 4)


def test_gb18030_message_names_the_encoding():
    with pytest.raises(DataError) as caught:
        load_yaml_file(EXAMPLES / "negative" / "gb18030.yaml")
    assert "GBK/GB18030" in caught.value.problem.message


# --- What is not a regular data file, and what a file may cost (issue 12) ---

def _refusal(path: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_yaml_file(path, path.name)
    return str(caught.value.problem)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path):
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert _refusal(fifo) == "pipe.yaml:1:1 cannot read file: it is a named pipe (FIFO), not a regular file"


def test_a_character_device_is_refused_before_reading_forever():
    from bizenv_cli.files.datadir import read_data_file

    with pytest.raises(DataError) as caught:
        read_data_file(Path("/dev/zero"), "zero.yaml")
    assert str(caught.value.problem) == "zero.yaml:1:1 cannot read file: it is a character device, not a regular file"


def test_a_symlink_loop_and_a_folder_are_refused(tmp_path: Path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    assert _refusal(loop) == "loop.yaml:1:1 cannot read file: Too many levels of symbolic links"
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    assert _refusal(folder) == "folder.yaml:1:1 cannot read file: it is a folder, not a regular file"


def test_a_huge_file_is_refused_by_its_size_before_any_parsing(tmp_path: Path):
    from bizenv_cli.files.datadir import MAX_DATA_FILE_BYTES
    from bizenv_cli.files.yamlload import load_yaml_bytes

    big = tmp_path / "big.yaml"
    line = b"- item\n"
    big.write_bytes(line * (MAX_DATA_FILE_BYTES // len(line) + 1))
    size = big.stat().st_size
    assert _refusal(big) == (f"big.yaml:1:1 the file is {size:,} bytes; a data file may be at most "
                             f"{MAX_DATA_FILE_BYTES:,} bytes")
    # Bytes from elsewhere (a git revision for `bizenv diff`) meet the same limit.
    with pytest.raises(DataError):
        load_yaml_bytes(big.read_bytes(), big, "big.yaml")


def test_a_symlink_to_a_regular_file_is_read(tmp_path: Path):
    target = tmp_path / "real.yaml"
    target.write_text("a: x\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    assert load_yaml_file(link).data == {"a": "x"}


@pytest.mark.parametrize("depth", [33, 500, 999, 20000])
def test_any_nesting_depth_gives_one_message_not_a_recursion_error(tmp_path: Path, depth: int):
    from bizenv_cli.files.yamlload import MAX_DEPTH

    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    message = _refusal(path)
    assert message.startswith("deep.yaml:1:")
    # Past 1,000 flow levels libyaml's scanner stops first, with its own message.
    assert message.endswith(f"nested deeper than {MAX_DEPTH} levels; a data file needs fewer than 10") or \
        (depth > 1000 and message.endswith("exceeded maximum nesting depth")), message


def test_nesting_up_to_the_limit_loads(tmp_path: Path):
    from bizenv_cli.files.yamlload import MAX_DEPTH

    path = tmp_path / "deep.yaml"
    depth = MAX_DEPTH - 1  # the root mapping is the first level
    path.write_text("a: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    value = load_yaml_file(path).data["a"]
    for _ in range(depth - 1):
        value = value[0]
    assert value == []


def test_every_explicit_tag_is_refused_even_one_that_changes_nothing(tmp_path: Path):
    path = tmp_path / "tagged.yaml"
    for tagged in ("a: !!str x\n", "a: ! x\n", "a: !!int 4\n", "a: !!seq [x]\n", "!!map {a: x}\n",
                   "a: !<tag:yaml.org,2002:str> x\n", "!!str a: x\n"):
        path.write_text(tagged, encoding="utf-8")
        assert "YAML tag '" in _refusal(path), tagged


def test_a_control_character_is_reported_on_its_own_line_and_column(tmp_path: Path):
    path = tmp_path / "controls.yaml"
    for character in ("\x00", "\x07", "\x1b", "\x7f", "\x9b", "\ufffe"):
        path.write_text(f"a: 1\nb: 2\nc: ok{character}\n", encoding="utf-8")
        assert _refusal(path) == (f"controls.yaml:3:6 control character U+{ord(character):04X} "
                                  "is not allowed in a YAML file")


@pytest.mark.parametrize("plain, quoted", [
    ("02", "'02'"), ("02.01", "'02.01'"), ("2022-06-30", "'2022-06-30'"), ("0x1F", "'0x1F'"),
    ("1_000", "'1_000'"), ("1:20", "'1:20'"), ("on", "'on'"), ("Off", "'Off'"), (".inf", "'.inf'"),
    ("0o17", "'0o17'"), ("=", "'='"), ("2022-06-30 12:00:00", "'2022-06-30 12:00:00'"),
])
def test_a_plain_scalar_other_yaml_readers_type_differently_is_refused_with_its_quoted_form(
        tmp_path: Path, plain: str, quoted: str):
    path = tmp_path / "typed.yaml"
    path.write_text(f"a: {plain}\n", encoding="utf-8")
    message = _refusal(path)
    assert message.startswith(f"typed.yaml:1:4 a: {plain} (unquoted) is ")
    assert message.endswith(f"but text to bizenv: write it quoted, {quoted}")
    # The quoted form is the fix: it loads, as the string it was meant to be.
    path.write_text(f"a: {quoted}\n", encoding="utf-8")
    assert load_yaml_file(path).data == {"a": plain}


@pytest.mark.parametrize("plain, value", [
    ("2022-06", "2022-06"), ("09.s3", "09.s3"), ("1.", 1.0), ("0", 0), ("-3", -3), ("0.25", 0.25),
    (".5", 0.5), ("-0.5", -0.5), ("2022年6月", "2022年6月"), ("--", "--"), ("≤20", "≤20"), ("null", None),
    ("true", True), ("FALSE", False), ("~", None), ("16(21’)", "16(21’)"), ("5.9%", "5.9%"),
    ("1.0e+3", 1000.0),
])
def test_plain_scalars_every_reader_types_alike_load_as_that_value(tmp_path: Path, plain: str, value):
    import yaml

    path = tmp_path / "typed.yaml"
    path.write_text(f"a: {plain}\n", encoding="utf-8")
    loaded = load_yaml_file(path).data["a"]
    assert loaded == value and type(loaded) is type(value)
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["a"] == loaded  # as YAML 1.1 reads it


def test_the_real_data_has_no_scalar_other_readers_type_differently():
    # What yamllint, check-jsonschema and editors read must be what bizenv reads: PyYAML (YAML 1.1)
    # gives the same values for every file (the 1.2 side is checked by the loader itself).
    import yaml

    from conftest import DATA

    for path in [DATA / "departments.yaml", *sorted((DATA / "plans").glob("*.yaml"))]:
        assert load_yaml_file(path).data == yaml.safe_load(path.read_text(encoding="utf-8")), path.name


def test_a_key_without_its_colon_is_reported_on_its_own_line(tmp_path: Path):
    path = tmp_path / "plan.yaml"
    path.write_text("title: x\nnote: y\noops\nid: z\n", encoding="utf-8")
    assert _refusal(path).startswith("plan.yaml:3:1 YAML syntax error: while scanning a simple key")


# --- The canonical writer writes atomically (issue 12) ---

def test_writing_a_plan_replaces_the_file_in_one_step_and_keeps_it_on_failure(tmp_path: Path, monkeypatch):
    import os

    from bizenv_cli.files.yamlwrite import dump_plan, write_plan

    path = tmp_path / "02-x.yaml"
    path.write_text("old: content\n", encoding="utf-8")
    plan = {"id": "02", "title": "标题", "date": "2022-06-30"}
    assert write_plan(path, plan) is True
    assert path.read_text(encoding="utf-8") == dump_plan(plan)
    assert load_yaml_file(path).data == plan  # what the writer writes, the strict loader reads
    assert write_plan(path, plan) is False  # unchanged: not rewritten

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        write_plan(path, {**plan, "title": "新"})
    assert path.read_text(encoding="utf-8") == dump_plan(plan)  # the old file, whole
    assert [p.name for p in tmp_path.iterdir()] == ["02-x.yaml"]  # no temporary file left behind


def test_whatever_the_canonical_writer_writes_the_strict_loader_reads_back_the_same():
    # The writer quotes every string another YAML reader would type differently; the loader refuses
    # any it did not quote. Both hold for any text, so the two stay in step.
    from hypothesis import given, settings, strategies as st

    from bizenv_cli.files.yamlload import load_yaml_bytes
    from bizenv_cli.files.yamlwrite import dump_yaml

    scalar_text = st.one_of(
        st.text(max_size=12),
        st.from_regex(r"\A[-+]?[0-9._:xoeE]{1,8}\Z"),
        st.sampled_from(["02", "02.01", "2022-06-30", "0o17", "0x1F", "yes", "No", "on", "=", "<<", "~",
                         ".inf", "1:20", "1_000", "2022-06", "null", "1.", "TRUE"]),
    )
    values = st.one_of(scalar_text, st.integers(-10**6, 10**6), st.booleans(), st.none(),
                       st.floats(allow_nan=False, allow_infinity=False, width=32))

    @settings(max_examples=250, deadline=None, database=None, derandomize=True)
    @given(st.dictionaries(scalar_text.filter(lambda key: key != ""), values, min_size=1, max_size=4))
    def round_trip(document):
        text = dump_yaml(document, "")
        try:
            loaded = load_yaml_bytes(text.encode("utf-8"), Path("x.yaml"), "x.yaml").data
        except DataError as error:
            # Only what no YAML file can hold: control characters (the writer escapes them).
            assert "control character" in error.problem.message or "empty" in error.problem.message, (text, error)
            return
        assert loaded == document, text

    round_trip()


def test_the_refused_characters_are_exactly_those_outside_yamls_printable_set():
    """YAML 1.2 §5.1 allows tab, LF, CR, x20-x7E, x85, xA0-xD7FF, xE000-xFFFD and x10000-x10FFFF;
    the loader names every other character (it is written as the refused ones: cheaper to compile)."""
    import re

    from bizenv_cli.files.yamlload import _NOT_PRINTABLE

    allowed = re.compile("[\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    for code in range(0x110000):
        char = chr(code)
        assert bool(_NOT_PRINTABLE.match(char)) != bool(allowed.match(char)), hex(code)


def test_loading_and_writing_change_no_process_wide_state():
    """Importing the files layer, loading a data file (which imports PyYAML) and writing one leave
    `re`, the garbage collector and the umask as they were, in a fresh interpreter."""
    import subprocess
    import sys

    probe = (
        "import gc, os, re, tempfile\n"
        "from pathlib import Path\n"
        "def state():\n"
        "    umask = [line for line in Path('/proc/self/status').read_text().splitlines() if line.startswith('Umask:')]\n"
        "    return re.compile, gc.isenabled(), gc.get_threshold(), gc.get_freeze_count(), umask\n"
        "before = state()\n"
        # The loader first: it imports PyYAML on its first parse (yamlwrite would import it at once).
        "from bizenv_cli.files.yamlload import load_yaml_bytes\n"
        "from bizenv_cli.files.safefile import write_atomic\n"
        "assert load_yaml_bytes(b'a: 1\\n', Path('x.yaml'), 'x.yaml').data == {'a': 1}\n"
        "from yaml.reader import Reader\n"
        "assert isinstance(Reader.NON_PRINTABLE, re.Pattern)\n"
        "write_atomic(Path(tempfile.mkdtemp()) / 'x.yaml', 'a: 1\\n')\n"
        "import bizenv_cli.files.datadir, bizenv_cli.files.gitrev, bizenv_cli.files.sourcetext, bizenv_cli.files.yamlwrite\n"
        "assert state() == before, (state(), before)\n"
        "print('unchanged')\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "unchanged"


def test_positions_parsed_later_from_the_bytes_are_the_positions_of_an_eager_load():
    """A document kept with only its bytes (see LoadedYaml) finds every position an eager load
    records, the first time one is asked for."""
    from bizenv_cli.files.yamlload import LoadedYaml, load_yaml_bytes

    from conftest import DATA

    for path in [DATA / "departments.yaml", *sorted((DATA / "plans").glob("*.yaml"))]:
        raw = path.read_bytes()
        eager = load_yaml_bytes(raw, path, path.name)
        lazy = LoadedYaml(path, eager.data, raw=raw, name=path.name)
        assert not lazy.positioned
        wanted = list(eager.positions)[len(eager.positions) // 2]
        assert lazy.position_of(wanted) == eager.position_of(wanted) != (1, 1)
        assert lazy.positioned and lazy.positions == eager.positions, path.name


@pytest.mark.parametrize("text, expected", [
    ("id: a\nid: b\n", "t.yaml:2:1 id: duplicate key 'id' (first defined at line 1)"),
    ("id: a\n'id': b\n", "t.yaml:2:1 id: duplicate key 'id' (first defined at line 1)"),
    ("&x id: a\n", "t.yaml:1:1 YAML anchor 'x' is not allowed in data files (write the value out)"),
    ("!!str id: a\n", "t.yaml:1:1 YAML tag '!!str' is not allowed in data files (write the value plainly)"),
])
def test_a_key_met_in_earlier_files_is_checked_as_fully_as_a_new_one(tmp_path: Path, text: str, expected: str):
    # Keys such as `id` are met in every file: the loader remembers that they passed the checks a
    # key depends on alone, but a repeat, an anchor or a tag is still refused where it stands.
    from bizenv_cli.files.yamlload import load_yaml_bytes

    load_yaml_bytes(b"id: a\nnote: b\n", tmp_path / "first.yaml", "first.yaml")
    with pytest.raises(DataError) as caught:
        load_yaml_bytes(text.encode(), tmp_path / "t.yaml", "t.yaml")
    assert str(caught.value.problem) == expected


def test_a_data_file_of_exactly_the_limit_is_read_and_one_byte_more_is_refused(tmp_path):
    # "a data file may be at most N bytes": N itself is allowed.
    import errno

    from bizenv_cli.files.datadir import read_regular_file

    exact, over = tmp_path / "exact.yaml", tmp_path / "over.yaml"
    exact.write_bytes(b"a: 1234\n")
    over.write_bytes(b"a: 12345\n")
    assert read_regular_file(exact, limit=8) == b"a: 1234\n"
    with pytest.raises(OSError) as refused:
        read_regular_file(over, limit=8)
    assert refused.value.errno == errno.EFBIG
    assert refused.value.strerror == "the file is 9 bytes; a data file may be at most 8 bytes"
