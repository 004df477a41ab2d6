"""Persistence: the read-only corpus database and the user's own database. No Qt here."""
