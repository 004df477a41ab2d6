"""Full-text search over the corpus with Whoosh. No Qt here."""
