"""A throwaway PostgreSQL server for the test session (the ``postgres`` marker).

The session starts one cluster under a temporary directory, owned by an unprivileged
user when the tests run as root (``initdb`` refuses root), listening on 127.0.0.1 and
a free port only, with a random password; it is stopped and removed at the end.
Durability is switched off (``fsync``, ``full_page_writes``): nothing here is kept.

When the server cannot start, the tests that need it fail with the reason — in CI
always, and on a developer's machine too unless ``VDESK_SKIP_POSTGRES=1`` is set,
which skips them instead (``make test`` installs PostgreSQL when it is missing, see
packaging/system-deps.sh).
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

#: the system user that owns the cluster when the tests run as root
TEST_USER = "vdesk-test"
ADMIN = "vdesk_admin"


class ServerUnavailable(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class PgServer:
    host: str
    port: int
    user: str
    password: str

    def url(
        self, database: str = "postgres", *, user: str | None = None, password: str = ""
    ) -> str:
        who = f"{user}:{password}" if user else f"{self.user}:{self.password}"
        return f"postgresql+psycopg://{who}@{self.host}:{self.port}/{database}"


def find_bin_dir() -> Path:
    """The directory of ``initdb`` and ``pg_ctl``: Debian keeps them per version under
    /usr/lib/postgresql/*/bin (the newest wins), elsewhere they are on PATH."""
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True):
        if Path(d, "initdb").exists() and Path(d, "pg_ctl").exists():
            return Path(d)
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    raise ServerUnavailable(
        "PostgreSQL is not installed: no initdb/pg_ctl in /usr/lib/postgresql/*/bin or on "
        "PATH (make install installs it: packaging/system-deps.sh)"
    )


def _version_key(d: str) -> tuple[int, ...]:
    part = Path(d).parent.name
    return tuple(int(p) for p in part.split(".") if p.isdigit())


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _owner() -> str | None:
    """The unprivileged user that runs the server (None: the current user)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(TEST_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", TEST_USER],
            check=True,
            capture_output=True,
        )
    return TEST_USER


def _run(cmd: list[str], owner: str | None) -> None:
    full = ["runuser", "-u", owner, "--", *cmd] if owner else cmd
    # from a directory the server's user can enter: initdb stops when it cannot read the
    # current one (a checkout under a home directory that is private to root)
    done = subprocess.run(full, capture_output=True, text=True, timeout=120, cwd="/")
    if done.returncode != 0:
        raise ServerUnavailable(
            f"{Path(cmd[0]).name} failed ({done.returncode}): {(done.stderr or done.stdout).strip()}"
        )


@dataclass
class Cluster:
    root: Path
    bin_dir: Path
    owner: str | None
    server: PgServer

    @property
    def data(self) -> Path:
        return self.root / "data"

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            _run(
                [str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
                self.owner,
            )
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> Cluster:
    bin_dir = find_bin_dir()
    owner = _owner()
    # not under pytest's base temp (0700, root's): the server's user must reach it
    root = Path(tempfile.mkdtemp(prefix="vdesk-pg-"))
    password = secrets.token_hex(16)
    cluster = Cluster(root, bin_dir, owner, PgServer("127.0.0.1", _free_port(), ADMIN, password))
    try:
        pwfile = root / "pw"
        pwfile.write_text(password + "\n")
        if owner:
            entry = pwd.getpwnam(owner)
            os.chown(root, entry.pw_uid, entry.pw_gid)
            os.chown(pwfile, entry.pw_uid, entry.pw_gid)
        os.chmod(root, 0o700)
        pwfile.chmod(0o600)
        initdb = [str(bin_dir / "initdb"), "-D", str(cluster.data), "-U", ADMIN]
        initdb += ["--pwfile", str(pwfile), "--auth=scram-sha-256", "--no-sync"]
        initdb += ["--encoding=UTF8", "--locale=C.UTF-8"]
        _run(initdb, owner)
        pwfile.unlink()
        options = (
            f"-c listen_addresses=127.0.0.1 -p {cluster.server.port} -k {root} "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        log = root / "server.log"
        start = [str(bin_dir / "pg_ctl"), "-D", str(cluster.data), "-l", str(log)]
        start += ["-o", options, "-w", "-t", "30", "start"]
        try:
            _run(start, owner)
        except ServerUnavailable as e:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ServerUnavailable(f"{e}\n{tail}") from None
    except BaseException:
        cluster.stop()
        raise
    return cluster


def _unavailable(reason: str) -> None:
    if os.environ.get("VDESK_SKIP_POSTGRES") == "1" and os.environ.get("CI") != "true":
        pytest.skip(f"VDESK_SKIP_POSTGRES=1: {reason}")
    pytest.fail(f"the test PostgreSQL server cannot start: {reason}", pytrace=False)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The session's PostgreSQL server (admin credentials); fails when it cannot start."""
    try:
        cluster = start_cluster()
    except (ServerUnavailable, OSError, subprocess.SubprocessError) as e:
        _unavailable(str(e))
        raise AssertionError("unreachable") from e
    try:
        yield cluster.server
    finally:
        cluster.stop()


#: the delegation and login role every test database is set up with
DELEGATION = "test-delegation"
MEMBER = "vdesk_test_member"


@dataclass(frozen=True, slots=True)
class PgTemplate:
    server: PgServer
    name: str
    member_password: str


def admin_execute(server: PgServer, database: str, *statements: str) -> None:
    """Run ``statements`` as the server's superuser, outside a transaction."""
    import psycopg

    with psycopg.connect(
        host=server.host,
        port=server.port,
        user=server.user,
        password=server.password,
        dbname=database,
        autocommit=True,
    ) as con:
        for statement in statements:
            con.execute(statement.encode())


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> PgTemplate:
    """A database at the newest schema with one delegation and one member, copied for
    every test (``CREATE DATABASE ... TEMPLATE`` is much faster than migrating)."""
    from vdesk.store.notes.postgres import migrate

    name, password = "vdesk_template", secrets.token_hex(16)
    admin_execute(pg_server, "postgres", f"CREATE DATABASE {name}")
    migrate(pg_server.url(name))
    admin_execute(
        pg_server,
        name,
        f"CREATE ROLE {MEMBER} LOGIN PASSWORD '{password}' IN ROLE vdesk_member",
        f"INSERT INTO delegations (name) VALUES ('{DELEGATION}')",
        f"INSERT INTO members (role, delegation) VALUES ('{MEMBER}', '{DELEGATION}')",
    )
    return PgTemplate(pg_server, name, password)


@pytest.fixture
def pg_database(pg_template: PgTemplate) -> Iterator[str]:
    """A fresh copy of the template database for one test; yields its name."""
    name = f"vdesk_{secrets.token_hex(6)}"
    server = pg_template.server
    admin_execute(server, "postgres", f"CREATE DATABASE {name} TEMPLATE {pg_template.name}")
    yield name
    admin_execute(server, "postgres", f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def pg_notes_url(pg_template: PgTemplate, pg_database: str) -> str:
    """The URL of a fresh notes database, as the member of ``DELEGATION`` (not an
    owner: row-level security applies)."""
    return pg_template.server.url(pg_database, user=MEMBER, password=pg_template.member_password)
