"""The strict loader: one golden message per way a data file can be unreadable (DESIGN §7)."""

import json
from pathlib import Path

import pytest

from bizenv_cli.problems import DataError
from bizenv_cli.yamlload import load_yaml_file

EXAMPLES = Path(__file__).parent / "examples" / "yaml"
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
