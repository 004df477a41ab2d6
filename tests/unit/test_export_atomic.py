"""Atomic writes: the target is either the complete new file or untouched."""

from __future__ import annotations

import errno
import os
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

import vdesk.export.atomic as atomic
from vdesk.export.atomic import NotAFile, WriteFailed, target_kind, write_atomic


def test_writes_new_file_readable_only_by_its_owner(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    write_atomic(target, "é\n".encode())
    assert target.read_text(encoding="utf-8") == "é\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["brief.md"]


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077, 0o277])
def test_mode_is_0600_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "brief.md"
    old = os.umask(umask)
    try:
        write_atomic(target, b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() == b"x"


def test_content_is_never_readable_by_others_even_while_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, bytes]] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):  # the temporary file, content written
            name = next(n for n in os.listdir(tmp_path) if n.endswith(".tmp"))
            seen.append((stat.S_IMODE(os.fstat(fd).st_mode), (tmp_path / name).read_bytes()))
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", spy)
    old = os.umask(0)  # a careless umask: a plain open() would make it 0666
    try:
        write_atomic(tmp_path / "brief.md", b"confidential")
    finally:
        os.umask(old)
    assert seen == [(0o600, b"confidential")]


def test_replacing_a_world_readable_file_makes_it_private(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    target.write_text("old")
    target.chmod(0o644)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


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


def _refused(target: Path) -> str:
    with pytest.raises(NotAFile) as err:
        write_atomic(target, b"x")
    return str(err.value.strerror)


def test_a_symbolic_link_is_never_replaced_nor_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("the file the link points to")
    link = tmp_path / "brief.md"
    link.symlink_to(real)
    assert _refused(link) == f"cannot write {link}: it is a symbolic link; nothing was written"
    assert link.is_symlink() and real.read_text() == "the file the link points to"
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    assert "it is a symbolic link" in _refused(dangling)
    assert dangling.is_symlink() and not (tmp_path / "nowhere.md").exists()
    assert sorted(os.listdir(tmp_path)) == ["brief.md", "dangling.md", "real.md"]


def test_special_files_are_never_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fifo = tmp_path / "brief.md"
    os.mkfifo(fifo)
    assert _refused(fifo) == f"cannot write {fifo}: it is a named pipe; nothing was written"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    monkeypatch.chdir(tmp_path)  # a short relative name: socket paths are limited in length
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("s.md")
        assert _refused(Path("s.md")) == "cannot write s.md: it is a socket; nothing was written"
        assert stat.S_ISSOCK(os.lstat("s.md").st_mode)
    assert sorted(os.listdir(tmp_path)) == ["brief.md", "s.md"]  # no temporary file left
    null = Path("/dev/null")
    assert _refused(null) == "cannot write /dev/null: it is a device; nothing was written"
    assert stat.S_ISCHR(os.lstat(null).st_mode)


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda p: p.write_text("x"), "file"),
        (lambda p: p.mkdir(), "folder"),
        (lambda p: p.symlink_to(p.parent), "symbolic link"),
        (lambda p: os.mkfifo(p), "named pipe"),
    ],
)
def test_target_kind(tmp_path: Path, make: Callable[[Path], object], kind: str) -> None:
    target = tmp_path / "t"
    assert target_kind(target) is None
    make(target)
    assert target_kind(target) == kind
    assert target_kind(Path("/dev/null")) == "device"


def test_target_kind_below_a_file_is_nothing(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    assert target_kind(tmp_path / "f" / "below") is None
