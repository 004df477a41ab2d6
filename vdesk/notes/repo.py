"""Where the notes store used to live; it is :mod:`vdesk.store.notes` now."""

from vdesk.store.notes.contract import AnnotationFilter, Tombstone  # noqa: F401
from vdesk.store.notes.rows import annotation_row, doc_of, normalise_tags, note_row  # noqa: F401
from vdesk.store.notes.sqlite import SqliteNotesStore as NotesRepo  # noqa: F401
