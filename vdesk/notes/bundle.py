"""Note bundles: the user's annotations and national notes as a JSON file to share.

A bundle looks like::

    {"format": "vdesk-notes", "schema": 1, "exported": "2026-11-23T09:00:00.000000Z",
     "author": "…", "app_version": "0.1.0",
     "annotations": [{"id": UUID, "doc", "anchor": {"node_id", "quote", "prefix",
                      "suffix", "start", "end"[, "fingerprint", "position"]}, "colour",
                      "comment", "tags": [...],
                      "sensitivity", "author", "created", "modified",
                      "anchor_state", "anchor_detail"}, ...],
     "national_notes": [{"id": UUID, "doc", "node_id", "country", "status", "position",
                         "text", "legal_refs": [...], "date", "sensitivity", "author",
                         "created", "modified"[, "fingerprint", "node_position"]}, ...],
     "colours": [{"name", "meaning", "hex", "position"}, ...]}

Export (:func:`make_bundle`) carries only *shareable* items unless personal or
confidential ones are asked for.

Import (:func:`parse_bundle`, then :mod:`vdesk.notes.merge` plans and writes; the
desk's ``plan_import`` / ``apply_import`` do both for the CLI and the GUI) is all or
nothing:

* The whole file is validated before anything is written. A file that is not
  JSON (truncated, damaged), not a vdesk bundle (foreign), of a newer schema, or
  with any invalid item raises :class:`BundleError` with precise messages
  ("annotations[3].anchor.node_id: missing") and changes nothing.
* Before the full parse, the limits of :mod:`vdesk.notes.bundle_input` (size,
  counts, depth, integers, text) refuse a file with one line. A time later than
  this computer's clock plus :data:`FUTURE_TOLERANCE` refuses the bundle, naming
  the item: such a version would otherwise win every merge until then.
* Items merge by UUID. A new id is added. For an id already present, the version
  with the later ``modified`` time wins (the local one on a tie); every id whose
  two versions differ is listed as a :class:`Conflict` naming the winner, so the
  user sees what changed. Import never deletes: items missing from the bundle
  stay. The database is backed up before writing, so an overwritten older
  version can still be recovered.
* A provision has one national note per country: a bundle's note for a
  (provision, country) another note holds here is not added but kept aside as a
  *pending* conflict (both texts kept, the user chooses: :mod:`vdesk.notes.conflicts`).
  A newer version that would lower an item's sensitivity (shareable < personal <
  confidential) is a pending conflict too, never an overwrite.
* An annotation on a provision this corpus does not have, or whose quote is not
  at its offsets here, is imported **and flagged for review** (its
  ``anchor_state`` becomes ``"review"``; ``vdesk notes reanchor`` and the review
  panel then treat it like any other annotation that lost its place). Rejecting
  it would lose the user's work for a difference in corpus versions; importing
  it silently would show a highlight in the wrong place. A national note on such
  a provision is imported unchanged and listed in ``ImportReport.unknown_nodes``.
* A colour unknown here is added; a known colour keeps its local meaning (a
  difference is listed as a conflict). An annotation's colour must exist either
  here or in the bundle.
* The annotations and national notes are written in one transaction.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from vdesk import __version__
from vdesk.domain.countries import is_country
from vdesk.domain.notes import (
    ANCHOR_STATES,
    POSITIONS,
    SENSITIVITIES,
    STATUSES,
    Anchor,
    Annotation,
    Colour,
    NationalNote,
    normalise_tags,
    utc_now,
)
from vdesk.notes.bundle_input import InputRefused, load_json
from vdesk.store.notes.contract import AnnotationFilter, NotesStore

FORMAT = "vdesk-notes"
SCHEMA = 1
#: Backups taken before an import that are kept.
KEEP_IMPORT_BACKUPS = 5
#: At most this many problems are listed in one error message.
MAX_ERRORS = 20
#: Checking a file stops after this many problems.
MAX_PROBLEMS = 1000
#: How far a time in a bundle may be ahead of this computer's clock. Clocks kept by
#: NTP agree within a second; an unsynchronised laptop drifts by a few minutes. Five
#: minutes is also Kerberos' default tolerance for clock skew: enough for honest
#: clocks, while a bundle dated later than that would win every merge until then.
FUTURE_TOLERANCE = timedelta(minutes=5)


class BundleError(ValueError):
    """The file cannot be imported; ``problems`` lists why. Nothing was changed."""

    def __init__(self, problems: list[str], headline: str = "", *, truncated: bool = False) -> None:
        self.problems = problems
        head = headline or "the file is not a valid vdesk notes bundle"
        shown = problems[:MAX_ERRORS]
        more = len(problems) - len(shown)
        stopped = " (checking stopped there)" if truncated else ""
        detail = "".join(f"\n  {p}" for p in shown) + (
            f"\n  … and {more} more{stopped}" if more else ""
        )
        super().__init__(f"{head}; nothing was imported:{detail}" if problems else head)


@dataclass(frozen=True, slots=True)
class Bundle:
    schema: int
    exported: str
    author: str
    app_version: str
    annotations: tuple[Annotation, ...]
    national_notes: tuple[NationalNote, ...]
    colours: tuple[Colour, ...]


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two versions of one item; ``winner`` is kept.

    An id present on both sides with different content is decided by the later edit.
    A ``pending`` conflict is not decided: the local version stays, and the bundle's is
    kept aside (:mod:`vdesk.notes.conflicts`) for the user to choose. ``reason`` says
    why: ``"same_provision"`` (a different national note for the same provision and
    country: one note per provision and country) or ``"lower_sensitivity"`` (the
    bundle's version would lower the item's sensitivity label).
    """

    entity: str  # "annotation" | "national_note" | "colour"
    id: str  # the local item's id
    winner: str  # "bundle" | "local"
    local_modified: str
    bundle_modified: str
    label: str  # what it is, for the user: node id and country, or colour name
    pending: bool = False
    reason: str = ""  # "" (the later edit decided) | "same_provision" | "lower_sensitivity"
    bundle_id: str = ""  # the bundle's item id, when it is not ``id``


@dataclass(frozen=True, slots=True)
class ImportReport:
    added: int = 0
    updated: int = 0  # replaced by a newer version from the bundle
    unchanged: int = 0
    kept_local: int = 0  # the local version was newer (or the same age)
    flagged: tuple[str, ...] = ()  # annotation ids flagged for review
    unknown_nodes: tuple[str, ...] = ()  # node ids not in this corpus
    colours_added: tuple[str, ...] = ()
    conflicts: tuple[Conflict, ...] = field(default=())
    pending: int = 0  # conflicts kept for the user to choose (``Conflict.pending``)
    dry_run: bool = False
    backup: Path | None = None  # the copy of the notes database taken before writing


# --- export -----------------------------------------------------------------------


def annotation_obj(a: Annotation) -> dict[str, Any]:
    return {
        "id": a.id,
        "doc": a.doc,
        "anchor": {
            "node_id": a.anchor.node_id,
            "quote": a.anchor.quote,
            "prefix": a.anchor.prefix,
            "suffix": a.anchor.suffix,
            "start": a.anchor.start,
            "end": a.anchor.end,
            **_fingerprint_obj(a.anchor.fingerprint, a.anchor.position, "position"),
        },
        "colour": a.colour,
        "comment": a.comment,
        "tags": list(a.tags),
        "sensitivity": a.sensitivity,
        "author": a.author,
        "created": a.created,
        "modified": a.modified,
        "anchor_state": a.anchor_state,
        "anchor_detail": a.anchor_detail,
    }


def note_obj(n: NationalNote) -> dict[str, Any]:
    return {
        "id": n.id,
        "doc": n.doc,
        "node_id": n.node_id,
        "country": n.country,
        "status": n.status,
        "position": n.position,
        "text": n.text,
        "legal_refs": list(n.legal_refs),
        "date": n.date,
        "sensitivity": n.sensitivity,
        "author": n.author,
        "created": n.created,
        "modified": n.modified,
        **_fingerprint_obj(n.fingerprint, n.node_position, "node_position"),
    }


def _fingerprint_obj(fingerprint: str, position: int, key: str) -> dict[str, Any]:
    """The provision's fingerprint (schema v4 of the notes store), when there is one:
    optional in a bundle, so bundles of items without one are as before."""
    return {"fingerprint": fingerprint, key: position} if fingerprint else {}


def make_bundle(
    repo: NotesStore,
    *,
    personal: bool = False,
    confidential: bool = False,
    author: str = "",
    now: str | None = None,
    app_version: str | None = None,
) -> dict[str, Any]:
    """The bundle as a JSON-ready dict: shareable items, plus personal and
    confidential ones when asked for."""
    allowed = {"shareable"} | ({"personal"} if personal else set())
    if confidential:
        allowed.add("confidential")
    annotations = repo.filter_annotations(AnnotationFilter(), limit=None)
    notes = repo.national_notes()
    return {
        "format": FORMAT,
        "schema": SCHEMA,
        "exported": now or utc_now(),
        "author": author,
        "app_version": app_version or __version__,
        "annotations": [annotation_obj(a) for a in annotations if a.sensitivity in allowed],
        "national_notes": [note_obj(n) for n in notes if n.sensitivity in allowed],
        "colours": [
            {"name": c.name, "meaning": c.meaning, "hex": c.hex, "position": c.position}
            for c in repo.colours()
        ],
    }


def dump_bundle(bundle: Mapping[str, Any]) -> bytes:
    return (json.dumps(bundle, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# --- validation ---------------------------------------------------------------------


class _Checker:
    """Reads values out of parsed JSON, recording a precise message per problem."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def get(
        self, obj: Mapping[str, Any], key: str, path: str, kind: type, default: Any = ...
    ) -> Any:
        full = f"{path}.{key}" if path else key
        if key not in obj:
            if default is not ...:
                return default
            self.fail(full, "missing")
            return None
        value = obj[key]
        if kind is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
        else:
            ok = isinstance(value, kind)
        if not ok:
            self.fail(full, f"must be {_KIND_NAMES[kind]}, not {_json_type(value)}")
            return None
        return value

    def text(self, obj: Mapping[str, Any], key: str, path: str, default: Any = ...) -> str:
        value = self.get(obj, key, path, str, default)
        return value if isinstance(value, str) else ""

    def strings(self, obj: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = self.get(obj, key, path, list, [])
        out = []
        for i, v in enumerate(value or []):
            if isinstance(v, str):
                out.append(v)
            else:
                self.fail(f"{path}.{key}[{i}]", f"must be a string, not {_json_type(v)}")
        return tuple(out)

    def choice(self, obj: Mapping[str, Any], key: str, path: str, allowed: Iterable[str]) -> str:
        value = self.text(obj, key, path)
        allowed = tuple(allowed)
        if isinstance(obj.get(key), str) and value not in allowed:
            self.fail(f"{path}.{key}", f"{_show(value)} is not one of {', '.join(allowed)}")
        return value

    def uuid(self, obj: Mapping[str, Any], path: str) -> str:
        value = self.text(obj, "id", path)
        if isinstance(obj.get("id"), str):
            try:
                ok = str(uuid.UUID(value)) == value
            except ValueError:
                ok = False
            if not ok:
                self.fail(f"{path}.id", f"{_show(value)} is not a UUID in canonical form")
        return value

    def stamp(self, obj: Mapping[str, Any], key: str, path: str) -> str:
        value = self.text(obj, key, path)
        if isinstance(obj.get(key), str) and _parse_time(value) is None:
            self.fail(f"{path}.{key}", f"{_show(value)} is not an ISO 8601 date and time")
        return value


_KIND_NAMES = {str: "a string", int: "an integer", list: "a list", dict: "an object"}


def _show(value: Any) -> str:
    """A value for a message: its repr, shortened (a message is never a wall of text)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:50] + "…" + text[-5:]


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _parse_time(value: str) -> datetime | None:
    """An ISO 8601 time in UTC (naive ones are UTC); None if it is not one, or if it
    cannot be expressed in UTC (year 1 or 9999 with an offset)."""
    try:
        t = datetime.fromisoformat(value)
        return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _doc_of(node_id: str) -> str:
    return node_id.split("/", 1)[0]


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_SENS = frozenset(SENSITIVITIES)
_STATES = frozenset(ANCHOR_STATES)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _strs(value: Any) -> bool:
    return type(value) is list and all(type(v) is str for v in value)


def _annotation_fast(o: Any) -> Annotation | None:
    """The common case, checked quickly: a valid item or None. None sends the item to
    :func:`_annotation`, which is authoritative and words the problems; this check is
    never more lenient than that one."""
    try:
        an = o["anchor"]
        node_id, quote, start, end = an["node_id"], an["quote"], an["start"], an["end"]
        prefix, suffix = an.get("prefix", ""), an.get("suffix", "")
        fp, fpos = an.get("fingerprint", ""), an.get("position", -1)
        id_, doc, colour, sens = o["id"], o["doc"], o["colour"], o["sensitivity"]
        created, modified = o["created"], o["modified"]
        comment, author, tags = o.get("comment", ""), o.get("author", ""), o.get("tags", [])
        state, detail = o.get("anchor_state", "ok"), o.get("anchor_detail", "")
    except (KeyError, TypeError, AttributeError):
        return None
    if not (
        type(o) is dict
        and type(an) is dict
        and type(node_id) is str
        and node_id.strip()
        and type(quote) is str
        and type(prefix) is str
        and type(suffix) is str
        and type(fp) is str
        and type(fpos) is int
        and type(start) is int
        and type(end) is int
        and 0 <= start <= end
        and (end - start == len(quote) if quote else start == end == 0)
        and type(id_) is str
        and _UUID.fullmatch(id_)
        and type(doc) is str
        and doc == _doc_of(node_id)
        and type(colour) is str
        and colour
        and colour == colour.strip().lower()
        and type(sens) is str
        and sens in _SENS
        and type(created) is str
        and type(modified) is str
        and type(comment) is str
        and type(author) is str
        and type(state) is str
        and state in _STATES
        and type(detail) is str
        and _strs(tags)
        and _parse_time(created) is not None
        and _parse_time(modified) is not None
    ):
        return None
    return Annotation(
        id=id_,
        doc=doc,
        anchor=Anchor(node_id, quote, prefix, suffix, start, end, fp, fpos),
        colour=colour,
        comment=comment,
        tags=normalise_tags(tags),
        sensitivity=sens,
        author=author,
        created=created,
        modified=modified,
        anchor_state=state,
        anchor_detail=detail,
    )


def _note_fast(o: Any) -> NationalNote | None:
    """Like :func:`_annotation_fast`, for a national note."""
    try:
        id_, doc, node_id, country = o["id"], o["doc"], o["node_id"], o["country"]
        status, position, sens = o["status"], o["position"], o["sensitivity"]
        created, modified = o["created"], o["modified"]
        text, refs = o.get("text", ""), o.get("legal_refs", [])
        date, author = o.get("date", ""), o.get("author", "")
        fp, fpos = o.get("fingerprint", ""), o.get("node_position", -1)
    except (KeyError, TypeError, AttributeError):
        return None
    if not (
        type(o) is dict
        and type(fp) is str
        and type(fpos) is int
        and type(id_) is str
        and _UUID.fullmatch(id_)
        and type(node_id) is str
        and node_id.strip()
        and type(doc) is str
        and doc == _doc_of(node_id)
        and type(country) is str
        and is_country(country)
        and type(status) is str
        and status in STATUSES
        and type(position) is str
        and position in POSITIONS
        and type(sens) is str
        and sens in _SENS
        and type(created) is str
        and type(modified) is str
        and type(text) is str
        and type(author) is str
        and type(date) is str
        and (date == "" or (_DATE.fullmatch(date) and _valid_date(date)))
        and _strs(refs)
        and _parse_time(created) is not None
        and _parse_time(modified) is not None
    ):
        return None
    return NationalNote(
        id=id_,
        doc=doc,
        node_id=node_id,
        country=country,
        status=status,
        position=position,
        text=text,
        legal_refs=tuple(refs),
        date=date,
        sensitivity=sens,
        author=author,
        created=created,
        modified=modified,
        fingerprint=fp,
        node_position=fpos,
    )


def _valid_date(date: str) -> bool:
    try:
        datetime.strptime(date, "%Y-%m-%d")
    except ValueError:
        return False
    return True


def _annotation(c: _Checker, obj: Any, path: str) -> Annotation | None:
    if not isinstance(obj, dict):
        c.fail(path, f"must be an object, not {_json_type(obj)}")
        return None
    before = len(c.problems)
    id_ = c.uuid(obj, path)
    anchor_obj = c.get(obj, "anchor", path, dict)
    anchor = Anchor("")
    if isinstance(anchor_obj, dict):
        ap = f"{path}.anchor"
        node_id = c.text(anchor_obj, "node_id", ap)
        if "node_id" in anchor_obj and not node_id.strip():
            c.fail(f"{ap}.node_id", "empty")
        quote = c.text(anchor_obj, "quote", ap)
        start = c.get(anchor_obj, "start", ap, int)
        end = c.get(anchor_obj, "end", ap, int)
        if isinstance(start, int) and isinstance(end, int):
            if not 0 <= start <= end:
                c.fail(ap, f"start {start} and end {end} are not 0 <= start <= end")
            elif quote and end - start != len(quote):
                c.fail(ap, f"the quote has {len(quote)} characters but spans {start}..{end}")
            elif not quote and "quote" in anchor_obj and (start or end):
                c.fail(
                    ap, "an anchor without a quote (the whole provision) must have start = end = 0"
                )
        anchor = Anchor(
            node_id,
            quote,
            c.text(anchor_obj, "prefix", ap, ""),
            c.text(anchor_obj, "suffix", ap, ""),
            start if isinstance(start, int) else 0,
            end if isinstance(end, int) else 0,
            c.text(anchor_obj, "fingerprint", ap, ""),
            c.get(anchor_obj, "position", ap, int, -1),
        )
    doc = c.text(obj, "doc", path)
    if isinstance(obj.get("doc"), str) and doc != _doc_of(anchor.node_id or doc):
        c.fail(f"{path}.doc", f"{_show(doc)} does not match the node id {_show(anchor.node_id)}")
    colour = c.text(obj, "colour", path)
    if "colour" in obj and not colour.strip():
        c.fail(f"{path}.colour", "empty")
    tags = c.strings(obj, "tags", path)
    a = Annotation(
        id=id_,
        doc=doc,
        anchor=anchor,
        colour=colour.strip().lower(),
        comment=c.text(obj, "comment", path, ""),
        tags=normalise_tags(tags),
        sensitivity=c.choice(obj, "sensitivity", path, SENSITIVITIES),
        author=c.text(obj, "author", path, ""),
        created=c.stamp(obj, "created", path),
        modified=c.stamp(obj, "modified", path),
        anchor_state=c.choice(obj, "anchor_state", path, ANCHOR_STATES)
        if "anchor_state" in obj
        else "ok",
        anchor_detail=c.text(obj, "anchor_detail", path, ""),
    )
    return a if len(c.problems) == before else None


def _note(c: _Checker, obj: Any, path: str) -> NationalNote | None:
    if not isinstance(obj, dict):
        c.fail(path, f"must be an object, not {_json_type(obj)}")
        return None
    before = len(c.problems)
    node_id = c.text(obj, "node_id", path)
    if "node_id" in obj and not node_id.strip():
        c.fail(f"{path}.node_id", "empty")
    doc = c.text(obj, "doc", path)
    if isinstance(obj.get("doc"), str) and doc != _doc_of(node_id or doc):
        c.fail(f"{path}.doc", f"{_show(doc)} does not match the node id {_show(node_id)}")
    country = c.text(obj, "country", path)
    if isinstance(obj.get("country"), str) and not is_country(country):
        c.fail(f"{path}.country", f"{_show(country)} is not an ISO 3166-1 alpha-2 code")
    date = c.text(obj, "date", path, "")
    if date:
        try:
            datetime.strptime(date, "%Y-%m-%d")
        except ValueError:
            c.fail(f"{path}.date", f"{_show(date)} is not a date (YYYY-MM-DD)")
    n = NationalNote(
        id=c.uuid(obj, path),
        doc=doc,
        node_id=node_id,
        country=country,
        status=c.choice(obj, "status", path, STATUSES),
        position=c.choice(obj, "position", path, POSITIONS),
        text=c.text(obj, "text", path, ""),
        legal_refs=c.strings(obj, "legal_refs", path),
        date=date,
        sensitivity=c.choice(obj, "sensitivity", path, SENSITIVITIES),
        author=c.text(obj, "author", path, ""),
        created=c.stamp(obj, "created", path),
        modified=c.stamp(obj, "modified", path),
        fingerprint=c.text(obj, "fingerprint", path, ""),
        node_position=c.get(obj, "node_position", path, int, -1),
    )
    return n if len(c.problems) == before else None


def _colour(c: _Checker, obj: Any, path: str) -> Colour | None:
    if not isinstance(obj, dict):
        c.fail(path, f"must be an object, not {_json_type(obj)}")
        return None
    before = len(c.problems)
    name = c.text(obj, "name", path).strip().lower()
    if "name" in obj and not name:
        c.fail(f"{path}.name", "empty")
    hex_ = c.text(obj, "hex", path)
    if isinstance(obj.get("hex"), str) and not (
        len(hex_) == 7 and hex_[0] == "#" and all(ch in "0123456789abcdefABCDEF" for ch in hex_[1:])
    ):
        c.fail(f"{path}.hex", f"{_show(hex_)} is not a colour such as #fff59d")
    position = c.get(obj, "position", path, int, 0)
    col = Colour(name, c.text(obj, "meaning", path), hex_, position or 0)
    return col if len(c.problems) == before else None


def parse_bundle(
    data: bytes, known_colours: Iterable[str] = (), *, now: datetime | None = None
) -> Bundle:
    """Decode and validate a whole bundle; raise :class:`BundleError` on any problem.

    The limits of :mod:`vdesk.notes.bundle_input` are checked before the full parse; a
    time later than ``now`` (this computer's clock) plus :data:`FUTURE_TOLERANCE`
    refuses the bundle."""
    try:
        top = load_json(data)
    except InputRefused as exc:
        raise BundleError([], str(exc)) from None
    except json.JSONDecodeError as exc:
        raise BundleError(
            [],
            f"the file is not valid JSON (truncated or damaged?): {exc.msg} at line "
            f"{exc.lineno}, column {exc.colno}; nothing was imported",
        ) from None
    if not isinstance(top, dict) or top.get("format") != FORMAT:
        found = top.get("format") if isinstance(top, dict) else None
        what = (
            f"its format is {_show(found)}"
            if found is not None
            else "it has no 'format': 'vdesk-notes'"
        )
        raise BundleError(
            [], f"the file is not a vdesk notes bundle ({what}); nothing was imported"
        )
    c = _Checker()
    schema = c.get(top, "schema", "", int)
    if isinstance(schema, int) and schema > SCHEMA:
        raise BundleError(
            [],
            f"the bundle was written by a newer vdesk (schema {schema}); this version reads "
            f"schema {SCHEMA}: update vdesk to import it; nothing was imported",
        )
    if isinstance(schema, int) and schema < 1:
        c.fail("schema", f"{schema} is not a schema version")
    exported = c.stamp(top, "exported", "")
    author = c.text(top, "author", "", "")
    app_version = c.text(top, "app_version", "", "")
    lists = {
        key: c.get(top, key, "", list) or [] for key in ("annotations", "national_notes", "colours")
    }

    colours = _items(c, lists["colours"], lambda o: None, _colour, "colours")
    annotations = _items(c, lists["annotations"], _annotation_fast, _annotation, "annotations")
    notes = _items(c, lists["national_notes"], _note_fast, _note, "national_notes")
    _check_unique(c, "colours", [(i, col.name) for i, col in colours], "name")
    _check_unique(c, "annotations", [(i, a.id) for i, a in annotations], "id")
    _check_unique(c, "national_notes", [(i, n.id) for i, n in notes], "id")
    have = {x.strip().lower() for x in known_colours} | {col.name for _, col in colours}
    for i, a in annotations:
        if a.colour not in have:
            c.fail(
                f"annotations[{i}].colour",
                f"{_show(a.colour)} is neither a colour here nor one in the bundle",
            )
    c.problems.sort(key=_problem_order)
    if c.problems:
        raise BundleError(c.problems, truncated=len(c.problems) >= MAX_PROBLEMS)
    _refuse_future(
        now or datetime.now(UTC),
        [("", "exported", exported)]
        + [(f"annotations[{i}]", a.anchor.node_id, a) for i, a in annotations]
        + [(f"national_notes[{i}]", f"{n.country} on {n.node_id}", n) for i, n in notes],
    )
    return Bundle(
        schema=int(schema),
        exported=exported,
        author=author,
        app_version=app_version,
        annotations=tuple(a for _, a in annotations),
        national_notes=tuple(n for _, n in notes),
        colours=tuple(col for _, col in colours),
    )


def _items(
    c: _Checker,
    objs: list[Any],
    fast: Callable[[Any], Any],
    slow: Callable[[_Checker, Any, str], Any],
    name: str,
) -> list[tuple[int, Any]]:
    """The valid items of one list; checking stops after :data:`MAX_PROBLEMS` problems
    (a file with thousands of broken items needs no more than that to be refused)."""
    out = []
    for i, o in enumerate(objs):
        if len(c.problems) >= MAX_PROBLEMS:
            break
        value = fast(o) or slow(c, o, f"{name}[{i}]")
        if value:
            out.append((i, value))
    return out


def _refuse_future(now: datetime, items: list[tuple[str, str, Any]]) -> None:
    """Refuse the bundle if a time in it is later than ``now`` plus the tolerance."""
    limit = now + FUTURE_TOLERANCE
    late: list[str] = []
    for path, label, item in items:
        if isinstance(item, str):
            stamps = [("exported", item)]
        else:
            stamps = [("created", item.created), ("modified", item.modified)]
        for key, stamp in stamps:
            t = _parse_time(stamp)
            if t is not None and t > limit:
                where = f"{path}.{key} ({label})" if path else key
                late.append(f"{where} is {stamp}")
                break
    if late:
        more = f" (and {len(late) - 1} more)" if len(late) > 1 else ""
        raise BundleError(
            [],
            f"{late[0]}{more}, later than this computer's clock "
            f"({now:%Y-%m-%d %H:%M} UTC) by more than {FUTURE_TOLERANCE.seconds // 60} minutes: "
            "the sender's clock is wrong or the file was altered; nothing was imported",
        )


def _check_unique(c: _Checker, what: str, keys: list[tuple[int, str]], field_name: str) -> None:
    seen: dict[str, int] = {}
    for i, k in keys:
        if k in seen:
            c.fail(f"{what}[{i}].{field_name}", f"{_show(k)} occurs twice (also {what}[{seen[k]}])")
        else:
            seen[k] = i


_SECTIONS = {"annotations": 1, "national_notes": 2, "colours": 3}


def _problem_order(problem: str) -> tuple[int, int]:
    """Top-level problems first, then by section and item, as they appear in the file."""
    head = problem.split(":", 1)[0]
    name, _, rest = head.partition("[")
    index = int(rest.split("]", 1)[0]) if rest[:1].isdigit() else -1
    return (_SECTIONS.get(name, 0), index)
