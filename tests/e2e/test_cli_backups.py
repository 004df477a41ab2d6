"""Backups through the command line: which commands take one, and the way out of an
empty, foreign or damaged notes database (``notes restore``, ``notes reset``)."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.test_cli_notes import vdesk
from vdesk.paths import AppPaths
from vdesk.store.user_db import list_backups


@pytest.fixture
def home(tmp_path: Path, built_paths: AppPaths) -> Path:
    base = tmp_path / "home"
    shutil.copytree(built_paths.cache_dir, base / "cache")
    return base


def _age_backups(paths: AppPaths, hours: int) -> list[str]:
    """Make every backup ``hours`` older (its time is in its name); their new names."""
    for b in list_backups(paths):
        when = datetime.strptime(b.created, "%Y%m%dT%H%M%S%fZ") - timedelta(hours=hours)
        stamp = when.replace(tzinfo=UTC).strftime("%Y%m%dT%H%M%S%fZ")
        b.path.rename(b.path.with_name(b.path.name.replace(b.created, stamp)))
    return [b.path.name for b in list_backups(paths)]


def test_commands_that_change_nothing_take_no_backup(home: Path, tmp_path: Path) -> None:
    paths = AppPaths.resolve(home)
    assert vdesk(home, "annotate", "VD 7 (d)", "--quote", "States").returncode == 0
    assert (
        vdesk(home, "note", "VD 7 (d)", "--country", "AT", "--status", "in_progress").returncode
        == 0
    )
    bundle = tmp_path / "b.json"
    assert vdesk(home, "notes", "export", str(bundle), "--include-personal").returncode == 0
    names = _age_backups(paths, 2)  # older than an hour: a command that backs up takes one
    assert len(names) == 1
    for i in range(3):
        for args in (
            ("export", "--out", str(tmp_path / f"e{i}.md")),
            ("notes", "export", str(tmp_path / f"b{i}.json"), "--include-personal"),
            ("notes", "list"),
            ("notes", "backups"),
            ("notes", "import", str(bundle), "--dry-run"),
        ):
            r = vdesk(home, *args)
            assert r.returncode == 0, (args, r.stderr)
            assert [b.path.name for b in list_backups(paths)] == names, args
    assert vdesk(home, "annotate", "VD 7 (d)", "--quote", "at their request").returncode == 0
    after = list_backups(paths)
    assert [b.reason for b in after] == ["start", "start"]  # a change backs up first
    assert after[1].path.name == names[0]


def test_an_empty_file_is_refused_then_restored(home: Path) -> None:
    paths = AppPaths.resolve(home)
    r = vdesk(home, "annotate", "VD 7 (d)", "--quote", "States", "--json")
    kept = json.loads(r.stdout)["id"]
    _age_backups(paths, 2)
    assert vdesk(home, "annotate", "VD 7 (d)", "--quote", "at their request").returncode == 0
    newest = list_backups(paths)[0].path  # holds the first annotation
    paths.user_db.write_bytes(b"")
    for ext in ("-wal", "-shm"):
        paths.user_db.with_name(paths.user_db.name + ext).unlink(missing_ok=True)

    for args in (("notes", "list"), ("annotate", "VD 7 (d)", "--quote", "States")):
        r = vdesk(home, *args)
        assert r.returncode == 1
        assert r.stderr == (
            f"vdesk: error: the notes database {paths.user_db} is empty (0 bytes): restore the "
            f"newest good backup ({newest.name}) with 'vdesk notes restore', or 'vdesk notes "
            "reset --confirm' starts afresh; the file is moved aside, never deleted\n"
        )
        assert paths.user_db.read_bytes() == b""

    r = vdesk(home, "notes", "restore", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert Path(out["restored_from"]) == newest
    assert Path(out["previous"]).read_bytes() == b""
    r = vdesk(home, "notes", "list", "--json")
    assert [x["id"] for x in json.loads(r.stdout)] == [kept]


def test_reset_asks_for_confirmation_then_moves_the_file_aside(home: Path) -> None:
    paths = AppPaths.resolve(home)
    paths.data_dir.mkdir(parents=True)
    paths.user_db.write_bytes(b"not a database, but maybe somebody's file" * 10)
    before = paths.user_db.read_bytes()
    r = vdesk(home, "notes", "list")
    assert r.returncode == 1 and "is not a vdesk notes database (not an SQLite file)" in r.stderr
    assert "no backup exists; 'vdesk notes reset --confirm' starts afresh" in r.stderr

    r = vdesk(home, "notes", "reset")
    assert r.returncode == 2
    assert r.stderr.startswith(f"vdesk: error: this moves {paths.user_db} aside")
    assert paths.user_db.read_bytes() == before

    r = vdesk(home, "notes", "reset", "--confirm", "--json")
    assert r.returncode == 0, r.stderr
    previous = Path(json.loads(r.stdout)["previous"])
    assert previous.name.startswith("user.sqlite.reset-") and previous.read_bytes() == before
    r = vdesk(home, "notes", "list", "--json")
    assert r.returncode == 0 and json.loads(r.stdout) == []
