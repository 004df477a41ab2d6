"""Source texts -> a clean, addressable tree of provisions. No Qt here."""
