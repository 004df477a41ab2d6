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

_ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
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


#: Opening formulas of resolutions and declarations, cited by quotation.
_FORMULA = re.compile(
    r"^(?:The (?:General Assembly|Economic and Social Council)(?: and the [^,]+)?"
    r"|We the States Members of the United Nations|Declare as follows)\s*[,:]?$"
)
#: First words of preambular paragraphs (participles and adjectives, by UN drafting practice).
_PREAMBULAR = re.compile(
    r"^(?:[A-Z][a-z]+ing|Aware|Concerned|Convinced|Mindful|Conscious|Alarmed|Determined|"
    r"Deeply|Cognizant|Guided|Desirous|Gravely|Seriously|Bearing|Having)\b"
)


def _is_preambular(text: str) -> bool:
    return bool(_PREAMBULAR.match(text.strip()))


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
        if _is_objective(node):
            return f"obj_{num}" if num else "obj"
        return f"sec_{num}" if num else f"sec_{slug(node.heading or '')}"
    if kind == "resolution":
        prefix = "dres" if label.startswith("draft") else "res"
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


def _ordinal_word(n: int) -> str:
    return _ORDINALS[n - 1] if 1 <= n <= len(_ORDINALS) else f"no. {n}"


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
            if _is_objective(node):
                parts.append(f"objective {num}".strip())
            elif parts and parts[-1].startswith("sect. ") and parents[-1].kind == "chapter":
                parts[-1] = f"{parts[-1]}.{num}"
            else:
                parts.append(f"sect. {num}")
        elif kind == "part":
            parts.append(f"part {num}".strip())
        elif kind in ("resolution", "decision") and not num:
            pass  # an unnumbered (quoted) resolution is cited through its container
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

    def paragraph(
        self, node: Node, parent: Node, parent_parts: list[str], unnumbered_ordinal: int
    ) -> str:
        base = [self.document.cite_as] if self.continuous else parent_parts
        if not node.num:
            return self._unnumbered(node, parent, parent_parts)
        if _is_guideline(node):
            return ", ".join([*base, f"guideline {node.num}"])
        if _is_agenda(parent):
            return ", ".join([*parent_parts, "provisional agenda", f"item {node.num}"])
        return ", ".join([*base, f"para. {node.num}"])

    @staticmethod
    def _unnumbered(node: Node, parent: Node, parent_parts: list[str]) -> str:
        """UN practice: "second preambular paragraph", the opening formula quoted."""
        prefix = list(parent_parts)
        if parent.kind == "heading" and parent.heading:
            prefix.append(f"“{parent.heading}”")
        text = node.text.strip()
        if _FORMULA.match(text):
            return ", ".join([*prefix, f"“{text}”"])
        siblings = parent.children[: parent.children.index(node) + 1]
        unnumbered = [
            c
            for c in siblings
            if c.kind == "paragraph" and not c.num and not _FORMULA.match(c.text.strip())
        ]
        if _is_preambular(text):
            # counted from the last opening formula ("The General Assembly,")
            start = max(
                (i for i, c in enumerate(siblings) if _FORMULA.match(c.text.strip())), default=-1
            )
            n = sum(1 for c in siblings[start + 1 :] if c in unnumbered and _is_preambular(c.text))
            return ", ".join([*prefix, f"{_ordinal_word(n)} preambular paragraph"])
        n = sum(1 for c in unnumbered if not _is_preambular(c.text))
        return ", ".join([*prefix, f"{_ordinal_word(n)} unnumbered paragraph"])


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
                child.citation = builder.paragraph(child, node, parts, ordinal)
                child_parts = [child.citation]
            elif child.kind in ("subparagraph", "item"):
                if child.num:
                    child.citation = f"{node.citation} ({child.num})"
                else:
                    child.citation = f"{node.citation}, {_ordinal_word(ordinal)} unnumbered part"
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
