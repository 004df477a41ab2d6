"""What only the server store does: its schema under Alembic, the delegation the server
writes on every row, row-level security between delegations, refusing a schema it does
not speak. The contract itself runs in tests/contract (parameter "postgres")."""

from __future__ import annotations

import psycopg
import pytest

from tests.pg import DELEGATION, MEMBER, PgTemplate, admin_execute
from vdesk.domain.notes import Anchor
from vdesk.store.notes.contract import NotesStore
from vdesk.store.notes.postgres import (
    PostgresNotesStore,
    SchemaMismatch,
    engine_for,
    head_revision,
    migrate,
    schema_revision,
)

P2 = "plans-of-action/annex/chp_I/sec_A/para_2"
VD7 = "vienna-declaration/annex/para_7"


def _admin_rows(template: PgTemplate, database: str, sql: str) -> list[tuple[object, ...]]:
    s = template.server
    with psycopg.connect(
        host=s.host, port=s.port, user=s.user, password=s.password, dbname=database
    ) as con:
        return list(con.execute(sql.encode()).fetchall())


def _second_member(template: PgTemplate, database: str) -> str:
    """A member of another delegation in ``database``; returns its URL."""
    admin_execute(
        template.server,
        database,
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vdesk_other') "
        "THEN CREATE ROLE vdesk_other LOGIN PASSWORD 'other-pw' IN ROLE vdesk_member; "
        "END IF; END $$",
        "INSERT INTO delegations (name) VALUES ('other-delegation')",
        "INSERT INTO members (role, delegation) VALUES ('vdesk_other', 'other-delegation')",
    )
    return template.server.url(database, user="vdesk_other", password="other-pw")


@pytest.mark.postgres
def test_the_schema_is_at_the_newest_revision(pg_template: PgTemplate, pg_database: str) -> None:
    url = pg_template.server.url(pg_database)
    assert head_revision() == "0002"
    engine = engine_for(url)
    try:
        assert schema_revision(engine) == "0002"
    finally:
        engine.dispose()
    assert migrate(url) == "0002"  # again: nothing to do


@pytest.mark.postgres
def test_the_server_writes_the_members_delegation(
    pg_template: PgTemplate, pg_database: str, pg_notes_url: str
) -> None:
    store = PostgresNotesStore.open(pg_notes_url)
    try:
        a = store.add_annotation(Anchor(VD7), comment="ours", tags=["t1"])
        n = store.add_national_note(P2, country="AT", status="implemented")
        store.set_meta("k", "v")
        store.delete_national_note(n.id, by="A. Delegate")
    finally:
        store.close()
    rows = _admin_rows(
        pg_template,
        pg_database,
        "SELECT 'a', delegation, id FROM annotations UNION ALL "
        "SELECT 't', delegation, tag FROM annotation_tags UNION ALL "
        "SELECT 'm', delegation, key FROM meta UNION ALL "
        "SELECT 's', delegation, id FROM tombstones ORDER BY 1",
    )
    assert rows == [
        ("a", DELEGATION, a.id),
        ("m", DELEGATION, "k"),
        ("s", DELEGATION, n.id),
        ("t", DELEGATION, "t1"),
    ]


@pytest.mark.postgres
def test_a_second_delegation_sees_none_of_the_first_ones_rows(
    pg_template: PgTemplate, pg_database: str, pg_notes_url: str
) -> None:
    first: NotesStore = PostgresNotesStore.open(pg_notes_url)
    second: NotesStore = PostgresNotesStore.open(_second_member(pg_template, pg_database))
    try:
        a = first.add_annotation(Anchor(VD7), comment="ours")
        first.add_national_note(P2, country="AT", status="implemented")
        first.set_colour("yellow", "Agreed ad ref")
        first.set_meta("k", "first")
        assert second.count() == (0, 0)
        assert second.annotation(a.id) is None
        assert second.annotations_for_nodes([VD7]) == []
        assert second.meta("k") is None
        with pytest.raises(KeyError, match="no annotation or national note"):
            second.find(a.id[:8])
        # each delegation starts with its own colour meanings
        assert [c.meaning for c in second.colours()][:1] == ["Agreed language"]
        assert [c.meaning for c in first.colours()][:1] == ["Agreed ad ref"]
        # the same id in another delegation is another item: the first one is untouched
        second.restore_annotation(a)
        second.delete_annotation(a.id)
        assert first.annotation(a.id) == a
        assert [t.id for t in second.tombstones()] == [a.id]
        assert first.tombstones() == []
    finally:
        first.close()
        second.close()


@pytest.mark.postgres
def test_a_member_cannot_write_into_another_delegation(pg_notes_url: str) -> None:
    url = pg_notes_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as con, pytest.raises(psycopg.errors.InsufficientPrivilege):
        con.execute(
            "INSERT INTO meta (delegation, key, value) VALUES ('other-delegation', 'k', 'v')"
        )


@pytest.mark.postgres
def test_a_member_changes_no_membership(pg_notes_url: str) -> None:
    url = pg_notes_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as con:
        assert con.execute("SELECT role, delegation FROM members").fetchall() == [
            (MEMBER, DELEGATION)
        ]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("UPDATE members SET delegation = 'other-delegation'")


@pytest.mark.postgres
def test_open_refuses_a_database_without_the_schema(pg_template: PgTemplate) -> None:
    admin_execute(pg_template.server, "postgres", "CREATE DATABASE vdesk_bare")
    try:
        with pytest.raises(SchemaMismatch, match="has no vdesk schema: its owner runs"):
            PostgresNotesStore.open(pg_template.server.url("vdesk_bare"))
    finally:
        admin_execute(pg_template.server, "postgres", "DROP DATABASE vdesk_bare WITH (FORCE)")


@pytest.mark.postgres
def test_open_refuses_an_older_schema(pg_template: PgTemplate, pg_database: str) -> None:
    admin_execute(
        pg_template.server, pg_database, "UPDATE alembic_version SET version_num = '0000'"
    )
    with pytest.raises(SchemaMismatch, match="is at schema revision 0000, this vdesk needs 0002"):
        PostgresNotesStore.open(pg_template.server.url(pg_database))


def test_only_postgres_urls_are_taken() -> None:
    with pytest.raises(ValueError, match="not a PostgreSQL URL for psycopg: sqlite://"):
        engine_for("sqlite:///notes.db")


def test_the_server_store_adds_only_open_to_the_contract() -> None:
    public = {n for n in dir(PostgresNotesStore) if not n.startswith("_")}
    members = {n for n in dir(NotesStore) if not n.startswith("_")}
    assert public - members == {"open"}
    assert members - public == set()


def test_a_server_that_cannot_start_fails_the_tests_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.pg import _unavailable

    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("VDESK_SKIP_POSTGRES", "1")  # ignored in CI
    with pytest.raises(pytest.fail.Exception, match="cannot start: no initdb"):
        _unavailable("no initdb")
    monkeypatch.delenv("CI")
    monkeypatch.delenv("VDESK_SKIP_POSTGRES")
    with pytest.raises(pytest.fail.Exception, match="cannot start: no initdb"):
        _unavailable("no initdb")
    monkeypatch.setenv("VDESK_SKIP_POSTGRES", "1")  # only when asked for, outside CI
    with pytest.raises(pytest.skip.Exception, match="VDESK_SKIP_POSTGRES=1: no initdb"):
        _unavailable("no initdb")


@pytest.mark.postgres
def test_the_databases_owner_runs_the_migrations_without_being_a_superuser(
    pg_template: PgTemplate,
) -> None:
    """As docs/server.md sets it up: an owner role with no special rights (the group
    role vdesk_member exists already: roles belong to the whole server)."""
    server = pg_template.server
    admin_execute(
        server,
        "postgres",
        "CREATE ROLE vdesk_owner_t LOGIN PASSWORD 'owner-pw'",
        "CREATE DATABASE vdesk_owned OWNER vdesk_owner_t",
    )
    try:
        url = server.url("vdesk_owned", user="vdesk_owner_t", password="owner-pw")
        assert migrate(url) == "0002"
        assert _admin_rows(
            pg_template,
            "vdesk_owned",
            "SELECT tablename, tableowner, rowsecurity FROM pg_tables "
            "WHERE schemaname = 'public' ORDER BY 1",
        ) == [
            ("alembic_version", "vdesk_owner_t", False),
            ("annotation_tags", "vdesk_owner_t", True),
            ("annotations", "vdesk_owner_t", True),
            ("colours", "vdesk_owner_t", True),
            ("delegations", "vdesk_owner_t", False),
            ("members", "vdesk_owner_t", True),
            ("meta", "vdesk_owner_t", True),
            ("national_notes", "vdesk_owner_t", True),
            ("tombstones", "vdesk_owner_t", True),
        ]
    finally:
        admin_execute(
            server,
            "postgres",
            "DROP DATABASE vdesk_owned WITH (FORCE)",
            "DROP ROLE vdesk_owner_t",
        )
