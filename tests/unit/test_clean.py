"""One test per artifact class, with inputs and outputs copied from the sources."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vdesk.corpus import _formats, clean, parse
from vdesk.corpus.clean import FN_CLOSE, FN_OPEN, IT_CLOSE, IT_OPEN


def fn(num: str) -> str:
    return f"{FN_OPEN}{num}{FN_CLOSE}"


def it(text: str) -> str:
    return f"{IT_OPEN}{text}{IT_CLOSE}"


# ----------------------------------------------------------------- page breaks


def test_page_break_mid_sentence_is_joined() -> None:
    # plans-of-action lines 27 -> 33 (across "---" and footnote 1's definition).
    before = "“5. *Invites* the Secretary-General, in close cooperation with relevant intergovernmental organizations and non-governmental"
    after = "organizations, to consider carefully and implement, as appropriate,"
    assert clean.continues(before, after)
    assert clean.join_across_break("organizations and non-governmental", after) == (
        "organizations and non-governmental organizations, to consider carefully and "
        "implement, as appropriate,"
    )


def test_page_break_inside_a_hyphenated_word_keeps_the_hyphen_without_space() -> None:
    # draft-plans-of-action lines 625 -> 627.
    assert clean.join_across_break(
        "the problem of money-", "laundering on the part of key officials"
    ) == ("the problem of money-laundering on the part of key officials")


def test_no_join_after_a_sentence_or_clause_end() -> None:
    # vienna-declaration lines 19/20: preambular paragraphs end with a comma.
    assert not clean.continues(
        "We the States Members of the United Nations,",
        "Concerned about the impact on our societies",
    )
    # ... but a lower-case start continues even after a comma (002 l. 583 -> 585).
    assert clean.continues("(resolution 40/34,", "annex), the Guidelines for Cooperation")
    assert clean.ends_sentence("Individually and collectively, States will endeavour: " + fn("4"))


# ----------------------------------------------------------------- footnote markers


def test_footnote_markers_of_every_printed_form() -> None:
    assert clean.footnote_markers_to_tokens("Criminal Justice*<sup>10</sup> in the") == (
        f"Criminal Justice*{fn('10')} in the"
    )
    assert clean.footnote_markers_to_tokens("Treatment of Offenders¹ adopted") == (
        f"Treatment of Offenders{fn('1')} adopted"
    )
    assert clean.footnote_markers_to_tokens("will:²⁴.") == f"will:{fn('24')}."
    assert clean.footnote_markers_to_tokens("in the course of being smuggled; $^{\\rm 25}$") == (
        f"in the course of being smuggled; {fn('25')}"
    )
    assert clean.footnote_markers_to_tokens("^{*} E/CN.7/2001/1.") == f"{fn('*')} E/CN.7/2001/1."
    assert (
        clean.footnote_markers_to_tokens(
            "guided by the Guidelines for the Prevention of Crime^a and play"
        )
        == f"guided by the Guidelines for the Prevention of Crime{fn('a')} and play"
    )


def test_glued_footnote_digits_only_where_defined_and_in_order() -> None:
    # vienna-declaration lines 10, 27, 46, 47 and 53.
    texts = [
        "Endorses the Vienna Declaration, adopted by the Treatment of Offenders,1 as contained in the annex",
        "1. We note with appreciation the results of the Treatment of Offenders.2",
        "16. building on the United Nations Declaration against Corruption and Bribery in "
        "International Commercial Transactions,3 the International Code of Conduct for "
        "Public Officials,4 relevant regional conventions",
        "17. held at Naples, Italy, from 21 to 23 November 1994.5 We are convinced",
        "23. Norms in Crime Prevention and Criminal Justice6 in order to provide",
    ]
    out = clean.glue_markers(texts, ["1", "2", "3", "4", "5", "6"])
    assert out[0].endswith(f"Treatment of Offenders,{fn('1')} as contained in the annex")
    assert out[1].endswith(f"Treatment of Offenders.{fn('2')}")
    assert f"Transactions,{fn('3')} the" in out[2] and f"Officials,{fn('4')} relevant" in out[2]
    assert out[3].endswith(f"November 1994.{fn('5')} We are convinced")
    assert out[4].endswith(f"Criminal Justice{fn('6')} in order to provide")
    # "resolution 54/125" and "1994" are left alone: digits after "/" or inside numbers.
    assert clean.glue_markers(["resolution 54/125 of 17 December 1999,1 it"], ["1"]) == [
        f"resolution 54/125 of 17 December 1999,{fn('1')} it"
    ]


def test_plain_digit_marker_between_superscript_neighbours() -> None:
    # draft-plans-of-action line 208: "occasions.11" between markers 10 and 12.
    texts = [
        f"(b) instruments (para. 16);{fn('10')}",
        "on several recent occasions.11",
        f"x{fn('12')}",
    ]
    assert clean.glue_missing_markers(texts, ["10", "11", "12"])[1] == (
        f"on several recent occasions.{fn('11')}"
    )


def test_stray_punctuation_after_a_marker() -> None:
    # draft-plans-of-action lines 418 and 581.
    text = clean.footnote_markers_to_tokens(
        "46. The Centre for International Crime Prevention will:²⁴."
    )
    assert clean.strip_stray_punctuation(text) == (
        f"46. The Centre for International Crime Prevention will:{fn('24')}"
    )
    text = clean.footnote_markers_to_tokens(
        "combat laundering of the proceeds of crime (para. 17);³⁵."
    )
    assert clean.strip_stray_punctuation(text).endswith(f"(para. 17);{fn('35')}")


# ----------------------------------------------------------------- markup


def test_escaped_markdown_underscores() -> None:
    # plans-of-action lines 79 and 546.
    assert clean.unescape_markdown("General Assembly resolution 56/\\_\\_\\_\\_, will:") == (
        "General Assembly resolution 56/____, will:"
    )
    assert (
        clean.unescape_markdown("resolution 56/\\_\\_\\_\\_\\_ will:")
        == "resolution 56/_____ will:"
    )


def test_heading_markup_says_heading_but_not_level() -> None:
    # plans-of-action lines 45, 97 and 165.
    assert clean.strip_heading_markup(
        "#### **“I. Action against transnational organized crime**"
    ) == (
        "“I. Action against transnational organized crime",
        True,
    )
    assert clean.strip_heading_markup("## **“II. Action against corruption**") == (
        "“II. Action against corruption",
        True,
    )
    assert clean.strip_heading_markup("**“III. Action against trafficking in persons**") == (
        "“III. Action against trafficking in persons",
        True,
    )
    assert clean.strip_heading_markup("“6. *Invites* the Secretariat")[1] is False


def test_italics_become_spans() -> None:
    # plans-of-action line 19.
    text = clean.italics_to_tokens("*“1. Takes note with appreciation* of the plans of action")
    assert text == it("“1. Takes note with appreciation") + " of the plans of action"
    # a lone asterisk is not italics
    assert clean.italics_to_tokens("Documentation*") == "Documentation*"


def test_curly_quote_prefixes_and_closing_quote() -> None:
    # plans-of-action lines 13, 47 and 594.
    assert clean.strip_quote_prefix(
        clean.italics_to_tokens("*“Recalling* its resolution 55/59")
    ) == (it("Recalling") + " its resolution 55/59")
    assert clean.strip_quote_prefix("“1. In order to implement") == "1. In order to implement"
    assert (
        clean.strip_quote_prefix("“II. Action against corruption")
        == "II. Action against corruption"
    )
    assert clean.strip_closing_quote(
        "(c) Convene a meeting of experts to examine proposals for further action in "
        "relation to restorative justice, including mediation.”"
    ).endswith("including mediation.")
    # an inner quotation is kept (line 570)
    inner = "entitled “Basic principles on the use of restorative justice programmes in criminal matters”, when"
    assert clean.strip_closing_quote(inner) == inner


def test_markdown_bullets_on_list_lines() -> None:
    # ccpcj-2002 lines 461 and 962, plans-of-action line 453.
    assert clean.strip_bullet("- (a) Establishing centres or focal points") == (
        "(a) Establishing centres or focal points"
    )
    assert clean.strip_bullet(" - (b) Investigating and prosecuting cases") == (
        "(b) Investigating and prosecuting cases"
    )
    assert (
        clean.strip_bullet("- (i) Issues relating to domestic") == "(i) Issues relating to domestic"
    )


def test_orphan_asterisk_dropped() -> None:
    # ccpcj-2002 line 956: "- Documentation*" with no asterisk note in the document.
    assert clean.strip_orphan_asterisk("Documentation*") == "Documentation"


def test_trailing_space() -> None:
    # vienna-declaration line 16 ends in a space.
    assert (
        clean.strip_trailing_space(
            "\t\tVienna Declaration on Crime and Justice: Meeting the Challenges of the "
        )
        == "\t\tVienna Declaration on Crime and Justice: Meeting the Challenges of the"
    )


# ----------------------------------------------------------------- debris


def test_running_footers() -> None:
    assert clean.is_running_footer("V.01-82215 (E) 200401 230401")  # draft l. 21
    assert clean.is_running_footer("00 56293")  # vienna l. 93
    assert not clean.is_running_footer("81st plenary meeting")


def test_metadata_debris() -> None:
    # vienna-declaration lines 1, 66, 69, 71, 83.
    assert clean.is_metadata("[DU1]")
    assert clean.is_metadata("[DU1]<<ODS JOB NO>>N0056293E<<ODS JOB NO>>")
    assert clean.is_metadata("---------------")
    assert clean.is_metadata("-" * 60)
    assert clean.is_metadata("2")
    assert not clean.is_metadata("4 December 2000")


def test_front_matter_fields() -> None:
    for line in (
        "Resolution adopted by the General Assembly",
        "[on the report of the Third Committee (A/55/593)]",
        "Economic and Social Council",
        "Distr.: General 27 March 2001",
        "Original: English",
        "Report of the Secretary-General",
        "ECOSOC Resolution 2001/47",
    ):
        assert clean.FRONT_MATTER.match(line), line


def test_contents_table_dropped() -> None:
    text = (
        "Contents\n\n| Chapter | | Paragraphs | Page |\n|---------|--|------------|------|\n"
        "| I. | Background | 1–3 | 4 |\n\nI. Background\n\n2. In its resolution 55/60"
    )
    out = _formats.plain(text, "Some title")
    assert [b.text for b in out.blocks] == ["I. Background", "2. In its resolution 55/60"]
    assert out.debris["contents"] == [
        "Contents",
        "| Chapter | | Paragraphs | Page |",
        "|---------|--|------------|------|",
        "| I. | Background | 1–3 | 4 |",
    ]


def test_tab_structure() -> None:
    # vienna-declaration lines 15-17 and 33-34, 60.
    text = (
        "\t\tAnnex\n\t\tVienna Declaration on Crime and Justice: Meeting the Challenges of the \n"
        "Twenty-first Century\n\n\t7.\tConsistent with the goals, we shall endeavour:\n"
        "\t(a)\tTo incorporate a crime prevention component;1\n1 See Tenth Congress report.\n"
    )
    out = _formats.tabbed(text, "Unrelated title")
    assert [(b.line, b.text) for b in out.blocks] == [
        (1, "Annex"),
        (
            2,
            "Vienna Declaration on Crime and Justice: Meeting the Challenges of the Twenty-first Century",
        ),
        (5, "7. Consistent with the goals, we shall endeavour:"),
        (6, f"(a) To incorporate a crime prevention component;{fn('1')}"),
    ]
    assert [(n.line, n.num, n.text) for n in out.notes] == [(7, "1", "See Tenth Congress report.")]


# ----------------------------------------------------------------- lost hyphens


def test_lost_hyphens_restored_where_the_corpus_prints_them() -> None:
    fix = parse._hyphen_repair("draft-plans-of-action")
    # draft-plans-of-action lines 122, 593, 661, 902, 938.
    assert fix("provide pre- and postratification assistance") == (
        "provide pre- and post-ratification assistance"
    )
    assert (
        fix("accepted antimoney-laundering standards") == "accepted anti-money-laundering standards"
    )
    assert fix("between antiterrorist agencies") == "between anti-terrorist agencies"
    assert fix("communication between counterterrorist agencies") == (
        "communication between counter-terrorist agencies"
    )
    assert fix("public- and privatesector control") == "public- and private-sector control"
    assert fix("against computerrelated crime") == "against computer-related crime"


def test_real_words_are_not_hyphenated() -> None:
    fix = parse._hyphen_repair("draft-plans-of-action")
    # "Interregional" is printed so in the Vienna Declaration; "preserving" is a word.
    text = "United Nations Interregional Crime and Justice Research Institute; preserving"
    assert fix(text) == text
    # "pretrial" is printed unhyphenated in the 2014 report, so "Pretrial" stays.
    assert fix("Human Rights and Pretrial Detention") == "Human Rights and Pretrial Detention"


# ----------------------------------------------------------------- rendering


def test_render_spans_and_marker_offsets() -> None:
    text = "to publish the " + it("Compendium of United Nations Standards") + fn("10") + " in the"
    out, italics, marks = parse.render(text)
    assert out == "to publish the Compendium of United Nations Standards in the"
    assert italics == [(15, 15 + len("Compendium of United Nations Standards"))]
    assert marks == [("10", 15 + len("Compendium of United Nations Standards"))]
    # a marker after a space is placed at the end of the printed text
    assert parse.render("being smuggled; " + fn("25")) == ("being smuggled;", [], [("25", 15)])


# ----------------------------------------------------------------- properties

_pieces = st.lists(
    st.one_of(
        st.text(alphabet="abc ,.;:\t", min_size=1, max_size=8),
        st.sampled_from([fn("1"), fn("a"), fn("*"), IT_OPEN, IT_CLOSE]),
    ),
    max_size=12,
)


@given(_pieces)
def test_render_never_leaves_tokens_or_loose_space(pieces: list[str]) -> None:
    text, italics, marks = parse.render("".join(pieces))
    assert not any(t in text for t in clean.TOKENS)
    assert text == text.strip() and "  " not in text and "\t" not in text
    assert all(0 <= a < b <= len(text) for a, b in italics)
    assert all(0 <= offset <= len(text) for _, offset in marks)
    assert [m for m, _ in marks] == [p[1:-1] for p in pieces if p.startswith(FN_OPEN)]


@given(st.text(alphabet="abcXY- .;,", max_size=30), st.text(alphabet="abcXY- .;,", max_size=30))
def test_join_keeps_every_letter(previous: str, following: str) -> None:
    joined = clean.join_across_break(previous, following)
    assert joined.replace(" ", "") == (previous + following).replace(" ", "")
