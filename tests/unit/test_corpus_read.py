"""CorpusRepo reads the build's tables with sqlite3: the same rows as the ORM schema gives.

The reference reader below asks the same questions through SQLAlchemy and the
build's typed schema (as CorpusRepo did before it read with sqlite3); every
answer must be equal, value for value and in the same order.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vdesk.paths import AppPaths
from vdesk.store import corpus_db, corpus_schema
from vdesk.store.corpus_db import CorpusRepo, DocumentRow, FootnoteRow, NodeRow, XrefRow
from vdesk.store.corpus_schema import (
    DocumentRecord,
    FootnoteRecord,
    MetaRecord,
    NodeRecord,
    XrefRecord,
    open_engine,
)

FIELDS = [f for f in NodeRow.__slots__]  # the dataclass's fields, in order


def _row(r: NodeRecord) -> NodeRow:
    values = {name: getattr(r, name) for name in FIELDS}
    values["italics"] = tuple(tuple(span) for span in json.loads(r.italics))
    return NodeRow(**values)


class OrmReader:
    """The reference: each question asked through SQLAlchemy's ORM."""

    def __init__(self, paths: AppPaths) -> None:
        self.engine = open_engine(paths.corpus_db)

    def nodes_where(self, *criteria, order=(NodeRecord.doc, NodeRecord.ordinal)) -> list[NodeRow]:  # type: ignore[no-untyped-def]
        with Session(self.engine) as s:
            return [
                _row(r) for r in s.scalars(select(NodeRecord).where(*criteria).order_by(*order))
            ]

    def documents(self) -> list[DocumentRow]:
        with Session(self.engine) as s:
            recs = s.scalars(select(DocumentRecord).order_by(DocumentRecord.ordinal))
            return [
                DocumentRow(
                    r.key, r.title, r.short, r.symbol, r.cite_as, r.body, r.date, r.description
                )
                for r in recs
            ]

    def meta(self, key: str) -> str | None:
        with Session(self.engine) as s:
            rec = s.get(MetaRecord, key)
            return rec.value if rec else None

    def subtree(self, root: NodeRow) -> list[NodeRow]:
        c = NodeRecord.__table__.c
        end = (
            select(c.ordinal)
            .where(c.doc == root.doc, c.ordinal > root.ordinal, c.depth <= root.depth)
            .order_by(c.ordinal)
            .limit(1)
            .scalar_subquery()
        )
        return self.nodes_where(
            NodeRecord.doc == root.doc,
            NodeRecord.ordinal >= root.ordinal,
            NodeRecord.ordinal < func.coalesce(end, root.ordinal + 1_000_000_000),
            order=(NodeRecord.ordinal,),
        )

    def footnotes(self, ids: list[str]) -> dict[str, list[FootnoteRow]]:
        out: dict[str, list[FootnoteRow]] = {}
        with Session(self.engine) as s:
            q = (
                select(FootnoteRecord)
                .where(FootnoteRecord.node_id.in_(ids))
                .order_by(FootnoteRecord.node_id, FootnoteRecord.seq)
            )
            for r in s.scalars(q):
                out.setdefault(r.node_id, []).append(
                    FootnoteRow(r.node_id, r.num, r.text, r.offset, bool(r.in_heading))
                )
        return out

    def xrefs(self, column: str, ids: list[str]) -> list[XrefRow]:
        with Session(self.engine) as s:
            col = getattr(XrefRecord, column)
            recs = list(s.scalars(select(XrefRecord).where(col.in_(ids)).order_by(XrefRecord.id)))
            cites = dict(s.execute(select(NodeRecord.id, NodeRecord.citation)).all())
            return [
                XrefRow(
                    r.source_id,
                    r.target_id,
                    r.start,
                    r.end,
                    r.in_footnote,
                    cites[r.source_id],
                    cites[r.target_id],
                )
                for r in recs
            ]


@pytest.fixture(scope="module")
def orm(built_paths: AppPaths):  # type: ignore[no-untyped-def]
    reader = OrmReader(built_paths)
    yield reader
    reader.engine.dispose()


def test_documents_meta_and_every_node_are_the_orm_rows(corpus_repo: CorpusRepo, orm) -> None:
    assert corpus_repo.documents() == orm.documents()
    assert corpus_repo.meta("schema_version") == orm.meta("schema_version") == "1"
    assert corpus_repo.meta("no such key") is None
    every = orm.nodes_where()
    assert (
        len(every) == 1989
    )  # 1,984 before objectives and the draft GA resolution were nodes (+106, -101)
    assert corpus_repo.all_nodes() == every
    for doc in corpus_repo.documents():
        assert corpus_repo.document_nodes(doc.key) == [r for r in every if r.doc == doc.key]
    ids = [r.id for r in every]
    assert corpus_repo.nodes(ids[::7]) == {r.id: r for r in every[::7]}
    assert corpus_repo.nodes([]) == {}
    assert corpus_repo.node("vienna-declaration/annex/para_7/subpara_d") == next(
        r for r in every if r.id == "vienna-declaration/annex/para_7/subpara_d"
    )
    assert corpus_repo.node("no/such/node") is None


def test_children_subtrees_and_neighbours_are_the_orm_rows(corpus_repo: CorpusRepo, orm) -> None:
    every = orm.nodes_where()
    parents = [r for r in every if r.child_count][::5]
    for p in parents:
        assert corpus_repo.children(p.id) == orm.nodes_where(
            NodeRecord.parent_id == p.id, order=(NodeRecord.position,)
        )
        assert corpus_repo.subtree(p.id) == orm.subtree(p)
    assert corpus_repo.subtree("no/such/node") == []
    for here in every[::97]:
        for step, kinds in ((1, ("paragraph",)), (-1, ("paragraph",)), (1, ("section", "chapter"))):
            after = [
                r
                for r in every
                if r.doc == here.doc
                and r.kind in kinds
                and (r.ordinal > here.ordinal if step > 0 else r.ordinal < here.ordinal)
            ]
            expected = (after[0] if step > 0 else after[-1]) if after else None
            assert corpus_repo.neighbour(here.id, step, kinds) == expected


def test_footnotes_and_cross_references_are_the_orm_rows(corpus_repo: CorpusRepo, orm) -> None:
    ids = [r.id for r in corpus_repo.all_nodes()]
    notes = corpus_repo.footnotes(ids)
    assert sum(len(v) for v in notes.values()) > 50
    assert notes == orm.footnotes(ids)
    assert list(notes) == list(orm.footnotes(ids))  # in node order, as the query orders them
    out, into = corpus_repo.refs_out(ids), corpus_repo.refs_in(ids)
    assert len(out) > 50
    assert out == orm.xrefs("source_id", ids)
    assert into == orm.xrefs("target_id", ids)
    some = ids[::11]
    assert corpus_repo.refs_out(some) == orm.xrefs("source_id", some)
    assert corpus_repo.refs_in(some) == orm.xrefs("target_id", some)
    assert corpus_repo.footnotes([]) == {}
    assert corpus_repo.refs_out([]) == []


def test_each_thread_reads_through_its_own_connection(built_paths: AppPaths) -> None:
    repo = CorpusRepo(built_paths.corpus_db)
    try:
        here = repo._connection()
        seen: list[object] = []

        def read() -> None:
            seen.append(repo._connection())
            seen.append(len(repo.all_nodes()))

        worker = threading.Thread(target=read)
        worker.start()
        worker.join()
        assert seen[0] is not here
        assert seen[1] == len(repo.all_nodes())
        assert len(repo._opened) == 2
    finally:
        repo.close()
    assert repo._opened == []
    assert repo.node("vienna-declaration") is not None  # a call after close opens again
    repo.close()


def test_the_build_schema_is_still_importable_from_corpus_db() -> None:
    assert corpus_db.Base is corpus_schema.Base
    assert corpus_db.NodeRecord is corpus_schema.NodeRecord
    assert corpus_db.open_engine is corpus_schema.open_engine
    with pytest.raises(AttributeError):
        corpus_db.NoSuchName  # noqa: B018


def test_reading_the_corpus_does_not_import_sqlalchemy(built_paths: AppPaths) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from vdesk.store.corpus_db import CorpusRepo\n"
        f"repo = CorpusRepo(Path({str(built_paths.corpus_db)!r}))\n"
        "repo.documents(); repo.subtree('vienna-declaration/annex')\n"
        "repo.footnotes(['vienna-declaration/annex/para_7']); repo.refs_in(['vienna-declaration'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_start_check_knows_every_table_and_column_of_the_build_schema() -> None:
    from vdesk.store.corpus_check import TABLES
    from vdesk.store.corpus_schema import Base

    assert {t.name: tuple(c.name for c in t.columns) for t in Base.metadata.sorted_tables} == TABLES


def test_checking_the_corpus_at_start_loads_no_sqlalchemy(built_paths) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from vdesk.corpus.fingerprint import corpus_is_current\n"
        "from vdesk.paths import AppPaths\n"
        f"assert corpus_is_current(AppPaths.resolve({str(built_paths.cache_dir.parent)!r}))\n"
        "print('sqlalchemy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False\n"
