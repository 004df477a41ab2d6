"""``vdesk export`` and ``vdesk notes export|import``, run as a subprocess on a copy of
the built corpus, with notes made through the CLI as a user makes them."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from vdesk.paths import AppPaths
from vdesk.store.corpus_db import CorpusRepo


@pytest.fixture
def home(tmp_path: Path, built_paths: AppPaths) -> Path:
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


def ok(home: Path, *args: str) -> Any:
    r = vdesk(home, *args, "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def _annotate(home: Path) -> None:
    ok(home, "annotate", "VD 7", "--quote", "the goals of the Convention", "--comment", "Keep",
       "--tags", "priority")  # fmt: skip
    ok(home, "annotate", "POA sect. I.B 4", "--quote", "56/____", "--color", "red",
       "--sensitivity", "shareable")  # fmt: skip
    ok(home, "annotate", "VD 16", "--comment", "Instructions pending", "--sensitivity",
       "confidential")  # fmt: skip
    ok(home, "note", "POA sect. I.A 2(a)", "--country", "AT", "--status", "in_progress",
       "--position", "supports", "--text", "Draft law", "--sensitivity", "shareable")  # fmt: skip


def test_export_writes_markdown_and_html_and_refuses_to_overwrite(
    home: Path, tmp_path: Path
) -> None:
    _annotate(home)
    out, page = tmp_path / "brief.md", tmp_path / "brief.html"
    r = ok(home, "export", "--out", str(out), "--html", str(page))
    assert r == {
        "path": str(out),
        "provisions": 3,
        "annotations": 2,
        "national_notes": 1,
        "confidential": 0,
        "missing": [],
        "bytes": len(out.read_bytes()),
    }
    text = out.read_text(encoding="utf-8")
    assert '<mark class="yellow">the goals of the Convention</mark>' in text
    assert "56/\\_\\_\\_\\_" in text and "Instructions pending" not in text
    assert '<mark class="yellow">the goals of the Convention</mark>' in page.read_text(
        encoding="utf-8"
    )

    again = vdesk(home, "export", "--out", str(out))
    assert again.returncode == 2
    assert again.stderr == f"vdesk: error: {out} exists: use --force to replace it\n"
    assert out.read_text(encoding="utf-8") == text

    forced = ok(home, "export", "--out", str(out), "--force", "--confidential")
    assert forced["confidential"] == 1
    assert "**[CONFIDENTIAL]** The whole provision" in out.read_text(encoding="utf-8")


def test_export_scopes_presets_and_bad_input(
    home: Path, tmp_path: Path, corpus_repo: CorpusRepo
) -> None:
    _annotate(home)
    section = corpus_repo.subtree("plans-of-action/annex/chp_I/sec_A")
    provisions = [n for n in section if n.kind in ("paragraph", "subparagraph", "item")]
    out = tmp_path / "x.md"
    r = ok(home, "export", "--out", str(out), "--ref", "POA sect. I.A", "--preset",
           "delegation-brief")  # fmt: skip
    assert (r["provisions"], r["national_notes"]) == (len(provisions), 1)
    assert "## Status at a glance" in out.read_text(encoding="utf-8")
    r = ok(home, "export", "--out", str(out), "--force", "--search", '"protocols thereto"')
    assert r["provisions"] > 5
    r = ok(home, "export", "--out", str(out), "--force", "--preset", "quotes", "--tag", "priority")
    assert (r["provisions"], r["annotations"]) == (1, 1)
    for args, message in [
        (["--preset", "memo"], "unknown preset 'memo'; known: annotated-excerpts, "
                               "delegation-brief, quotes"),
        (["--ref", "VD 999"], ""),
        (["--search", "AND"], "cannot search for 'AND'"),
        (["--country", "XX"], "unknown country 'XX'"),
        (["--colour", "teal"], "unknown colour 'teal': use one of yellow"),
        (["--doc", "nope"], "unknown document 'nope'"),
    ]:  # fmt: skip
        bad = vdesk(home, "export", "--out", str(tmp_path / "bad.md"), *args)
        assert bad.returncode == 2, args
        assert bad.stderr.startswith("vdesk: error: ") and message in bad.stderr, bad.stderr
        assert not (tmp_path / "bad.md").exists()


def _dump(home: Path) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(home / "data" / "user.sqlite")
    try:
        return [
            *con.execute("SELECT * FROM annotations ORDER BY id"),
            *con.execute("SELECT * FROM annotation_tags ORDER BY 1, 2"),
            *con.execute("SELECT * FROM national_notes ORDER BY id"),
        ]
    finally:
        con.close()


def test_notes_bundle_round_trip(home: Path, tmp_path: Path) -> None:
    _annotate(home)
    bundle = tmp_path / "notes.json"
    r = ok(home, "notes", "export", str(bundle))
    assert (r["annotations"], r["national_notes"], r["included"]) == (1, 1, ["shareable"])
    full = ok(home, "notes", "export", str(bundle), "--force", "--include-personal",
              "--include-confidential", "--author", "AT mission")  # fmt: skip
    assert (full["annotations"], full["national_notes"]) == (3, 1)
    assert json.loads(bundle.read_text(encoding="utf-8"))["author"] == "AT mission"

    other = tmp_path / "other"
    shutil.copytree(home / "cache", other / "cache")
    r = ok(other, "notes", "import", str(bundle))
    assert (r["added"], r["updated"], r["unchanged"], r["conflicts"]) == (4, 0, 0, [])
    assert r["backup"].endswith("-pre-import.sqlite") and Path(r["backup"]).exists()
    assert _dump(other) == _dump(home)
    again = ok(other, "notes", "import", str(bundle))
    assert (again["added"], again["unchanged"], again["backup"]) == (0, 4, None)


def test_import_refuses_bad_files_and_changes_nothing(home: Path, tmp_path: Path) -> None:
    _annotate(home)
    before = _dump(home)
    good = tmp_path / "good.json"
    ok(home, "notes", "export", str(good), "--include-personal")
    data = good.read_bytes()
    cases = {
        "truncated.json": data[: len(data) // 2],
        "foreign.json": b'{"format": "zotero", "items": []}',
        "newer.json": data.replace(b'"schema": 1', b'"schema": 7'),
        "broken.json": data.replace(b'"status": "in_progress"', b'"status": "done"'),
    }
    expected = {
        "truncated.json": "the file is not valid JSON (truncated or damaged?)",
        "foreign.json": "is not a vdesk notes bundle (its format is 'zotero')",
        "newer.json": "written by a newer vdesk (schema 7)",
        "broken.json": "national_notes[0].status: 'done' is not one of",
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        r = vdesk(home, "notes", "import", str(path))
        assert r.returncode == 2, name
        assert expected[name] in r.stderr, r.stderr
        assert "nothing was imported" in r.stderr
        assert _dump(home) == before
    missing = vdesk(home, "notes", "import", str(tmp_path / "nope.json"))
    assert (missing.returncode, missing.stderr) == (
        2, f"vdesk: error: {tmp_path / 'nope.json'}: no such file\n",
    )  # fmt: skip


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_exports_and_bundles_are_readable_only_by_you(home: Path, tmp_path: Path) -> None:
    _annotate(home)
    out, page, bundle = tmp_path / "brief.md", tmp_path / "brief.html", tmp_path / "notes.json"
    old = os.umask(0o022)  # the usual umask: a plain open() gives 0644, readable by all
    try:
        r = vdesk(home, "export", "--out", str(out), "--html", str(page), "--confidential")
        plain = vdesk(home, "export", "--out", str(tmp_path / "plain.md"))
        b = vdesk(home, "notes", "export", str(bundle), "--include-confidential")
        shareable = vdesk(home, "notes", "export", str(tmp_path / "shareable.json"))
    finally:
        os.umask(old)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1] == (
        "It includes 1 CONFIDENTIAL item(s), marked as such; the files are readable only by you."
    )
    assert "readable only by you" not in plain.stdout  # nothing confidential in it
    assert b.returncode == 0, b.stderr
    assert b.stdout == (
        f"Wrote 2 annotations and 1 national notes (shareable, confidential) to {bundle}; "
        "it is readable only by you\n"
    )
    assert shareable.stdout.endswith(f"(shareable) to {tmp_path / 'shareable.json'}\n")
    for path in (out, page, tmp_path / "plain.md", bundle, tmp_path / "shareable.json"):
        assert _mode(path) == 0o600, path
    out.chmod(0o644)  # replaced with --force: private again
    assert ok(home, "export", "--out", str(out), "--force")["provisions"] == 3
    assert _mode(out) == 0o600


def test_links_pipes_and_devices_are_never_replaced_even_with_force(
    home: Path, tmp_path: Path
) -> None:
    _annotate(home)
    real = tmp_path / "real.md"
    real.write_text("my own file", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    before = sorted(os.listdir(tmp_path))
    for target, kind in [(link, "symbolic link"), (fifo, "named pipe"),
                         (Path("/dev/null"), "device")]:  # fmt: skip
        message = f"vdesk: error: {target} is a {kind}, not a regular file: it is never replaced\n"
        for command in (["export", "--out"], ["notes", "export"]):
            r = vdesk(home, *command, str(target), "--force")
            assert (r.returncode, r.stderr, r.stdout) == (2, message, ""), (command, r.stderr)
        page = vdesk(home, "export", "--out", str(tmp_path / "ok.md"), "--html", str(target))
        assert (page.returncode, page.stderr) == (2, message)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "my own file"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(os.listdir(tmp_path)) == before  # nothing written, no temporary file
