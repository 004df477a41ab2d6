"""The resolver over the table of typed forms (tests/data/reference-forms.tsv): every
form resolves to the provision its source names, or is refused as ambiguous or
unknown; ties, misspelt names, numerals and suggestions; the CLI's refusals."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vdesk.cli.main import main
from vdesk.corpus.resolver import (
    AmbiguousReference,
    Resolution,
    Resolver,
    UnknownReference,
    describe,
)
from vdesk.documents import PROFILES

TABLE = Path(__file__).parent.parent / "data" / "reference-forms.tsv"
AMBIGUOUS = "REFUSE:ambiguous"
UNKNOWN = "REFUSE:unknown"


def _rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").split("\n"):
        if not line or line.startswith("#"):
            continue
        typed, expected, why = line.split("\t")
        rows.append((typed, expected, why))
    return rows


ROWS = _rows()


def test_the_table_is_large_and_has_every_outcome() -> None:
    assert len(ROWS) >= 150
    outcomes = [e for _, e, _ in ROWS]
    assert outcomes.count(AMBIGUOUS) >= 8 and outcomes.count(UNKNOWN) >= 25
    assert all(why for _, _, why in ROWS)
    assert len({t for t, _, _ in ROWS}) == len(ROWS)  # no form twice


def test_every_expected_id_is_a_node(corpus_repo) -> None:
    ids = {r.id for r in corpus_repo.all_nodes()}
    assert [e for _, e, _ in ROWS if not e.startswith("REFUSE:") and e not in ids] == []


@pytest.mark.parametrize(("typed", "expected", "why"), ROWS, ids=[r[0] or "<empty>" for r in ROWS])
def test_typed_form(resolver: Resolver, typed: str, expected: str, why: str) -> None:
    if expected == AMBIGUOUS:
        with pytest.raises(AmbiguousReference) as amb:
            resolver.resolve(typed)
        assert len(amb.value.candidates) >= 2
        assert len(amb.value.suggestions) == len(amb.value.candidates)
    elif expected == UNKNOWN:
        with pytest.raises(UnknownReference) as unk:
            resolver.resolve(typed)
        assert not isinstance(unk.value, AmbiguousReference)
    else:
        assert resolver.resolve(typed) == expected


# -- the wrong provisions of the issue, with their text -----------------------------------


def test_the_resolutions_paragraph_is_not_the_annexs(resolver: Resolver, corpus_repo) -> None:
    for typed in ("ECOSOC res. 2001/47 para 5", "ECOSOC res. 2001/47, para. 5"):
        node = corpus_repo.node(resolver.resolve(typed))
        assert node.text.startswith("Invites the Secretary-General, in close cooperation")
    annex = corpus_repo.node(resolver.resolve("resolution 56/261, annex, para. 5"))
    assert annex.text.startswith("In order to implement and follow up the commitments")
    assert resolver.resolve("resolution 56/261, para. 5") == "plans-of-action/dres/para_5"


def test_a_literal_reading_with_no_provision_suggests_the_annex(resolver: Resolver) -> None:
    with pytest.raises(UnknownReference) as err:
        resolver.resolve("ECOSOC res. 2001/47, para. 10")
    assert err.value.suggestions[0] == "ECOSOC res. 2001/47, annex, sect. III, para. 10"
    assert 'without "annex"' in err.value.reason
    with pytest.raises(UnknownReference) as err:
        resolver.resolve("A/RES/55/59, para. 7")
    assert err.value.suggestions[0] == "A/RES/55/59, annex, para. 7"


def test_bare_7_d_is_ambiguous_with_four_candidates(resolver: Resolver) -> None:
    with pytest.raises(AmbiguousReference) as err:
        resolver.resolve("7 (d)")
    assert err.value.candidates == [
        "ccpcj-2014/chp_I/sec_A/dres_IV/annex/hdg_guiding-principles/para_7/subpara_d",
        "draft-plans-of-action/chp_III/sec_A/para_7/subpara_d",
        "plans-of-action/annex/chp_II/sec_A/para_7/subpara_d",
        "vienna-declaration/annex/para_7/subpara_d",
    ]
    assert err.value.suggestions[3] == "A/RES/55/59, annex, para. 7 (d)"
    assert describe(err.value) == (
        "ambiguous: '7 (d)' could be: "
        "E/2014/30, chap. I, sect. A, draft res. IV, annex, para. 7 (d); "
        "Draft plans of action (27 March 2001), para. 7 (d); "
        "ECOSOC res. 2001/47, annex, sect. II.A, para. 7 (d); "
        "A/RES/55/59, annex, para. 7 (d)"
    )


# -- the current document breaks a tie, visibly ---------------------------------------------


def test_prefer_doc_breaks_a_tie_and_says_so(resolver: Resolver) -> None:
    got = resolver.resolve_with_reason("7 (d)", prefer_doc="vienna-declaration")
    assert got == Resolution(
        id="vienna-declaration/annex/para_7/subpara_d",
        citation="A/RES/55/59, annex, para. 7 (d)",
        preferred_doc="vienna-declaration",
        tied=(
            "E/2014/30, chap. I, sect. A, draft res. IV, annex, para. 7 (d)",
            "Draft plans of action (27 March 2001), para. 7 (d)",
            "ECOSOC res. 2001/47, annex, sect. II.A, para. 7 (d)",
            "A/RES/55/59, annex, para. 7 (d)",
        ),
    )
    assert resolver.resolve("7 (d)", prefer_doc="plans-of-action") == (
        "plans-of-action/annex/chp_II/sec_A/para_7/subpara_d"
    )
    # in the plans a bare 5 reads as "POA 5": the annex, not the draft resolution's
    assert (
        resolver.resolve("5", prefer_doc="plans-of-action") == "plans-of-action/annex/chp_II/para_5"
    )


def test_prefer_doc_never_overrides_what_was_typed(resolver: Resolver) -> None:
    # a unique match is not a tie: the preferred document plays no part
    got = resolver.resolve_with_reason("para. 81", prefer_doc="vienna-declaration")
    assert got.id == "draft-plans-of-action/chp_X/sec_B/para_81"
    assert got.preferred_doc is None and got.tied == ()
    # a named document is not overridden
    assert resolver.resolve("POA 7 (d)", prefer_doc="vienna-declaration").startswith("plans-of")
    # a tie inside the named document stays ambiguous
    with pytest.raises(AmbiguousReference):
        resolver.resolve("ccpcj-2002 draft res. I 1", prefer_doc="ccpcj-2002")
    # a preferred document without a candidate breaks nothing
    with pytest.raises(AmbiguousReference):
        resolver.resolve("7 (d)", prefer_doc="ccpcj-2002")


def test_how_a_reference_was_read_is_reported(resolver: Resolver) -> None:
    fuzzy = resolver.resolve_with_reason("Viena Declaration 7 (d)")
    assert (fuzzy.id, fuzzy.read_name) == (
        "vienna-declaration/annex/para_7/subpara_d",
        "vienna declaration",
    )
    numeral = resolver.resolve_with_reason("POA chapter 3")
    assert (numeral.id, numeral.read_as) == (
        "plans-of-action/annex/chp_III",
        "ECOSOC res. 2001/47, annex, sect. III",
    )
    plain = resolver.resolve_with_reason("VD 7 (d)")
    assert (plain.read_name, plain.read_as, plain.preferred_doc) == (None, None, None)


def test_a_name_near_two_documents_is_refused(corpus_repo) -> None:
    # a profile list in which the 2014 report is also called "vienna declarations": the
    # misspelt "Viena Declaration" is then near two documents
    profiles = [
        dataclasses.replace(p, aliases=(*p.aliases, "vienna declarations"))
        if p.key == "ccpcj-2014"
        else p
        for p in PROFILES
    ]
    resolver = Resolver(corpus_repo, profiles)
    with pytest.raises(UnknownReference) as err:
        resolver.resolve("Viena Declaration 7 (d)")
    assert "could be any of 2 documents" in err.value.reason
    assert err.value.suggestions == ["E/2014/30", "A/RES/55/59"]
    assert (
        resolver.resolve("Vienna Declaration 7 (d)") == "vienna-declaration/annex/para_7/subpara_d"
    )


def test_a_misspelt_name_must_fit_exactly_one_provision(resolver: Resolver) -> None:
    # "Plans of acton 5": annex para. 5 and the draft resolution's para. 5 both fit; no
    # preference is applied to a misspelt name
    with pytest.raises(UnknownReference) as err:
        resolver.resolve("Plans of acton 5")
    assert err.value.suggestions == [
        "ECOSOC res. 2001/47, draft resolution, para. 5",
        "ECOSOC res. 2001/47, annex, sect. II, para. 5",
    ]


def test_a_numeral_mix_up_that_fits_twice_is_ambiguous(resolver: Resolver) -> None:
    # "sect. 3" of ECOSOC res. 2001/47: no section 3, and section III exists once: accepted;
    # "sect. II" of the draft plans' chapter VI objectives exists as "sect. 2" in three groups
    assert resolver.resolve("POA sect. 3") == "plans-of-action/annex/chp_III"
    with pytest.raises(AmbiguousReference) as err:
        resolver.resolve("DPOA objectives 1 and 2 sect. II")
    assert err.value.candidates == [
        "draft-plans-of-action/chp_VI/sec_C/obj_1-2/sec_2",
        "draft-plans-of-action/chp_IX/sec_C/obj_1-2/sec_2",
        "draft-plans-of-action/chp_XII/sec_C/obj_1-2/sec_2",
    ]  # in corpus order


# -- suggestions ranked by what was typed ---------------------------------------------------


def test_suggestions_stay_in_the_named_document_and_shape(resolver: Resolver) -> None:
    with pytest.raises(UnknownReference) as err:
        resolver.resolve("POA sect. I.A 9 (a)")
    assert err.value.suggestions[:2] == ["POA 3 (a)", "POA 2 (a)"]  # both in sect. I.A
    assert all(s.startswith("POA ") for s in err.value.suggestions)
    with pytest.raises(UnknownReference) as err:
        resolver.resolve("DPOA 103")
    assert err.value.suggestions and all(s.startswith("DPOA ") for s in err.value.suggestions)


def test_suggestions_of_every_refused_form_with_a_document(resolver: Resolver) -> None:
    """A refused form that names a document is offered only that document's provisions."""
    checked = 0
    for typed, expected, _ in ROWS:
        if expected != UNKNOWN:
            continue
        try:
            resolver.resolve(typed)
        except AmbiguousReference:
            continue
        except UnknownReference as exc:
            if typed.startswith(("VD ", "POA ", "DPOA ")):
                prefix = typed.split(" ")[0] + " "
                cited = {"VD ": "A/RES/55/59", "POA ": "ECOSOC res. 2001/47"}.get(prefix, "Draft")
                assert all(s.startswith((prefix, cited)) for s in exc.suggestions), typed
                checked += 1
    assert checked >= 8


# -- completions --------------------------------------------------------------------------


def test_every_completion_form_resolves_to_its_node(resolver: Resolver) -> None:
    forms = resolver.completions("", limit=10)
    assert forms == []
    wrong = [(f, i) for f, i in resolver._forms if resolver.resolve(f) != i]
    assert wrong == []


def test_completions_understand_quotes_and_punctuation(resolver: Resolver) -> None:
    plain = resolver.completions("VD 7 (", limit=50)
    assert resolver.completions("“VD 7 (", limit=50) == plain
    assert ("VD 7 (d)", "vienna-declaration/annex/para_7/subpara_d") in plain


def test_completions_rank_what_was_typed_first(resolver: Resolver) -> None:
    # the provision the text already names comes first, by its citation
    assert resolver.completions("ECOSOC res. 2001/47 para 5", 5)[0] == (
        "ECOSOC res. 2001/47, draft resolution, para. 5",
        "plans-of-action/dres/para_5",
    )
    # an ambiguous text offers its candidates first
    assert [i for _, i in resolver.completions("7 (d)", 20)[:4]] == [
        "ccpcj-2014/chp_I/sec_A/dres_IV/annex/hdg_guiding-principles/para_7/subpara_d",
        "draft-plans-of-action/chp_III/sec_A/para_7/subpara_d",
        "plans-of-action/annex/chp_II/sec_A/para_7/subpara_d",
        "vienna-declaration/annex/para_7/subpara_d",
    ]
    # a main-text name typed in full completes like its abbreviation
    forms = [f for f, _ in resolver.completions("Vienna Declaration 7 (", 10)]
    assert forms[:4] == ["VD 7 (a)", "VD 7 (b)", "VD 7 (c)", "VD 7 (d)"]
    # a resolution name completes with its citations, never the annex's short forms
    forms = [f for f, _ in resolver.completions("GA res. 55/59 annex para. 1", 3)]
    assert forms == [
        "A/RES/55/59, annex, para. 1",
        "A/RES/55/59, annex, para. 10",
        "A/RES/55/59, annex, para. 11",
    ]
    # with the current document, a tie broken for it comes first
    assert resolver.completions("7 (d)", 1, prefer_doc="plans-of-action") == [
        ("ECOSOC res. 2001/47, annex, sect. II.A, para. 7 (d)",
         "plans-of-action/annex/chp_II/sec_A/para_7/subpara_d")
    ]  # fmt: skip


# -- never anything but UnknownReference -----------------------------------------------------

_PIECES = st.sampled_from(
    [" ", ",", ".", "(", ")", "“", "’", "/", "-", "¶", "VD", "POA", "DPOA", "annex", "para.",
     "sect.", "chap.", "draft res.", "res.", "dec.", "DR", "I", "IV", "A", "b", "ii", "7", "23/2",
     "2001/47", "56/261", "55/59", "preambular", "second", "pp", "objective", "guideline",
     "of the", "Vienna Declaration", "plans of action", "Viena", "E/2014/30", "item", "part one"]
)  # fmt: skip


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_PIECES, max_size=10).map("".join), st.sampled_from([None, "plans-of-action"]))
def test_reference_like_text_only_ever_refused_cleanly(
    resolver: Resolver, text: str, prefer: str | None
) -> None:
    try:
        got = resolver.resolve_with_reason(text, prefer_doc=prefer)
    except UnknownReference as exc:
        assert exc.reason and "\n" not in describe(exc)
        return
    assert resolver.resolve(got.id) == got.id
    assert resolver.resolve(got.citation) == got.id


# -- the command line ---------------------------------------------------------------------


def test_cli_show_ambiguous_exits_2_with_candidates(built_paths, capsys) -> None:
    base = str(built_paths.data_dir.parent)
    assert main(["--basedir", base, "show", "7 (d)"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("vdesk: error: ambiguous: '7 (d)' could be: ")
    assert "A/RES/55/59, annex, para. 7 (d)" in err and err.count("\n") == 1
    assert main(["--basedir", base, "show", "ECOSOC res. 2001/47 para 5"]) == 0
    assert "ECOSOC res. 2001/47, draft resolution, para. 5" in capsys.readouterr().out


def test_cli_annotate_refuses_an_ambiguous_reference(built_paths, capsys) -> None:
    base = str(built_paths.data_dir.parent)
    assert main(["--basedir", base, "annotate", "7 (d)", "--quote", "States"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("vdesk: error: ambiguous: '7 (d)' could be: E/2014/30, chap. I")
    assert err.count("\n") == 1
