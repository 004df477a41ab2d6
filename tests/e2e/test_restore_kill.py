"""A restore killed with SIGKILL at every step still leaves a database at the path.

The restore runs in a subprocess whose file-system primitives (link, rename,
unlink, sync, the database copy, the checkpoint) count their calls; trial k kills
the process with SIGKILL just before or just after call k, for every k until a
trial runs to the end. After each kill the path holds an intact database (or,
when the file being replaced was damaged, that very file), the old content is
at the path or kept aside, the backup is untouched, and a second restore works.
"""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from vdesk.domain.notes import Anchor
from vdesk.paths import AppPaths
from vdesk.store.notes.sqlite import SqliteNotesStore
from vdesk.store.user_db import backup, integrity_problems, restore_backup

_CHILD = r"""
import os, signal, sys
from pathlib import Path
from vdesk.paths import AppPaths
from vdesk.store import user_backups

kill_at = int(sys.argv[2])
calls = [0]

def tick():
    calls[0] += 1
    if calls[0] == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)

def counted(fn):
    def wrapper(*args, **kwargs):
        tick()
        result = fn(*args, **kwargs)
        tick()
        return result
    return wrapper

for name in ("link", "replace", "rename", "unlink"):
    setattr(os, name, counted(getattr(os, name)))
for name in ("fsync_path", "_copy_database", "_checkpoint"):
    setattr(user_backups, name, counted(getattr(user_backups, name)))
user_backups.restore_backup(AppPaths.resolve(sys.argv[1]))
print(calls[0])
"""


def _ids(db: Path) -> frozenset[str]:
    con = sqlite3.connect(f"file:{db.as_posix()}?mode=ro", uri=True)
    try:
        return frozenset(r[0] for r in con.execute("SELECT id FROM annotations"))
    finally:
        con.close()


@pytest.fixture(scope="module")
def template(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, frozenset[str], frozenset[str]]:
    """A home whose database holds three annotations and whose backup holds two."""
    home = tmp_path_factory.mktemp("restore-kill") / "home"
    paths = AppPaths.resolve(home)
    paths.ensure()
    repo = SqliteNotesStore.open(paths)
    ids = [repo.add_annotation(Anchor(f"vienna-declaration/annex/para_{i}")).id for i in (1, 2)]
    repo.close()
    backup(paths, "manual")
    repo = SqliteNotesStore.open(paths, start_backup=False)
    ids.append(repo.add_annotation(Anchor("vienna-declaration/annex/para_3")).id)
    repo.close()
    return home, frozenset(ids), frozenset(ids[:2])


def _damage(db: Path) -> None:
    data = bytearray(db.read_bytes())
    for i in range(4096, len(data), 7):
        data[i] = 0xA5
    db.write_bytes(bytes(data))


@pytest.mark.parametrize("damaged", [False, True], ids=["healthy", "damaged"])
def test_a_restore_killed_at_any_step_leaves_a_database_and_loses_nothing(
    tmp_path: Path, template: tuple[Path, frozenset[str], frozenset[str]], damaged: bool
) -> None:
    source, current, backed_up = template
    completed = None
    for kill_at in range(1, 200):
        home = tmp_path / f"trial-{kill_at}"
        shutil.copytree(source, home)
        paths = AppPaths.resolve(home)
        if damaged:
            _damage(paths.user_db)
        before = paths.user_db.read_bytes()
        (the_backup,) = paths.backup_dir.glob("user-*.sqlite")
        kept_backup = the_backup.read_bytes()
        r = subprocess.run(
            [sys.executable, "-c", _CHILD, str(home), str(kill_at)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert r.returncode in (0, -signal.SIGKILL), r.stderr
        assert paths.user_db.is_file(), f"no database at the path after a kill at {kill_at}"
        aside = sorted(paths.data_dir.glob("user.sqlite.damaged-*[0-9Z]"))
        if not integrity_problems(paths.user_db) and _ids(paths.user_db) == backed_up:
            if damaged:
                assert [p.read_bytes() for p in aside] == [before]  # the damaged file, kept
            else:
                assert [_ids(p) for p in aside] == [current]  # the old content, kept
        elif damaged:
            assert paths.user_db.read_bytes() == before, kill_at  # not yet replaced
        else:
            assert integrity_problems(paths.user_db) == [], kill_at
            assert _ids(paths.user_db) == current, kill_at
        assert the_backup.read_bytes() == kept_backup
        used, _ = restore_backup(paths)  # and the restore can always be done again
        assert used == the_backup and _ids(paths.user_db) == backed_up
        if r.returncode == 0:
            completed = kill_at
            break
    assert completed is not None and completed > 10  # every step was interrupted once
