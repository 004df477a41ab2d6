"""Exports: Markdown (plan, then render and write) and note bundles.

One scope resolution (:func:`resolve_scope`) and one overwrite check
(:func:`vdesk.desk.errors.refuse_targets`: a regular file replaced only with
``force``; a folder, a symbolic link, a pipe, a device or a socket never) serve the
command line and the window. Every file is written atomically and readable only
by the user (0600, :func:`vdesk.export.atomic.write_atomic`): an export or a bundle
may hold confidential items.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from vdesk.corpus.resolver import Resolver
from vdesk.domain.kinds import TEXT_KINDS
from vdesk.export.atomic import write_atomic
from vdesk.export.markdown import ExportOptions, ExportResult, Filters, Scope, export_markdown
from vdesk.export.render import html_page
from vdesk.notes.bundle import dump_bundle, make_bundle
from vdesk.search.searcher import Searcher
from vdesk.store.corpus_db import CorpusRepo
from vdesk.store.notes.contract import NotesStore

from .errors import DeskError, refuse_targets
from .reading import check_document

#: Search hits exported with a search scope at most.
SEARCH_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class ScopeRequest:
    """What to export, as the user named it.

    ``ids`` (node ids), ``docs`` (document keys) and ``refs`` (ids or citations)
    together, or a ``search`` (with the search panel's ``search_doc``,
    ``search_scope`` and ``search_within``); ``annotated`` keeps only annotated
    provisions within them. Nothing named: every annotated provision. ``label``
    replaces the label made from the names.
    """

    ids: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    search: str | None = None
    search_doc: str | None = None
    search_scope: str | None = None
    search_within: str | None = None
    annotated: bool = False
    label: str | None = None


def resolve_scope(
    request: ScopeRequest,
    corpus: CorpusRepo,
    resolver: Callable[[], Resolver],
    searcher: Callable[[], Searcher],
) -> Scope:
    """The export scope of ``request``. Raises :class:`~vdesk.desk.errors.UnknownDocument`,
    the resolver's ``UnknownReference`` or the searcher's ``QueryError``."""
    if request.search is not None:
        if request.ids or request.docs or request.refs:
            raise DeskError("a search cannot be combined with provisions or documents")
        found = searcher().search(
            request.search,
            doc=request.search_doc,
            scope=request.search_scope,
            within=request.search_within,
            limit=SEARCH_LIMIT,
        )
        label = request.search if request.label is None else request.label
        return Scope("search", tuple(h.id for h in found.hits), label)
    ids = list(request.ids)
    for key in request.docs:
        ids.append(check_document(key))
    for ref in request.refs:
        ids.append(resolver().resolve(ref))
    names = "; ".join([*request.docs, *request.refs])
    label = names if request.label is None else request.label
    if request.annotated or not ids:
        return Scope("annotated", tuple(ids), label)
    if len(ids) > 1:
        return Scope("provisions", tuple(ids), label)
    row = corpus.node(ids[0])
    kind = "document" if row is None or row.kind == "document" else "chapter"
    if row is not None and row.kind in TEXT_KINDS:
        kind = "provision"
    return Scope(kind, tuple(ids), label)


@dataclass(frozen=True, slots=True)
class ExportPlan:
    """A checked export: what goes in, and where it is written (``out`` None: a
    preview, written nowhere). ``html`` is a rendered copy beside it."""

    scope: Scope
    options: ExportOptions
    filters: Filters
    out: Path | None = None
    html: Path | None = None

    @property
    def targets(self) -> tuple[Path, ...]:
        return tuple(p for p in (self.out, self.html) if p is not None)


def check_colour_filter(notes: NotesStore, filters: Filters) -> None:
    if filters.colour and filters.colour.strip().lower() not in {c.name for c in notes.colours()}:
        known = ", ".join(c.name for c in notes.colours())
        raise DeskError(f"unknown colour {filters.colour!r}: use one of {known}")


def render(
    corpus: CorpusRepo,
    notes: NotesStore,
    plan: ExportPlan,
    *,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    now: datetime | None = None,
    app_version: str | None = None,
) -> ExportResult:
    return export_markdown(
        corpus,
        notes,
        plan.scope,
        plan.options,
        plan.filters,
        progress=progress,
        cancelled=cancelled,
        now=now,
        app_version=app_version,
    )


def write(plan: ExportPlan, result: ExportResult) -> None:
    """Write ``result`` where ``plan`` says, each file atomically (``WriteFailed``)."""
    if plan.out is None:
        raise DeskError("a preview is not written anywhere")
    write_atomic(plan.out, result.markdown.encode("utf-8"))
    if plan.html is not None:
        write_atomic(plan.html, html_page(result.markdown).encode("utf-8"))


@dataclass(frozen=True, slots=True)
class BundleExport:
    """A bundle written: where, and how many items it holds."""

    path: Path
    annotations: int
    national_notes: int
    personal: bool
    confidential: bool

    @property
    def included(self) -> tuple[str, ...]:
        return (
            ("shareable",) + ("personal",) * self.personal + ("confidential",) * self.confidential
        )


def export_bundle(
    notes: NotesStore,
    out: Path,
    *,
    personal: bool = False,
    confidential: bool = False,
    author: str = "",
    force: bool = False,
) -> BundleExport:
    """Write a bundle of the user's notes (shareable ones, plus personal and
    confidential ones when asked) to ``out`` atomically."""
    refuse_targets((out,), force=force)
    bundle = make_bundle(notes, personal=personal, confidential=confidential, author=author)
    write_atomic(out, dump_bundle(bundle))
    return BundleExport(
        out, len(bundle["annotations"]), len(bundle["national_notes"]), personal, confidential
    )
