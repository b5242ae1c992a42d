"""Whole-or-nothing writes keep file modes as an editor would, without touching the process umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from bizenv_cli.files.safefile import write_atomic


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_never_touched(monkeypatch):
    def refuse(mask):
        raise AssertionError("os.umask changes process-wide state")

    monkeypatch.setattr(os, "umask", refuse)


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002], ids=oct)
def test_a_new_file_gets_the_mode_open_gives_under_the_umask(tmp_path: Path, monkeypatch, umask: int):
    previous = os.umask(umask)
    try:
        opened = tmp_path / "opened.csv"
        opened.write_text("x\n", encoding="utf-8")
        with monkeypatch.context() as patch:
            patch.setattr(os, "umask", lambda mask: pytest.fail("os.umask changes process-wide state"))
            write_atomic(tmp_path / "written.csv", "x\n")
    finally:
        os.umask(previous)
    assert _mode(tmp_path / "written.csv") == _mode(opened) == 0o666 & ~umask


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755], ids=oct)
def test_a_replaced_file_keeps_its_own_mode(tmp_path: Path, umask_never_touched, mode: int):
    path = tmp_path / "report.yaml"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(mode)
    write_atomic(path, "new\n")
    assert path.read_text(encoding="utf-8") == "new\n"
    assert _mode(path) == mode


def test_the_temporary_file_of_a_private_target_is_never_readable_by_others(tmp_path: Path, monkeypatch):
    path = tmp_path / "private.yaml"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o600)
    modes_before_rename = []
    replace = os.replace

    def noting_the_mode(source, destination):
        modes_before_rename.append(stat.S_IMODE(os.stat(source).st_mode))
        replace(source, destination)

    monkeypatch.setattr(os, "replace", noting_the_mode)
    modes_created = []
    os_open = os.open

    def noting_the_creation_mode(file, flags, mode=0o777):
        modes_created.append(mode)
        return os_open(file, flags, mode)

    monkeypatch.setattr(os, "open", noting_the_creation_mode)
    write_atomic(path, "new secret\n")
    assert modes_created == [0o600] and modes_before_rename == [0o600]
    assert path.read_text(encoding="utf-8") == "new secret\n"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch):
    path = tmp_path / "plan.yaml"
    path.write_text("old\n", encoding="utf-8")

    def full_disk(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        write_atomic(path, "new\n")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [child.name for child in tmp_path.iterdir()] == ["plan.yaml"]
