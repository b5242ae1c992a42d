"""Whole-or-nothing writes keep file modes as an editor would, without touching the process umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from bizenv_cli.files.safefile import write_atomic, write_output


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


def test_write_atomic_never_renames_over_a_link_or_a_special_file(tmp_path):
    target = tmp_path / "target.csv"
    target.write_text("kept\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    with pytest.raises(OSError, match="not a regular file"):
        write_atomic(link, "new\n")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "kept\n"


def test_an_output_through_a_link_to_a_file_keeps_the_link_and_replaces_the_file(tmp_path):
    target = tmp_path / "shared" / "report.csv"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "report.csv"
    link.symlink_to(target)
    write_output(link, "new\n")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new\n"


def test_an_output_to_a_stream_is_written_through_and_the_link_stays(tmp_path):
    # `-o fd1.csv` where fd1.csv links to /dev/null (as /dev/stdout links to /proc/self/fd/1).
    link = tmp_path / "fd1.csv"
    link.symlink_to("/dev/null")
    write_output(link, "rows\n")
    assert link.is_symlink() and os.readlink(link) == "/dev/null"


def test_an_output_to_a_pipe_is_written_through(tmp_path):
    import threading

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_output(fifo, "a,b\n")
    reader.join(timeout=10)
    assert received == [b"a,b\n"] and stat.S_ISFIFO(os.lstat(fifo).st_mode)
