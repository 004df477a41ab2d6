"""Desk: the application core that the command line and the desktop app share.

A :class:`Desk` is opened once from :class:`~vdesk.paths.AppPaths`. It owns the
corpus repository (built or rebuilt when stale, on first use), the searcher, the
reference resolver and the user's notes store (opened on demand with
:meth:`Desk.open_notes`, or handed in with :meth:`Desk.attach_notes`).

Every use case that writes returns its frozen values plus one
:class:`~vdesk.desk.changes.Changes` per user action and broadcasts that same
record once to the subscribers (:meth:`Desk.subscribe`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vdesk.domain.notes import Anchor, Annotation, Colour, NationalNote
from vdesk.export.markdown import ExportOptions, ExportResult, Filters, Scope
from vdesk.notes.anchoring import ReanchorReport
from vdesk.notes.bundle import ImportReport
from vdesk.search.searcher import SearchResults
from vdesk.store.corpus_db import NodeRow
from vdesk.store.notes.contract import AnnotationFilter, BackupInfo

from . import annotating, exporting, importing, reading, undoing
from .changes import Changes
from .errors import refuse_targets
from .exporting import BundleExport, ExportPlan, ScopeRequest
from .importing import ImportPlan
from .parts import DeskParts, Subscriber
from .reading import ProvisionView
from .undoing import Step

if TYPE_CHECKING:
    from vdesk.notes.conflicts import PendingRecord

__all__ = ["Desk", "Subscriber"]


class Desk(DeskParts):
    """Every use case of vdesk, for the command line and the desktop app.

    Each method that writes returns its frozen values and the one :class:`Changes`
    of the user action, which it also broadcasts (nothing is broadcast when nothing
    changed); ``initiator`` is passed through to ``Changes.initiator``.
    """

    # --- reading the corpus ------------------------------------------------------------

    def resolve(self, ref: str) -> NodeRow:
        """The node ``ref`` names (id or citation); raises the resolver's
        ``UnknownReference`` (with suggestions), or ``MissingNode``."""
        return reading.resolve(self.corpus, self.resolver, ref)

    def show(self, ref: str) -> ProvisionView:
        """A provision with its text, footnotes and cross-references."""
        return reading.provision_view(self.corpus, self.resolve(ref))

    def contents(self, doc: str, max_depth: int | None = None) -> tuple[NodeRow, ...]:
        """One document's nodes down to ``max_depth`` (``UnknownDocument``)."""
        return reading.contents(self.corpus, doc, max_depth)

    def search(
        self, query: str, *, doc: str | None = None, limit: int | None = 20, **options: Any
    ) -> SearchResults:
        """Full-text search (the searcher's ``QueryError`` for a malformed query);
        ``options`` are the searcher's: ``scope``, ``within``, ``offset``, ``sort``."""
        return reading.search(self.searcher, query, doc=doc, limit=limit, **options)

    # --- the user's notes -----------------------------------------------------------------

    def list_notes(
        self,
        *,
        doc: str | None = None,
        tag: str | None = None,
        country: str | None = None,
        review: bool = False,
    ) -> tuple[list[Annotation], list[NationalNote]]:
        """Annotations (none when a country is asked for) and national notes (none
        when a tag is asked for), filtered; ``review``: only those needing review."""
        store = self.require_notes()
        annotations: list[Annotation] = []
        if not country:
            f = AnnotationFilter(doc=doc, tag=tag, anchor_state="review" if review else None)
            annotations = store.filter_annotations(f, limit=None)
        if tag:
            notes = []
        else:
            state = "review" if review else None
            notes = store.national_notes(country=country, doc=doc, anchor_state=state)
        return annotations, notes

    def find(self, id_or_prefix: str) -> tuple[str, str]:
        """("annotation" | "national_note", full id) of an id or unique prefix (KeyError)."""
        return self.require_notes().find(id_or_prefix)

    def annotate(
        self, anchor: Anchor, *, initiator: object | None = None, **fields: Any
    ) -> tuple[Annotation, Changes]:
        """Add an annotation (fields as ``NotesStore.add_annotation``)."""
        a, changes = annotating.annotate(
            self.require_notes(), anchor, initiator=initiator, corpus=self._corpus, **fields
        )
        return a, self._done(changes)

    def update_annotation(
        self, annotation_id: str, *, initiator: object | None = None, **fields: Any
    ) -> tuple[Annotation, Changes]:
        a, changes = annotating.update_annotation(
            self.require_notes(), annotation_id, initiator=initiator, **fields
        )
        return a, self._done(changes)

    def delete_annotations(
        self, ids: Iterable[str], *, initiator: object | None = None
    ) -> tuple[tuple[Annotation, ...], Changes]:
        """Delete annotations (all or, with KeyError, none); values for :meth:`restore`."""
        gone, changes = annotating.delete_annotations(
            self.require_notes(), ids, initiator=initiator
        )
        return gone, self._done(changes)

    def add_national_note(
        self,
        node_id: str,
        *,
        country: str,
        status: str,
        initiator: object | None = None,
        **fields: Any,
    ) -> tuple[NationalNote, Changes]:
        """Add a national note (fields as ``NotesStore.add_national_note``)."""
        n, changes = annotating.add_national_note(
            self.require_notes(), node_id, country=country, status=status,
            initiator=initiator, corpus=self._corpus, **fields,
        )  # fmt: skip
        return n, self._done(changes)

    def acknowledge_national_note(
        self, note_id: str, *, initiator: object | None = None
    ) -> tuple[NationalNote, Changes]:
        """Clear a national note's moved (or review) mark: the user has seen it."""
        n, changes = annotating.acknowledge_national_note(
            self.require_notes(), note_id, initiator=initiator
        )
        return n, self._done(changes)

    def update_national_note(
        self, note_id: str, *, initiator: object | None = None, **fields: Any
    ) -> tuple[NationalNote, Changes]:
        n, changes = annotating.update_national_note(
            self.require_notes(), note_id, initiator=initiator, **fields
        )
        return n, self._done(changes)

    def delete_national_notes(
        self, ids: Iterable[str], *, initiator: object | None = None
    ) -> tuple[tuple[NationalNote, ...], Changes]:
        gone, changes = annotating.delete_national_notes(
            self.require_notes(), ids, initiator=initiator
        )
        return gone, self._done(changes)

    def restore(
        self,
        annotations: Iterable[Annotation] = (),
        national_notes: Iterable[NationalNote] = (),
        *,
        initiator: object | None = None,
    ) -> Changes:
        """Write deleted or earlier values back exactly, in one transaction (undo)."""
        changes = annotating.restore(
            self.require_notes(), annotations, national_notes, initiator=initiator
        )
        return self._done(changes)

    def versions(self, kind: str, ids: Iterable[str]) -> dict[str, int | None]:
        """The current version of each item of ``kind`` (None: never seen)."""
        return undoing.versions(self.require_notes(), kind, ids)

    def snapshot(
        self, kind: str, item_id: str
    ) -> tuple[Annotation | NationalNote | None, int | None]:
        """An item's value and the version that value is (None, None: not there)."""
        return undoing.snapshot(self.require_notes(), kind, item_id)

    def revert(
        self,
        step: Step,
        expect: Mapping[tuple[str, str], int],
        *,
        doing: str = "undo",
        initiator: object | None = None,
    ) -> Changes:
        """Undo or redo: write ``step`` only if every item it touches is still at the
        version in ``expect`` (the one the user's own write left), checked in the
        same transaction; else ``ChangedSince`` says what changed, and nothing is."""
        changes = undoing.revert(
            self.require_notes(), self._corpus, step, expect, doing=doing, initiator=initiator
        )
        return self._done(changes)

    def set_colour(
        self, name: str, meaning: str, hex: str | None = None, *, initiator: object | None = None
    ) -> tuple[Colour, Changes]:
        """Give a colour its meaning, or add a colour (``hex`` required then)."""
        c, changes = annotating.set_colour(
            self.require_notes(), name, meaning, hex, initiator=initiator
        )
        return c, self._done(changes)

    def reanchor(
        self,
        *,
        only_if_changed: bool = False,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        initiator: object | None = None,
    ) -> tuple[ReanchorReport | None, Changes]:
        """Check every annotation against the corpus and record its fingerprint; with
        ``only_if_changed``, only when the corpus changed since the last check."""
        report, changes = annotating.reanchor(
            self.require_notes(), self.corpus, only_if_changed=only_if_changed,
            progress=progress, cancelled=cancelled, initiator=initiator,
        )  # fmt: skip
        return report, self._done(changes)

    # --- exports ---------------------------------------------------------------------------

    def resolve_scope(self, request: ScopeRequest) -> Scope:
        """The one scope resolution of exports (see :class:`ScopeRequest`)."""
        return exporting.resolve_scope(
            request, self.corpus, lambda: self.resolver, lambda: self.searcher
        )

    @staticmethod
    def check_targets(targets: Iterable[Path], *, force: bool = False) -> None:
        """The one overwrite check: ``TargetIsFolder``, or ``TargetExists`` unless ``force``."""
        refuse_targets(tuple(targets), force=force)

    def plan_export(
        self,
        scope: Scope | ScopeRequest,
        options: ExportOptions | None = None,
        filters: Filters | None = None,
        *,
        out: Path | None = None,
        html: Path | None = None,
        force: bool = False,
    ) -> ExportPlan:
        """Check an export before anything is written: the files (never a folder, an
        existing file only with ``force``), the scope, the colour filter."""
        plan_targets = tuple(p for p in (out, html) if p is not None)
        refuse_targets(plan_targets, force=force)
        if isinstance(scope, ScopeRequest):
            scope = self.resolve_scope(scope)
        filters = filters or Filters()
        exporting.check_colour_filter(self.require_notes(), filters)
        return ExportPlan(scope, options or ExportOptions(), filters, out, html)

    def render_export(
        self,
        plan: ExportPlan,
        *,
        progress: Callable[[int, int, str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        now: datetime | None = None,
        app_version: str | None = None,
    ) -> ExportResult:
        """The export's Markdown (a preview, or what :meth:`write_export` writes)."""
        return exporting.render(
            self.corpus, self.require_notes(), plan, progress=progress, cancelled=cancelled,
            now=now, app_version=app_version,
        )  # fmt: skip

    def write_export(self, plan: ExportPlan, result: ExportResult | None = None) -> ExportResult:
        """Render (unless given the result) and write atomically (``WriteFailed``)."""
        result = self.render_export(plan) if result is None else result
        exporting.write(plan, result)
        return result

    def export_bundle(
        self,
        out: Path,
        *,
        personal: bool = False,
        confidential: bool = False,
        author: str = "",
        force: bool = False,
    ) -> BundleExport:
        """Write a bundle of notes to share (shareable items, plus the asked-for ones)."""
        refuse_targets((out,), force=force)  # before the notes store is opened
        return exporting.export_bundle(
            self.require_notes(), out, personal=personal, confidential=confidential,
            author=author, force=force,
        )  # fmt: skip

    # --- bundle import and backups ---------------------------------------------------------

    def plan_import(self, data: bytes) -> ImportPlan:
        """Parse and check a bundle once and decide what importing it does (a dry
        run); ``BundleError`` says why a file cannot be imported."""
        return importing.plan_import(data, self.require_notes(), self.node_texts())

    def apply_import(
        self, plan: ImportPlan, *, initiator: object | None = None
    ) -> tuple[ImportReport, Changes]:
        """Write a planned import: a backup first, then one transaction."""
        report, changes = importing.apply_import(
            plan, self.require_notes(), self._paths, initiator=initiator
        )
        return report, self._done(changes)

    def conflicts(self) -> list[PendingRecord]:
        """The conflicts imports set aside for the user to choose, oldest first."""
        return importing.pending_conflicts(self._paths)

    def resolve_conflict(
        self, id_or_prefix: str, keep: str, *, initiator: object | None = None
    ) -> tuple[PendingRecord, Changes]:
        """Keep ``"mine"`` or ``"theirs"`` of a pending conflict (``KeyError`` for an
        unknown id)."""
        rec, changes = importing.resolve_conflict(
            self.require_notes(), self._paths, id_or_prefix, keep, initiator=initiator
        )
        return rec, self._done(changes)

    def backups(self) -> list[BackupInfo]:
        """Backups of the notes database, newest first."""

        from vdesk.store.user_db import list_backups  # loads SQLAlchemy

        return list_backups(self._paths)

    def restore_backup(
        self, source: Path | None = None, *, initiator: object | None = None
    ) -> tuple[Path, Path | None, Changes]:
        """Replace the notes database with a backup (the newest good one by default);
        returns (the backup used, where the replaced file went, Changes(everything)).
        A store the desk opened is closed first and opened again on demand."""
        self._close_own_notes()

        from vdesk.store.user_db import restore_backup  # loads SQLAlchemy

        used, aside = restore_backup(self._paths, source)
        return used, aside, self._done(Changes("Restore backup", initiator, everything=True))

    def reset_notes(self, *, initiator: object | None = None) -> tuple[Path | None, Changes]:
        """Start afresh with an empty notes database; the current file is kept aside
        (returned; None if there was none), never deleted."""
        self._close_own_notes()
        from vdesk.store.user_db import reset_user_db  # loads SQLAlchemy

        aside = reset_user_db(self._paths)
        return aside, self._done(Changes("Start afresh", initiator, everything=True))

    def _close_own_notes(self) -> None:
        if self._notes is not None and self._owns_notes:
            self._notes.close()
            self._notes = None
