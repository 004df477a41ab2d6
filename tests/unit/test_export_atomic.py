"""Atomic writes: the target is either the complete new file or untouched."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

import vdesk.export.atomic as atomic
from vdesk.export.atomic import WriteFailed, write_atomic


def test_writes_new_file_with_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    write_atomic(target, "é\n".encode())
    assert target.read_text(encoding="utf-8") == "é\n"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert os.listdir(tmp_path) == ["brief.md"]


def test_replacing_keeps_the_mode_of_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    target.write_text("old")
    target.chmod(0o600)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_full_disk_leaves_the_old_file_intact_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.md"
    target.write_text("the old brief")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(WriteFailed) as err:
        write_atomic(target, b"x" * 100_000)
    assert err.value.strerror == (
        f"cannot write {target}: the disk is full; the previous file is intact"
    )
    assert target.read_text() == "the old brief"
    assert os.listdir(tmp_path) == ["brief.md"]  # no temporary file left behind


def test_failure_for_a_new_file_says_nothing_was_written(tmp_path: Path) -> None:
    with pytest.raises(WriteFailed) as err:
        write_atomic(tmp_path / "missing" / "brief.md", b"x")
    assert err.value.strerror == (
        f"cannot write {tmp_path / 'missing' / 'brief.md'}: the folder does not exist; "
        "nothing was written"
    )
