"""The user's own work: annotations, national notes, anchoring. No Qt here."""
