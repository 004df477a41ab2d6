"""The notes commands of the CLI, run as a user runs them: ``python -m vdesk …``."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
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


# --- bad data never crashes: one line, exit 2, nothing written ----------------------------


def _run_bytes(home: Path, *args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "vdesk", "--basedir", str(home), *args],
        capture_output=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((b"note", b"VD 7 (d)", b"--country", b"AT", b"--status", b"implemented", b"--text",
          b"\xff"), b"--text is not valid text: b'\\xff' has bytes that are not UTF-8"),
        ((b"annotate", b"VD 7 (d)", b"--tags", b"a,\xfe"), b"--tags is not valid text"),
        ((b"annotate", b"VD 7 (d)", b"--comment", b"ok \xed\xa0\x80"),
         b"--comment is not valid text"),
        ((b"notes", b"list", b"--country", b"\xc3"), b"--country is not valid text"),
        ((b"annotate", b"VD 7 (d)", b"--quote", b"States", b"--occurrence", b"9" * 5000),
         b"argument --occurrence: must be a whole number from 1 to 10000"),
        ((b"annotate", b"VD 7 (d)", b"--quote", b"States", b"--occurrence", b"0"),
         b"argument --occurrence: must be a whole number from 1 to 10000"),
        ((b"annotate", b"VD 7 (d)", b"--quote", b"States", b"--occurrence", b"-3"),
         b"argument --occurrence: must be a whole number from 1 to 10000"),
        ((b"note", b"VD 7 (d)", b"--country", b"AT", b"--status", b"implemented", b"--date",
          b"2026-13-45"), b"--date '2026-13-45' is not a date like 2026-11-23"),
        ((b"notes", b"resolve", b"abcd", b"--keep", b"both"), b"argument --keep: invalid choice"),
        ((b"notes", b"resolve", b"ab", b"--keep", b"mine"), b"conflict id 'ab' is too short"),
        ((b"toc", b"vienna-declaration", b"--depth", b"9" * 5000), b"argument --depth: invalid"),
    ],
)  # fmt: skip
def test_undecodable_and_huge_arguments_exit_2_with_one_line(
    home: Path, args: tuple[bytes, ...], message: bytes
) -> None:
    r = _run_bytes(home, *args)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(b"vdesk: error: ") and r.stderr.count(b"\n") == 1, r.stderr
    assert message in r.stderr and len(r.stderr) < 300
    assert r.stdout == b""
    assert _rows(home, "annotations") == _rows(home, "national_notes") == 0


def test_a_file_name_may_hold_any_bytes(home: Path, tmp_path: Path) -> None:
    assert vdesk(home, "note", "VD 7 (d)", "--country", "AT", "--status", "implemented",
                 "--sensitivity", "shareable").returncode == 0  # fmt: skip
    name = os.fsencode(tmp_path) + b"/notes-\xff.json"
    assert _run_bytes(home, b"notes", b"export", name).returncode == 0
    r = _run_bytes(home, b"notes", b"import", name)
    assert r.returncode == 0, r.stderr
    assert b"0 added, 0 updated, 1 unchanged" in r.stdout


BUNDLE_HEAD = '{"format": "vdesk-notes", "schema": 1, "exported": "2026-11-23T09:00:00Z", '


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (BUNDLE_HEAD.encode() + b'"annotations": [' + b"{}," * 4_000_000 + b"{}]}",
         "the file has 4,000,003 objects and lists: a vdesk notes bundle has at most 150,000"),
        (BUNDLE_HEAD.encode() + b'"colours": [{"position": ' + b"7" * 5000 + b"}]}",
         "the file has an integer of 5000 digits"),
        ((BUNDLE_HEAD + '"author": "\\udc80"}').encode(),
         "author is not valid text: it has a lone surrogate (\\udc80)"),
        ((BUNDLE_HEAD + '"author": "x"}').encode().replace(b'"x"', b'"\xff"'),
         "it is not UTF-8 text (byte"),
    ],
)  # fmt: skip
def test_bad_bundles_exit_2_with_one_line(
    home: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    t0 = time.monotonic()
    r = vdesk(home, "notes", "import", str(path))
    assert time.monotonic() - t0 < 10  # a few hundred milliseconds after the start
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and message in r.stderr, r.stderr
    if "UTF-8" not in message:  # that message predates the others, and is tested as it is
        assert r.stderr.endswith("nothing was imported\n")


def test_a_future_bundle_is_refused_naming_the_item(home: Path, tmp_path: Path) -> None:
    assert vdesk(home, "note", "VD 7 (d)", "--country", "AT", "--status", "implemented",
                 "--sensitivity", "shareable").returncode == 0  # fmt: skip
    out = tmp_path / "b.json"
    assert vdesk(home, "notes", "export", str(out)).returncode == 0
    b = json.loads(out.read_text())
    b["national_notes"][0]["modified"] = "2999-01-01T00:00:00.000000Z"
    out.write_text(json.dumps(b))
    r = vdesk(home, "notes", "import", str(out))
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    assert (
        "national_notes[0].modified (AT on vienna-declaration/annex/para_7/subpara_d) is "
        "2999-01-01T00:00:00.000000Z, later than this computer's clock"
    ) in r.stderr


# --- conflicts: one note per provision and country ------------------------------------------


def test_import_conflict_listed_then_resolved(home: Path, tmp_path: Path) -> None:
    colleague = tmp_path / "colleague"
    shutil.copytree(home / "cache", colleague / "cache")
    assert vdesk(colleague, "note", P2A, "--country", "AT", "--status", "implemented",
                 "--text", "their text", "--sensitivity", "shareable").returncode == 0  # fmt: skip
    bundle = tmp_path / "theirs.json"
    assert vdesk(colleague, "notes", "export", str(bundle)).returncode == 0
    mine = vdesk(home, "note", P2A, "--country", "AT", "--status", "in_progress",
                 "--text", "my text", "--json")  # fmt: skip
    mine_id = json.loads(mine.stdout)["id"]

    r = vdesk(home, "notes", "import", str(bundle))
    assert r.returncode == 0, r.stderr
    assert "0 added, 0 updated, 0 unchanged, 0 kept as you had them" in r.stdout
    assert "1 conflict(s): the bundle's version kept for you to choose" in r.stdout
    assert (
        f"national note {mine_id[:8]} on {P2A} (AT): the bundle has another note for this "
        "provision and country; kept yours"
    ) in r.stdout
    listed = vdesk(home, "notes", "list", "--country", "AT", "--json")
    assert [n["text"] for n in json.loads(listed.stdout)] == ["my text"]  # one note, mine

    r = vdesk(home, "notes", "conflicts", "--json")
    (c,) = json.loads(r.stdout)
    assert (c["reason"], c["mine"]["text"], c["theirs"]["text"]) == (
        "same_provision", "my text", "their text"
    )  # fmt: skip
    human = vdesk(home, "notes", "conflicts").stdout
    assert "mine:   in_progress / no_position (personal) my text" in human
    assert "theirs: implemented / no_position (shareable) their text" in human

    r = vdesk(home, "notes", "resolve", c["id"][:8], "--keep", "theirs")
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"kept the bundle's version of the national note on {P2A} (AT)\n"
    listed = vdesk(home, "notes", "list", "--country", "AT", "--json")
    assert [(n["id"], n["text"]) for n in json.loads(listed.stdout)] == [
        (c["theirs"]["id"], "their text")
    ]
    assert json.loads(vdesk(home, "notes", "conflicts", "--json").stdout) == []
    again = vdesk(home, "notes", "import", str(bundle))
    assert "0 added, 0 updated, 1 unchanged" in again.stdout and "conflict(s)" not in again.stdout


# --- errors of the database: never SQL, never note text ------------------------------------


def _in_process(home: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    from vdesk.cli.main import main

    code = main(["--basedir", str(home), *args])
    return code, capsys.readouterr().err


def _sql_error(errorcode: int, name: str) -> Exception:
    import sqlalchemy.exc

    orig = sqlite3.OperationalError("database is locked" if errorcode == 5 else "disk I/O error")
    orig.sqlite_errorcode = errorcode  # type: ignore[attr-defined]
    orig.sqlite_errorname = name  # type: ignore[attr-defined]
    statement = "INSERT INTO national_notes (id, text) VALUES (?, ?)" + " " * 6000
    return sqlalchemy.exc.OperationalError(statement, ("id", "SECRET NOTE TEXT"), orig)


@pytest.mark.parametrize(
    ("errorcode", "name", "expected"),
    [
        (5, "SQLITE_BUSY", "vdesk: error: the notes database is busy: another vdesk is "
                           "writing; try again\n"),
        (10, "SQLITE_IOERR", "vdesk: error: database problem (SQLITE_IOERR). If it concerns "
                             "the corpus, `vdesk build` rebuilds it (a rebuild never touches "
                             "your notes); for your notes see `vdesk notes backups`.\n"),
        (13, "SQLITE_FULL", "vdesk: error: the disk is full ({data}): free some space and "
                            "try again (nothing was changed)\n"),
    ],
)  # fmt: skip
def test_database_errors_never_print_sql_or_note_text(
    home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    errorcode: int,
    name: str,
    expected: str,
) -> None:
    from vdesk.desk import importing
    from vdesk.store.notes.sqlite import SqliteNotesStore

    assert vdesk(home, "note", "VD 7 (d)", "--country", "AT", "--status", "implemented",
                 "--text", "SECRET NOTE TEXT", "--sensitivity", "shareable").returncode == 0  # fmt: skip
    bundle = tmp_path / "b.json"
    assert vdesk(home, "notes", "export", str(bundle)).returncode == 0
    other = tmp_path / "other"
    shutil.copytree(home / "cache", other / "cache")
    expected = expected.replace("{data}", str(other / "data"))  # a full disk names where

    def broken(self: SqliteNotesStore, *a: object, **k: object) -> None:
        raise _sql_error(errorcode, name)

    monkeypatch.setattr(SqliteNotesStore, "restore_many", broken)
    monkeypatch.setattr(importing, "BUSY_PAUSES", (0.01,))
    code, err = _in_process(other, capsys, "notes", "import", str(bundle))
    assert (code, err) == (1, expected)
    # the same for any command, not only imports
    monkeypatch.setattr(SqliteNotesStore, "add_national_note", broken)
    code, err = _in_process(
        other, capsys, "note", "VD 7", "--country", "AT", "--status", "implemented"
    )
    assert (code, err) == (1, expected)


def test_an_internal_error_names_its_place_not_its_values(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from vdesk.store.notes.sqlite import SqliteNotesStore

    def bug(self: SqliteNotesStore, *a: object, **k: object) -> None:
        raise KeyError("SECRET NOTE TEXT")

    monkeypatch.setattr(SqliteNotesStore, "national_notes", bug)
    code, err = _in_process(home, capsys, "notes", "list")
    line = bug.__code__.co_firstlineno + 1
    assert (code, err) == (
        1, f"vdesk: error: internal error (KeyError in test_cli_notes.py:{line}): please report it\n"
    )  # fmt: skip


# --- two processes importing and editing at once --------------------------------------------

EDITOR = """
import sys, time
from vdesk.store.notes.sqlite import SqliteNotesStore
from vdesk.paths import AppPaths
repo = SqliteNotesStore.open(AppPaths.resolve(sys.argv[1]), start_backup=False)
for i in range(int(sys.argv[2])):
    repo.add_national_note(sys.argv[3], country="NG", status="in_progress", text=f"edit {i}")
    a = repo.add_annotation(
        __import__("vdesk.domain.notes", fromlist=["Anchor"]).Anchor(sys.argv[3]),
        comment=f"edit {i}",
    )
    repo.update_annotation(a.id, comment=f"edited {i}")
    time.sleep(0.005)
repo.close()
print("done")
"""


def test_two_processes_importing_and_editing_at_once(home: Path, tmp_path: Path) -> None:
    """An import of 600 notes runs three times while another process writes 150 edits:
    every edit and every imported note is there, once."""
    from vdesk.notes.bundle import dump_bundle
    from vdesk.store.corpus_db import CorpusRepo

    paths = AppPaths.resolve(home)
    corpus = CorpusRepo(paths.corpus_db)
    rows = [r for r in corpus.all_nodes() if r.kind in ("paragraph", "subparagraph") and r.text]
    corpus.close()
    stamp = "2026-11-23T09:00:00.000000Z"
    notes = [
        {"id": f"00000000-0000-4000-8000-{i:012d}", "doc": r.doc, "node_id": r.id,
         "country": country, "status": "implemented", "position": "supports",
         "text": f"imported {i}", "legal_refs": [], "date": "", "sensitivity": "shareable",
         "author": "", "created": stamp, "modified": stamp}
        for i, (r, country) in enumerate((r, c) for r in rows[:200] for c in ("AT", "DE", "FR"))
    ]  # fmt: skip
    bundle = tmp_path / "big.json"
    bundle.write_bytes(dump_bundle({"format": "vdesk-notes", "schema": 1, "exported": stamp,
                                    "annotations": [], "national_notes": notes, "colours": []}))  # fmt: skip
    assert vdesk(home, "notes", "list").returncode == 0  # the database exists
    editor = subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(home), "50", rows[300].id],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    importers = [
        subprocess.Popen(
            [sys.executable, "-m", "vdesk", "--basedir", str(home), "notes", "import", str(bundle)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    out, err = editor.communicate(timeout=120)
    assert editor.returncode == 0 and out == "done\n", err
    for p in importers:
        o, e = p.communicate(timeout=120)
        assert p.returncode == 0, e
        assert "Imported" in o
    con = sqlite3.connect(paths.user_db)
    try:
        pairs = con.execute(
            "SELECT node_id, country, count(*) FROM national_notes GROUP BY 1, 2 HAVING count(*) > 1"
        ).fetchall()
        imported = con.execute("SELECT count(*) FROM national_notes WHERE text LIKE 'imported %'")
        edits = con.execute("SELECT count(*) FROM annotations WHERE comment LIKE 'edited %'")
        ng = con.execute("SELECT count(*) FROM national_notes WHERE country = 'NG'")
        assert (imported.fetchone()[0], edits.fetchone()[0], ng.fetchone()[0]) == (600, 50, 50)
    finally:
        con.close()
    # the editor's NG notes share one provision: that is the editor's own doing (the
    # store allows it); the imports added no second note anywhere
    assert pairs == [(rows[300].id, "NG", 50)]
