"""Persistence: the read-only corpus database and the notes store (the user's own
database behind the :class:`vdesk.store.notes.contract.NotesStore` contract). No Qt here."""
