"""The notes commands of the CLI, run as a user runs them: ``python -m vdesk …``."""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from vdesk.paths import AppPaths
from vdesk.store.user_db import list_backups

VD7D = "vienna-declaration/annex/para_7/subpara_d"
P2A = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"


@pytest.fixture
def home(tmp_path: Path, built_paths: AppPaths) -> Path:
    """A base directory with a copy of the session's built corpus and no notes yet."""
    base = tmp_path / "home"
    shutil.copytree(built_paths.cache_dir, base / "cache")
    return base


def vdesk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vdesk", "--basedir", str(home), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _rows(home: Path, table: str) -> int:
    db = home / "data" / "user.sqlite"
    if not db.exists():
        return 0
    con = sqlite3.connect(db)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


def test_annotate_note_list_delete(home: Path) -> None:
    r = vdesk(home, "annotate", "VD 7 (d)", "--quote", "at their request", "--comment",
              "Check *mandate*", "--tags", "Mandate,capacity", "--color", "blue", "--json")  # fmt: skip
    assert r.returncode == 0, r.stderr
    a = json.loads(r.stdout)
    assert (a["type"], a["node_id"], a["quote"], a["start"], a["end"]) == (
        "annotation", VD7D, "at their request", 199, 215,
    )  # fmt: skip
    assert a["prefix"] == "amme network, to assist States, "
    assert a["suffix"] == ", in building capacity in areas "
    assert (a["colour"], a["tags"], a["sensitivity"]) == (
        "blue",
        ["capacity", "mandate"],
        "personal",
    )

    r = vdesk(home, "note", "plans-of-action annex 2(a)", "--country", "at", "--status",
              "in progress", "--position", "supports", "--text", "Bill pending",
              "--ref-law", "StGB § 278", "--date", "2026-11-01")  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("noted AT on ECOSOC res. 2001/47, annex, sect. I.A, para. 2 (a): ")
    note_id = r.stdout.strip().rsplit(" ", 1)[1]

    r = vdesk(home, "notes", "list", "--json")
    assert r.returncode == 0, r.stderr
    listed = json.loads(r.stdout)
    assert [(x["type"], x["id"]) for x in listed] == [
        ("annotation", a["id"]),
        ("national_note", note_id),
    ]
    n = listed[1]
    assert (n["node_id"], n["country"], n["status"], n["position"]) == (
        P2A,
        "AT",
        "in_progress",
        "supports",
    )
    assert (n["legal_refs"], n["date"], n["text"]) == (["StGB § 278"], "2026-11-01", "Bill pending")

    r = vdesk(home, "notes", "list")
    assert r.stdout.splitlines()[0] == "1 annotation(s), 1 national note(s)"
    assert f"{a['id'][:8]}  blue    {VD7D}  “at their request” [capacity, mandate]" in r.stdout

    r = vdesk(home, "notes", "delete", a["id"][:8])
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"deleted annotation {a['id']}"
    assert _rows(home, "annotations") == 0
    assert _rows(home, "annotation_tags") == 0
    assert _rows(home, "national_notes") == 1

    r = vdesk(home, "notes", "delete", a["id"][:8])
    assert r.returncode == 2
    assert "no annotation or national note with id" in r.stderr


def test_whole_provision_annotation(home: Path) -> None:
    r = vdesk(home, "annotate", "VD 7 (d)", "--comment", "agreed", "--json")
    assert r.returncode == 0, r.stderr
    a = json.loads(r.stdout)
    assert (a["quote"], a["start"], a["end"]) == ("", 0, 0)
    assert a["prefix"] == "To strengthen the capability of "
    r = vdesk(home, "notes", "reanchor", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"checked": 1, "unchanged": 1, "moved": [], "review": []}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("annotate", "VD 7 (d)", "--quote", "at the request"),
         "the quote 'at the request' is not in the text of " + VD7D),
        (("annotate", "VD 7 (d)", "--quote", "States", "--color", "teal"), "unknown colour 'teal'"),
        (("annotate", "VD 99", "--quote", "States"), "no provision matches 'VD 99'"),
        (("note", "VD 7 (d)", "--country", "XX", "--status", "implemented"),
         "unknown country 'XX'"),
        (("note", "VD 7 (d)", "--country", "AT", "--status", "done"), "unknown status 'done'"),
        (("note", "VD 7 (d)", "--country", "AT", "--status", "implemented", "--date", "soon"),
         "is not a date"),
        (("note", "vienna-declaration/annex", "--country", "AT", "--status", "implemented"),
         "national notes go on paragraphs"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_and_writes_nothing(
    home: Path, args: tuple[str, ...], message: str
) -> None:
    r = vdesk(home, *args)
    assert r.returncode == 2
    assert r.stderr.startswith("vdesk: error: ")
    assert message in r.stderr
    assert r.stdout == ""
    assert _rows(home, "annotations") == _rows(home, "national_notes") == 0


def test_files_are_private(home: Path) -> None:
    assert vdesk(home, "annotate", "VD 7 (d)", "--quote", "States").returncode == 0
    data = home / "data"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "user.sqlite").stat().st_mode) == 0o600


def test_damaged_database_is_refused_then_restored(home: Path) -> None:
    assert vdesk(home, "annotate", "VD 7 (d)", "--quote", "States").returncode == 0
    r = vdesk(home, "annotate", "VD 7 (d)", "--quote", "at their request", "--json")
    kept = json.loads(r.stdout)["id"]
    paths = AppPaths.resolve(home)
    # a backup taken now holds both annotations
    assert vdesk(home, "notes", "backups").returncode == 0
    from vdesk.store.user_db import backup

    backup(paths, "manual")
    db = paths.user_db
    data = bytearray(db.read_bytes())
    for i in range(4096, len(data), 5):
        data[i] = 0x5A
    db.write_bytes(bytes(data))

    r = vdesk(home, "notes", "list")
    assert r.returncode == 1
    assert "is damaged" in r.stderr and "vdesk notes restore" in r.stderr

    r = vdesk(home, "notes", "restore", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert Path(out["restored_from"]) == list_backups(paths)[0].path
    assert Path(out["previous"]).exists()

    r = vdesk(home, "notes", "list", "--json")
    assert r.returncode == 0, r.stderr
    assert kept in [x["id"] for x in json.loads(r.stdout)]
