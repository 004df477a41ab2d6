"""The one overwrite check of every export (``refuse_targets``): a regular file is replaced
only with ``force``; a folder, a symbolic link or a special file never."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vdesk.desk.errors import TargetExists, TargetIsFolder, TargetNotAFile, refuse_targets


def test_links_are_refused_whatever_they_point_to(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_text("x")
    (tmp_path / "to-file.md").symlink_to(tmp_path / "real.md")
    (tmp_path / "to-folder").symlink_to(tmp_path)
    (tmp_path / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    for name in ("to-file.md", "to-folder", "dangling.md"):
        for force in (False, True):
            with pytest.raises(TargetNotAFile) as err:
                refuse_targets((tmp_path / name,), force=force)
            assert str(err.value) == (
                f"{tmp_path / name} is a symbolic link, not a regular file: it is never replaced"
            )
            assert err.value.paths == (tmp_path / name,) and err.value.kind == "symbolic link"


def test_special_files_are_refused_even_with_force(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    for target, kind in [(fifo, "named pipe"), (Path("/dev/null"), "device")]:
        with pytest.raises(TargetNotAFile) as err:
            refuse_targets((tmp_path / "new.md", target), force=True)
        assert err.value.kind == kind and err.value.paths == (target,)


def test_a_refusal_comes_before_an_existing_file_and_files_need_force(tmp_path: Path) -> None:
    existing = tmp_path / "brief.md"
    existing.write_text("old")
    os.mkfifo(tmp_path / "brief.html")
    with pytest.raises(TargetNotAFile):
        refuse_targets((existing, tmp_path / "brief.html"))
    with pytest.raises(TargetIsFolder):
        refuse_targets((existing, tmp_path))
    with pytest.raises(TargetExists) as exists:
        refuse_targets((existing, tmp_path / "new.md"))
    assert exists.value.paths == (existing,)
    refuse_targets((existing, tmp_path / "new.md"), force=True)
    refuse_targets((tmp_path / "new.md",))
