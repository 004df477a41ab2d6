"""Write every row of a freshly built corpus as JSON lines, to compare two versions.

    python benchmarks/dump_corpus.py before.jsonl   # on one commit
    python benchmarks/dump_corpus.py after.jsonl    # on another
    cmp before.jsonl after.jsonl

Covers every column of the documents, nodes (id, kind, num, citation, text, …),
footnotes and cross-references, the stored fields of every index entry, the indexed
words of every field, and which entries each value of ``doc``, ``kind``, ``scope``
and ``within`` selects. The fingerprint, which names the pipeline, is left out.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
from pathlib import Path

from whoosh import index

from vdesk.corpus import build
from vdesk.paths import AppPaths

FILTER_FIELDS = ("doc", "kind", "scope", "within")


def _line(*parts: object) -> str:
    return json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)


def dump(paths: AppPaths) -> list[str]:
    lines = []
    con = sqlite3.connect(paths.corpus_db)
    try:
        tables = [
            r[0]
            for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        for table in tables:
            if table == "meta":
                continue
            cols = [c[1] for c in con.execute(f"PRAGMA table_info({table})")]
            for row in con.execute(f"SELECT * FROM {table} ORDER BY rowid"):
                lines.append(_line(table, dict(zip(cols, row, strict=True))))
    finally:
        con.close()
    ix = index.open_dir(str(paths.index_dir))
    with ix.searcher() as s:
        stored = sorted((dict(d) for d in s.all_stored_fields()), key=lambda d: _line(d))
        lines += [_line("index", d) for d in stored]
        reader = s.reader()
        for field in sorted({f for f, _ in reader.all_terms()}):
            terms = [t.decode() if isinstance(t, bytes) else str(t) for t in reader.lexicon(field)]
            lines.append(_line("terms", field, terms))
            if field in FILTER_FIELDS:
                for t in terms:
                    ids = sorted(s.stored_fields(n)["id"] for n in s.postings(field, t).all_ids())
                    lines.append(_line("selects", field, t, ids))
    ix.close()
    return lines


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.resolve(Path(tmp) / "home")
        build.build_corpus(paths)
        lines = dump(paths)
    Path(sys.argv[1]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
