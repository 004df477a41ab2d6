"""Node ids and UN-style citations.

Ids are stable, human-readable and path-like, modelled on Akoma Ntoso eIds: the
document key, then one component per ancestor, e.g.
``plans-of-action/annex/chp_I/sec_A/para_2/subpara_a``. They derive only from
printed labels (and, for unnumbered nodes, their ordinal among unnumbered
siblings), so a rebuild of the same text gives the same ids. See
``docs/ids-and-citations.md``.

The resolver that turns typed references into ids lives in :mod:`resolver`.
"""

from __future__ import annotations

import re
import unicodedata

from ..documents import DocumentProfile
from .model import Node

_UNITS = (
    "", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth",
)  # fmt: skip
_TENS = ("", "", "twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet")
_CARDINALS = (
    "", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
)  # fmt: skip


def slug(text: str, limit: int = 40) -> str:
    """Lower-case ASCII words joined by hyphens, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for w in words:
        candidate = f"{out}-{w}" if out else w
        if len(candidate) > limit:
            break
        out = candidate
    return out or "untitled"


def _safe(num: str) -> str:
    """A label usable inside an id component ('/' separates components)."""
    return re.sub(r"[^A-Za-z0-9.]+", "-", num).strip("-")


def _is_objective(node: Node) -> bool:
    return node.kind == "section" and node.label.lower().startswith("objective")


_GROUP_NUM = re.compile(r"^\d+-\d+$")


def is_objective_group(node: Node) -> bool:
    """Objectives printed in a row that share their sub-sections: an unlabelled
    section numbered ``1-2`` whose first children are the objectives."""
    return (
        node.kind == "section"
        and not node.label
        and bool(_GROUP_NUM.match(node.num or ""))
        and bool(node.children)
        and _is_objective(node.children[0])
    )


def _group_citation(node: Node) -> str:
    nums = [c.num or "" for c in node.children if _is_objective(c)]
    return f"objectives {', '.join(nums[:-1])} and {nums[-1]}"


#: Opening formulas of resolutions and declarations ("The General Assembly,"), cited by
#: quotation; they open a preamble.
_FORMULA = re.compile(
    r"^(?:The (?:General Assembly|Economic and Social Council|Security Council"
    r"|Commission on [A-Z][A-Za-z ]+?)(?: and the [^,]+)?"
    r"|We the States Members of the United Nations)\s*[,:]?$"
)
#: The formula that closes a declaration's preamble: its operative part follows.
_CLOSING_FORMULA = re.compile(r"^Declare as follows\s*:?$")
#: An operative paragraph printed without a number opens with a verb in the third
#: person ("Endorses", "Calls upon", "Also requests"), not with a participle or an
#: adjective ("Recalling", "Also convinced", "Strongly determined", "Conscious").
_OPERATIVE = re.compile(
    r"^(?:(?:Also|Further|Again|Once again|Strongly|Firmly|Hereby)\s+)?"
    r"[A-Z][a-z]+(?<!ou)(?<!s)s\b"
)


def _is_formula(node: Node) -> bool:
    text = node.text.strip()
    return bool(_FORMULA.match(text) or _CLOSING_FORMULA.match(text))


def _is_operative(text: str) -> bool:
    return bool(_OPERATIVE.match(text.strip()))


def preambular_paragraphs(parent: Node, in_resolution: bool) -> list[Node]:
    """The preambular paragraphs among ``parent``'s children, by what they are: the
    unnumbered paragraphs of a resolution before its first operative paragraph.

    A preamble opens after an opening formula ("The General Assembly,") or, in a
    resolution or a section of one (``in_resolution``), at the start of ``parent``;
    it closes at the first numbered paragraph, at an unnumbered paragraph that reads
    as operative ("Endorses …", "Calls upon …"), at "Declare as follows:" and at any
    structural child. The first word does not decide: "Strongly determined …" and
    "Also convinced …" are preambular because of where they stand.
    """
    out: list[Node] = []
    open_ = in_resolution
    for child in parent.children:
        if child.kind != "paragraph":
            open_ = False
            continue
        text = child.text.strip()
        if _FORMULA.match(text):
            open_ = True
        elif _CLOSING_FORMULA.match(text) or child.num or _is_operative(text):
            open_ = False
        elif open_:
            out.append(child)
    return out


def _is_guideline(node: Node) -> bool:
    return node.kind == "paragraph" and node.label.lower().startswith("guideline")


def _is_agenda(parent: Node | None) -> bool:
    return bool(
        parent is not None
        and parent.kind == "heading"
        and (parent.heading or "").lower().startswith("provisional agenda")
    )


def id_component(node: Node, parent: Node | None, unnumbered_ordinal: int) -> str:
    """The id component of ``node`` (without collision suffix)."""
    num = _safe(node.num) if node.num else ""
    kind = node.kind
    label = node.label.lower()
    if kind == "part":
        return f"part_{num}" if num else "part"
    if kind == "chapter":
        return f"chp_{num}" if num else "chp"
    if kind == "section":
        if _is_objective(node) or is_objective_group(node):
            return f"obj_{num}" if num else "obj"
        return f"sec_{num}" if num else f"sec_{slug(node.heading or '')}"
    if kind == "resolution":
        # an unnumbered resolution is a quoted draft: adopted ones carry their number
        prefix = "dres" if label.startswith("draft") or not num else "res"
        return f"{prefix}_{num}" if num else prefix
    if kind == "decision":
        prefix = "ddec" if label.startswith("draft") else "dec"
        return f"{prefix}_{num}" if num else prefix
    if kind == "annex":
        return f"annex_{num}" if num else "annex"
    if kind == "heading":
        return f"hdg_{slug(node.heading or node.text or '')}"
    if kind == "paragraph":
        if not num:
            return f"p_{unnumbered_ordinal}"
        return f"guideline_{num}" if _is_guideline(node) else f"para_{num}"
    if kind == "subparagraph":
        return f"subpara_{num}" if num else f"subpara_p{unnumbered_ordinal}"
    if kind == "item":
        return f"item_{num}" if num else f"item_p{unnumbered_ordinal}"
    return f"{kind}_{num}" if num else kind


def local_ref(node: Node, parent: Node | None, parent_ref: str) -> str:
    """The short reference people use for a text node: "7", "7 (d)", "35 (d) (i)"."""
    if node.kind == "paragraph":
        return node.num or ""
    if node.kind in ("subparagraph", "item") and node.num:
        return f"{parent_ref} ({node.num})".strip()
    return ""


def ordinal_word(n: int) -> str:
    """The English ordinal of ``n`` in words, as UN documents print it: "first",
    "twentieth", "twenty-first", "one hundred and second"."""
    if n < 1:
        raise ValueError(f"no ordinal for {n}")
    if n >= 100:
        hundreds, rest = divmod(n, 100)
        head = f"{_cardinal(hundreds)} hundred"
        return f"{head} and {ordinal_word(rest)}" if rest else f"{head}th"
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    return f"{_TENS[tens]}y-{_UNITS[unit]}" if unit else f"{_TENS[tens]}ieth"


def _cardinal(n: int) -> str:
    if n < 10:
        return _CARDINALS[n]
    return str(n)  # a thousand paragraphs in one container: not in any UN text


class _CitationBuilder:
    """Builds the citation of each node from its ancestors' components."""

    def __init__(self, document: DocumentProfile) -> None:
        self.document = document
        # paragraphs numbered through the whole text are cited by number alone
        self.continuous = document.continuous_numbering

    def structural(self, node: Node, parents: list[Node], parent_parts: list[str]) -> list[str]:
        """Citation components of a structural node, given its parent's components."""
        num = node.num or ""
        kind = node.kind
        label = node.label.lower()
        parts = list(parent_parts)
        if kind == "chapter":
            top_level = all(p.kind == "document" for p in parents)
            parts.append(f"chap. {num}" if top_level else f"sect. {num}")
        elif kind == "section":
            if is_objective_group(node):
                parts.append(_group_citation(node))
            elif _is_objective(node):
                if is_objective_group(parents[-1]):
                    parts.pop()  # one objective of a group: "objective 2", not both
                parts.append(f"objective {num}".strip())
            elif parts and parts[-1].startswith("sect. ") and parents[-1].kind == "chapter":
                parts[-1] = f"{parts[-1]}.{num}"
            else:
                parts.append(f"sect. {num}")
        elif kind == "part":
            parts.append(f"part {num}".strip())
        elif kind == "resolution" and not num:
            parts.append("draft resolution")  # quoted in the text: "the following draft"
        elif kind == "decision" and not num:
            pass  # an unnumbered decision is cited through its container
        elif kind == "resolution":
            if label.startswith("draft"):
                parts.append(f"draft res. {num}".strip())
            else:
                parts.append(f"res. {num}".strip())
        elif kind == "decision":
            if label.startswith("draft"):
                parts.append(f"draft dec. {num}".strip())
            else:
                parts.append(f"dec. {num}".strip())
        elif kind == "annex":
            parts.append(f"annex {num}".strip())
        # unnumbered headings add nothing to the citations below them
        return parts

    def paragraph(self, node: Node, parents: list[Node], parent_parts: list[str]) -> str:
        parent = parents[-1]
        base = [self.document.cite_as] if self.continuous else parent_parts
        if not node.num:
            return self._unnumbered(node, parents, parent_parts)
        if _is_guideline(node):
            return ", ".join([*base, f"guideline {node.num}"])
        if _is_agenda(parent):
            return ", ".join([*parent_parts, "provisional agenda", f"item {node.num}"])
        return ", ".join([*base, f"para. {node.num}"])

    @staticmethod
    def _unnumbered(node: Node, parents: list[Node], parent_parts: list[str]) -> str:
        """UN practice: "second preambular paragraph", the opening formula quoted."""
        parent = parents[-1]
        prefix = list(parent_parts)
        if parent.kind == "heading" and parent.heading:
            prefix.append(f"“{parent.heading}”")
        text = node.text.strip()
        if _is_formula(node):
            return ", ".join([*prefix, f"“{text}”"])
        in_resolution = any(p.kind == "resolution" for p in parents)
        preamble = preambular_paragraphs(parent, in_resolution)
        if node in preamble:
            # counted from the formula that opened this preamble
            start = max(
                (i for i, c in enumerate(parent.children[: parent.children.index(node)])
                 if c.kind == "paragraph" and _FORMULA.match(c.text.strip())),
                default=-1,
            )  # fmt: skip
            here = parent.children.index(node)
            n = sum(1 for c in parent.children[start + 1 : here + 1] if c in preamble)
            return ", ".join([*prefix, f"{ordinal_word(n)} preambular paragraph"])
        siblings = parent.children[: parent.children.index(node) + 1]
        n = sum(
            1
            for c in siblings
            if c.kind == "paragraph" and not c.num and not _is_formula(c) and c not in preamble
        )
        return ", ".join([*prefix, f"{ordinal_word(n)} unnumbered paragraph"])


def assign_ids(root: Node, document: DocumentProfile) -> dict[str, Node]:
    """Fill ``id`` and ``citation`` on every node of ``root``; return nodes by id.

    The short local reference of text nodes is computed by :func:`local_refs`.
    """
    builder = _CitationBuilder(document)
    root.id = document.key
    root.citation = document.cite_as
    by_id: dict[str, Node] = {root.id: root}

    def visit(node: Node, parents: list[Node], parts: list[str]) -> None:
        seen: dict[str, int] = {}
        unnumbered: dict[str, int] = {}
        for child in node.children:
            if not child.num:
                unnumbered[child.kind] = unnumbered.get(child.kind, 0) + 1
            ordinal = unnumbered.get(child.kind, 0)
            comp = id_component(child, node, ordinal)
            seen[comp] = seen.get(comp, 0) + 1
            if seen[comp] > 1:
                comp = f"{comp}-{seen[comp]}"
            child.id = f"{node.id}/{comp}"
            chain = [*parents, node]
            if child.kind in ("paragraph",):
                child.citation = builder.paragraph(child, chain, parts)
                # the subparagraphs of an opening formula ("The Economic and Social
                # Council, (a) Takes note …": a decision) are cited by their letters
                # after the container, never through the quoted formula
                child_parts = parts if _is_formula(child) else [child.citation]
            elif child.kind in ("subparagraph", "item"):
                if child.num and _is_formula(node):
                    child.citation = f"{', '.join(parts)} ({child.num})"
                elif child.num:
                    child.citation = f"{node.citation} ({child.num})"
                else:
                    child.citation = f"{node.citation}, {ordinal_word(ordinal)} unnumbered part"
                child_parts = [child.citation]
            elif child.kind == "heading":
                child_parts = parts
                child.citation = ", ".join([*parts, f"“{child.heading}”"])
            else:
                child_parts = builder.structural(child, chain, parts)
                child.citation = ", ".join(child_parts)
            by_id[child.id] = child
            visit(child, chain, child_parts)

    visit(root, [], [document.cite_as])
    return by_id


def local_refs(root: Node) -> dict[str, str]:
    """Short local references ("7 (d)") of every text node, by id."""
    refs: dict[str, str] = {}

    def visit(node: Node, parent_ref: str) -> None:
        for child in node.children:
            ref = local_ref(child, node, parent_ref)
            if ref:
                refs[child.id] = ref
            visit(child, ref or parent_ref)

    visit(root, "")
    return refs
