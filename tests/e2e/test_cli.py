"""The CLI as a user runs it: a subprocess on a temporary base directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def vdesk(basedir: Path, *args: str, env: dict[str, str] | None = None):
    full_env = {k: v for k, v in os.environ.items() if k != "VDESK_HOME"}
    full_env.update({"QT_QPA_PLATFORM": "offscreen", **(env or {})})
    cmd = [sys.executable, "-m", "vdesk"]
    if basedir is not None:
        cmd += ["--basedir", str(basedir)]
    return subprocess.run(
        [*cmd, *args], capture_output=True, text=True, env=full_env, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("cli") / "home"
    r = vdesk(home, "build", "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["documents"] == 5
    return home


def test_everything_written_stays_under_basedir(home: Path) -> None:
    written = {p.relative_to(home).parts[0] for p in home.rglob("*")}
    assert written <= {"cache", "data", "config"}
    assert (home / "cache" / "corpus" / "corpus.sqlite").is_file()


def test_vdesk_home_environment_variable(tmp_path: Path) -> None:
    env = {"VDESK_HOME": str(tmp_path / "viaenv")}
    r = vdesk(None, "docs", "--json", env=env)  # builds the corpus first
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "viaenv" / "cache" / "corpus" / "corpus.sqlite").is_file()


def test_docs(home: Path) -> None:
    r = vdesk(home, "docs", "--json")
    docs = json.loads(r.stdout)
    assert [d["key"] for d in docs] == [
        "vienna-declaration",
        "plans-of-action",
        "draft-plans-of-action",
        "ccpcj-2002",
        "ccpcj-2014",
    ]
    assert set(docs[0]) == {"key", "symbol", "title", "body", "date", "description", "cite_as"}
    human = vdesk(home, "docs").stdout
    assert "A/RES/55/59" in human and "{" not in human


def test_show_json_shape(home: Path) -> None:
    r = vdesk(home, "show", "VD 7", "--json")
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert set(obj) == {
        "id", "doc", "kind", "num", "heading", "text", "citation", "parent", "children",
        "footnotes", "refs_out", "refs_in",
    }  # fmt: skip
    assert obj["id"] == "vienna-declaration/annex/para_7"
    assert obj["citation"] == "A/RES/55/59, annex, para. 7"
    assert obj["children"] == [f"vienna-declaration/annex/para_7/subpara_{c}" for c in "abcd"]
    assert obj["text"] == (
        "Consistent with the goals of the Convention and the protocols thereto, we shall endeavour:"
    )
    assert {
        "id": "plans-of-action/annex/chp_I/para_1",
        "citation": ("ECOSOC res. 2001/47, annex, sect. I, para. 1"),
    } in obj["refs_in"]


def test_show_footnotes(home: Path) -> None:
    obj = json.loads(vdesk(home, "show", "VD 16", "--json").stdout)
    assert obj["footnotes"] == [
        {"num": "3", "text": "Resolution 51/191, annex."},
        {"num": "4", "text": "Resolution 51/59, annex."},
    ]


def test_show_human(home: Path) -> None:
    r = vdesk(home, "show", "para. 7 (d) of the Vienna Declaration")
    assert r.returncode == 0
    assert r.stdout.startswith("A/RES/55/59, annex, para. 7 (d)\n")
    assert "To strengthen the capability" in r.stdout


def test_unknown_reference_exits_2_with_suggestions(home: Path) -> None:
    r = vdesk(home, "show", "VD 31")
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.startswith("vdesk: error: no provision matches 'VD 31'")
    assert "did you mean" in r.stderr
    assert "Traceback" not in r.stderr


def test_search_json_shape(home: Path) -> None:
    r = vdesk(home, "search", '"restorative justice"', "--doc", "vienna-declaration", "--json")
    assert r.returncode == 0, r.stderr
    hits = json.loads(r.stdout)
    assert hits
    assert set(hits[0]) == {
        "id",
        "doc",
        "citation",
        "snippet",
        "score",
        "partial",
        "matched",
        "in_footnote",
    }
    assert {h["doc"] for h in hits} == {"vienna-declaration"}
    assert any("**restorative** **justice**" in h["snippet"].lower() for h in hits)


def test_malformed_query_exits_2(home: Path) -> None:
    r = vdesk(home, "search", '"unclosed phrase')
    assert r.returncode == 2
    assert "quotation mark" in r.stderr
    assert "Traceback" not in r.stderr


def test_toc_json_shape(home: Path) -> None:
    r = vdesk(home, "toc", "plans-of-action", "--json")
    tree = json.loads(r.stdout)
    assert set(tree) == {"id", "kind", "num", "heading", "children"}
    assert tree["id"] == "plans-of-action" and tree["kind"] == "document"
    r = vdesk(home, "toc", "nowhere")
    assert r.returncode == 2 and "unknown document" in r.stderr


def test_version() -> None:
    r = vdesk(None, "--version")
    assert r.returncode == 0
    assert r.stdout.startswith("vdesk ")
