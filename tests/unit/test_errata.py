"""The errata file: every entry applies to its source line, and a stale entry fails loudly."""

from __future__ import annotations

import pytest

from vdesk import documents
from vdesk.corpus import errata
from vdesk.corpus.errata import Erratum, ErratumError


def test_every_erratum_applies_exactly_once() -> None:
    entries = errata.load()
    assert entries, "the errata file is empty"
    for e in entries:
        raw = documents.get(e.doc).read().split("\n")
        assert raw[e.line - 1].count(e.find) == 1, (e.doc, e.line)
        fixed = errata.apply(e.doc, documents.get(e.doc).read()).split("\n")
        assert e.replace in fixed[e.line - 1], (e.doc, e.line)
        assert len(fixed) == len(raw)


def test_word_order_scrambles_are_corrected() -> None:
    doc = documents.get("draft-plans-of-action")
    lines = errata.apply(doc.key, doc.read()).split("\n")
    assert lines[103].endswith("firearms, opening")
    assert lines[105].startswith(
        "the way for the signature, ratification and implementation of those instruments"
    )
    assert "hold state agencies legally accountable. Erosion of legal standards also " in lines[207]
    assert "for example, the United Nations Development Assistance Framework." in lines[469]
    assert (
        "the United Nations Development Assistance Framework (paras. 10, 13 and 15)" in lines[610]
    )
    assert "(A/49/748, annex, chap. I, sect. A)" in lines[992]


def test_garbled_sales_number_is_left_as_printed() -> None:
    # No text of the corpus gives the right sales number of note 48; it is not guessed.
    doc = documents.get("draft-plans-of-action")
    assert "Sales No. 956.IV.4" in errata.apply(doc.key, doc.read()).split("\n")[1006]


def test_look_alike_numeral_in_the_2014_report() -> None:
    doc = documents.get("ccpcj-2014")
    lines = errata.apply(doc.key, doc.read()).split("\n")
    assert "Sales No. E.91.IV.2), chap. I, sect. B.2, annex." in lines[350]


def test_other_documents_are_unchanged() -> None:
    for key in ("vienna-declaration", "plans-of-action", "ccpcj-2002"):
        doc = documents.get(key)
        assert errata.apply(key, doc.read()) == doc.read()


def test_a_stale_erratum_fails_loudly() -> None:
    stale = (Erratum("vienna-declaration", 9, "no such words", "x", "test"),)
    with pytest.raises(ErratumError, match="vienna-declaration:9: 'no such words' occurs 0 times"):
        errata.apply("vienna-declaration", documents.get("vienna-declaration").read(), stale)


def test_an_ambiguous_erratum_fails_loudly() -> None:
    twice = (Erratum("vienna-declaration", 9, "the", "a", "test"),)
    with pytest.raises(ErratumError, match=r"occurs [0-9]+ times"):
        errata.apply("vienna-declaration", documents.get("vienna-declaration").read(), twice)


def test_an_erratum_beyond_the_end_fails_loudly() -> None:
    beyond = (Erratum("vienna-declaration", 9999, "x", "y", "test"),)
    with pytest.raises(ErratumError, match="no such line"):
        errata.apply("vienna-declaration", "one line", beyond)


def test_malformed_file_is_rejected(tmp_path) -> None:
    path = tmp_path / "errata.toml"
    path.write_text(
        '[[erratum]]\ndoc = "x"\nline = 1\nfind = "a"\nreplace = "b"\n', encoding="utf-8"
    )
    with pytest.raises(ErratumError, match="lacks 'reason'"):
        errata.load(path)
