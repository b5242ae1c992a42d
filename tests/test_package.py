"""Loading the package: the content-keyed cache speeds queries up and never serves a changed file stale."""

from __future__ import annotations

from bizenv_cli.datadir import DataDir
from bizenv_cli.package import load_package


def test_a_changed_file_is_read_again_not_served_from_the_cache(data_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data_dir = DataDir(data_copy, "option")
    first = load_package(data_dir)
    assert first.plan(2).title == "平顶山市企业开办优化提升专项行动方案"
    assert list((tmp_path / "cache" / "bizenv").iterdir()), "the first load fills the cache"

    path = data_copy / "plans" / "02-starting-a-business.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: 平顶山市企业开办优化提升专项行动方案", "title: 企业开办", 1), encoding="utf-8")
    assert load_package(data_dir).plan(2).title == "企业开办"


def test_the_cache_gives_what_the_files_give(data_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data_dir = DataDir(data_copy, "option")
    uncached = load_package(data_dir, use_cache=False)
    load_package(data_dir)  # fills the cache
    cached = load_package(data_dir)
    assert [p.measures for p in cached.plans] == [p.measures for p in uncached.plans]
    assert [d.id for d in cached.registry] == [d.id for d in uncached.registry]


def test_a_damaged_cache_file_is_ignored(data_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data_dir = DataDir(data_copy, "option")
    load_package(data_dir)
    (cache_file,) = (tmp_path / "cache" / "bizenv").iterdir()
    cache_file.write_bytes(b"\x00garbage")
    assert len(load_package(data_dir).plans) == 29
