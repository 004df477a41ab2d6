"""The user's own work as values: annotations, national notes, colours, changes.

These frozen dataclasses are what :class:`vdesk.store.notes.sqlite.SqliteNotesStore` returns and
accepts; no live ORM object leaves the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

#: Sensitivity labels, least restrictive last; ``personal`` is the default.
SENSITIVITIES = ("personal", "shareable", "confidential")
DEFAULT_SENSITIVITY = "personal"

#: Implementation status of a provision in one country.
STATUSES = ("not_started", "in_progress", "implemented", "not_applicable")
STATUS_LABELS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "implemented": "Implemented",
    "not_applicable": "Not applicable",
}

#: A country's position on a provision.
POSITIONS = ("supports", "reservations", "no_position")
POSITION_LABELS = {
    "supports": "Supports",
    "reservations": "Reservations",
    "no_position": "No position",
}

#: Where an annotation's anchor stands after the last check against the corpus.
ANCHOR_OK = "ok"  # the quote is at the stored offsets of the stored node
ANCHOR_MOVED = "moved"  # found again by an exact or fuzzy match; node/offsets updated
ANCHOR_REVIEW = "review"  # not found well enough: needs the user's decision
ANCHOR_STATES = (ANCHOR_OK, ANCHOR_MOVED, ANCHOR_REVIEW)


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    norm = value.strip().lower().replace(" ", "_").replace("-", "_")
    if norm not in allowed:
        raise ValueError(f"unknown {what} {value!r}: use one of {', '.join(allowed)}")
    return norm


def parse_status(value: str) -> str:
    """``"In progress"``, ``"in-progress"`` → ``"in_progress"``; ValueError otherwise."""
    return _choice(value, STATUSES, "status")


def parse_position(value: str) -> str:
    return _choice(value, POSITIONS, "position")


def parse_sensitivity(value: str) -> str:
    return _choice(value, SENSITIVITIES, "sensitivity")


@dataclass(frozen=True, slots=True)
class Colour:
    """A highlight colour and what the user says it means ("Agreed language")."""

    name: str  # key: "yellow"
    meaning: str
    hex: str  # "#fff59d"
    position: int


#: The colours a new database starts with; the user may rename their meanings.
DEFAULT_COLOURS = (
    Colour("yellow", "Agreed language", "#fff59d", 0),
    Colour("green", "Supports", "#a5d6a7", 1),
    Colour("red", "Concern", "#ef9a9a", 2),
    Colour("blue", "Question", "#90caf9", 3),
    Colour("purple", "Follow-up", "#ce93d8", 4),
)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an annotation sits, like a W3C TextQuoteSelector + TextPositionSelector.

    ``start``/``end`` are character offsets in the node's ``text``; ``quote`` is
    ``text[start:end]`` when anchored; ``prefix``/``suffix`` are up to
    :data:`vdesk.notes.anchoring.CONTEXT` characters either side. A note on a whole
    provision has an empty quote and ``start == end == 0``.

    ``fingerprint`` and ``position`` (v4) identify the provision itself: a digest and
    sketch of its text and its index among its siblings when the annotation was made
    (:mod:`vdesk.notes.fingerprints`); empty/-1 for anchors made before v4.
    """

    node_id: str
    quote: str = ""
    prefix: str = ""
    suffix: str = ""
    start: int = 0
    end: int = 0
    fingerprint: str = ""
    position: int = -1

    @property
    def whole_node(self) -> bool:
        return not self.quote


@dataclass(frozen=True, slots=True)
class Annotation:
    """A highlight or note on a provision, with its anchor and review state.

    When ``anchor_state`` is ``"review"``, ``candidate`` holds the nearest text
    found (possibly empty) and ``candidate_node_id``/``candidate_start``/
    ``candidate_end`` where it is; ``score`` is its similarity (0–1).
    """

    id: str
    doc: str
    anchor: Anchor
    colour: str
    comment: str  # Markdown
    tags: tuple[str, ...]
    sensitivity: str
    author: str
    created: str  # UTC ISO 8601
    modified: str
    anchor_state: str = ANCHOR_OK
    anchor_detail: str = ""
    candidate: str = ""
    candidate_node_id: str = ""
    candidate_start: int = 0
    candidate_end: int = 0
    score: float = 1.0

    @property
    def node_id(self) -> str:
        return self.anchor.node_id


@dataclass(frozen=True, slots=True)
class NationalNote:
    """One country's record on one paragraph or subparagraph.

    ``fingerprint``/``node_position`` (v4) identify the provision as it was when the
    note was made, so a renumbered provision is followed after a rebuild;
    ``anchor_state`` is ok / moved / review as for annotations, with
    ``anchor_detail`` saying what happened and, in review, ``candidate_node_id``
    the nearest provision found and ``score`` its similarity.
    """

    id: str
    doc: str
    node_id: str
    country: str  # ISO 3166-1 alpha-2
    status: str  # one of STATUSES
    position: str  # one of POSITIONS
    text: str  # Markdown
    legal_refs: tuple[str, ...]  # references to national law or policy
    date: str  # ISO date the information is as of ("2026-11-23"), may be ""
    sensitivity: str
    author: str
    created: str
    modified: str
    fingerprint: str = ""
    node_position: int = -1
    anchor_state: str = ANCHOR_OK
    anchor_detail: str = ""
    candidate_node_id: str = ""
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Change:
    """What a mutation did, so a view can refresh only that.

    ``kind`` is ``"added"``, ``"updated"``, ``"deleted"`` or ``"restored"``;
    ``entity`` is ``"annotation"``, ``"national_note"``, ``"colour"`` or ``"many"``
    (a bulk restore of both kinds);
    ``node_ids`` are the provisions whose marks changed (old and new anchors).
    """

    kind: str
    entity: str
    ids: tuple[str, ...]
    node_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OwnHit:
    """A match in the user's own work, for merging with corpus search hits."""

    entity: str  # "annotation" | "national_note"
    id: str
    doc: str
    node_id: str
    field: str  # where it matched: "comment", "quote", "tag", "text", "legal_refs"
    snippet: str  # plain text around the match


@dataclass(frozen=True, slots=True)
class StatusCounts:
    """Counts for one chapter and one scope ("national" / "international")."""

    chapter_id: str
    chapter: str  # display label, "I. Action against transnational organized crime"
    scope: str
    provisions: int  # actions (paragraphs and subparagraphs) in the scope
    by_status: dict[str, int] = field(default_factory=dict)  # status -> noted actions

    @property
    def unrecorded(self) -> int:
        return self.provisions - sum(self.by_status.values())


def utc_now() -> str:
    """UTC time as ISO 8601 with microseconds: ``2026-11-23T08:50:36.123456Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def doc_of(node_id: str) -> str:
    """The document key a node id belongs to (the root id is the document key)."""
    return node_id.split("/", 1)[0]


def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Trimmed, lower-cased, de-duplicated and sorted; empty tags dropped."""
    return tuple(sorted({t.strip().lower() for t in tags if t.strip()}))
