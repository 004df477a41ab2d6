"""The notes store: one typed contract (:mod:`.contract`), a portable SQL base
(:mod:`.sql`) and the SQLite implementation (:mod:`.sqlite`)."""
