"""``vdesk search``: paging, document order, partial matches and footnotes, in text and JSON."""

from __future__ import annotations

import json

import pytest

from vdesk.cli.main import main
from vdesk.paths import AppPaths


def run(
    built_paths: AppPaths, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    code = main(["--basedir", str(built_paths.data_dir.parent), "search", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_hits_say_partial_matched_and_footnote(built_paths, capsys) -> None:
    code, out, _ = run(built_paths, capsys, "necessitate", "--json")
    assert code == 0
    assert json.loads(out) == [
        {
            "id": "draft-plans-of-action/chp_XII",
            "doc": "draft-plans-of-action",
            "citation": "Draft plans of action (27 March 2001), chap. XII",
            "snippet": "…further work in this area, which if adopted by the Commission, will "
            "**necessitate** corresponding changes to this segment of the Action Plan.",
            "score": 5.3201,  # BM25: the corpus statistics moved with the new nodes
            "partial": False,
            "matched": ["necessitate"],
            "in_footnote": "49",
        }
    ]


def test_partial_matches_are_labelled(built_paths, capsys) -> None:
    code, out, _ = run(built_paths, capsys, "restorative justice mediation xyzzy", "--limit", "2")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        "No provision has all of: restorative, justice, mediation, xyzzy. "
        "These are the closest matches, with the most of them."
    )
    assert lines[1] == "495 partial matches for 'restorative justice mediation xyzzy'; 1-2 shown"
    assert "  [partial: has restorative, justice, mediation]" in lines
    code, out, _ = run(built_paths, capsys, "restorative justice mediation xyzzy", "--json")
    hits = json.loads(out)
    assert hits[0]["partial"] is True
    assert hits[0]["matched"] == ["restorative", "justice", "mediation"]


def test_offset_and_document_order(built_paths, capsys) -> None:
    _, out, _ = run(built_paths, capsys, "restorative justice", "--limit", "4", "--json")
    first = [h["id"] for h in json.loads(out)]
    _, out, _ = run(
        built_paths, capsys, "restorative justice", "--offset", "2", "--limit", "2", "--json"
    )
    assert [h["id"] for h in json.loads(out)] == first[2:]
    _, out, _ = run(
        built_paths, capsys, "restorative justice", "--sort", "document", "--limit", "3"
    )
    assert out.splitlines()[0] == "66 matches for 'restorative justice'; 1-3 shown"
    assert [line for line in out.splitlines() if line.startswith("A/RES")] == [
        "A/RES/55/59, annex, fifth preambular paragraph",
        "A/RES/55/59, annex, para. 27",
        "A/RES/55/59, annex, para. 28",
    ]
    _, out, _ = run(built_paths, capsys, "restorative justice", "--offset", "70")
    assert out.splitlines() == ["66 matches for 'restorative justice'; none after 70"]


def test_a_footnote_match_says_which_footnote(built_paths, capsys) -> None:
    _, out, _ = run(built_paths, capsys, "necessitate")
    assert "Draft plans of action (27 March 2001), chap. XII  (in footnote 49)" in out.splitlines()


def test_bad_offset_is_refused(built_paths, capsys) -> None:
    code, out, err = run(built_paths, capsys, "justice", "--offset", "-1")
    assert (code, out) == (2, "")
    assert "--offset must be at least 0" in err
    with pytest.raises(SystemExit):
        run(built_paths, capsys, "justice", "--sort", "alphabetical")
