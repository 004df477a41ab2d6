"""Crash safety: a process writing annotations is killed with SIGKILL at random moments.

Each trial forks a writer (from a fork server that has vdesk imported, so a trial
costs milliseconds, not an interpreter start), lets it commit a random number
of additions, edits and deletions, and kills it with SIGKILL 0–20 ms later, in
the middle of whatever it is doing. The writer reports ``("B", k, target)`` before operation k and ``("O", k, id)`` once it committed;
operation k's content is a pure function of (seed, k), so the test knows exactly
what every committed annotation must contain. After each kill the database must
pass the integrity check and hold every committed annotation byte for byte; the
one operation in flight may have happened or not, nothing else.
"""

from __future__ import annotations

import multiprocessing
import random
import signal
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest

from vdesk.domain.notes import Anchor
from vdesk.paths import AppPaths
from vdesk.store.notes.sqlite import SqliteNotesStore
from vdesk.store.user_db import integrity_problems

TRIALS = 120
COLOURS = ("yellow", "green", "red", "blue", "purple")


def _op(seed: int, k: int) -> dict[str, Any]:
    """Operation k of writer ``seed``: its kind and the values it writes."""
    r = random.Random(seed * 1_000_003 + k)
    kind = "add" if k % 4 != 3 else ("del" if k % 8 == 7 else "upd")
    n = r.randint(0, 6000)  # long comments span several database pages
    comment = f"writer {seed} op {k}: " + "".join(r.choice("abc dé—“ñ”\n*") for _ in range(n))
    quote = r.choice(["States", "international cooperation", "transnational organized crime"])
    start = r.randint(0, 400)
    return {
        "kind": kind,
        "node_id": f"plans-of-action/annex/chp_I/sec_A/para_{r.randint(1, 60)}",
        "quote": quote,
        "start": start,
        "end": start + len(quote),
        "colour": r.choice(COLOURS),
        "comment": comment,
        "tags": tuple(sorted({f"tag{r.randint(0, 9)}" for _ in range(r.randint(0, 4))})),
    }


def _writer(basedir: str, seed: int, conn: Connection) -> None:
    repo = SqliteNotesStore.open(AppPaths.resolve(basedir), start_backup=seed % 3 == 0)
    mine: list[str] = []
    k = 0
    while True:
        op = _op(seed, k)
        if op["kind"] == "add":
            conn.send(("B", k, None))
            a = repo.add_annotation(
                Anchor(op["node_id"], op["quote"], "", "", op["start"], op["end"]),
                colour=op["colour"],
                comment=op["comment"],
                tags=op["tags"],
            )
            mine.append(a.id)
            conn.send(("O", k, a.id))
        elif op["kind"] == "upd" and mine:
            conn.send(("B", k, mine[-1]))
            repo.update_annotation(mine[-1], comment=op["comment"], tags=op["tags"])
            conn.send(("O", k, mine[-1]))
        elif op["kind"] == "del" and len(mine) >= 2:
            target = mine.pop(-2)
            conn.send(("B", k, target))
            repo.delete_annotation(target)
            conn.send(("O", k, target))
        k += 1


def _wait_for_commits(conn: Connection, n: int) -> list[tuple[str, int, str | None]]:
    """Messages up to the n-th commit report (or 10 s, or the writer's end)."""
    out: list[tuple[str, int, str | None]] = []
    deadline = time.monotonic() + 10
    while sum(m[0] == "O" for m in out) < n and time.monotonic() < deadline:
        if conn.poll(0.05):
            try:
                out.append(conn.recv())
            except (EOFError, OSError):
                break
    return out


def _drain(conn: Connection) -> list[tuple[str, int, str | None]]:
    out = []
    while True:
        try:
            out.append(conn.recv())
        except (EOFError, OSError):
            return out


def _state(op: dict[str, Any]) -> tuple[Any, ...]:
    return (op["node_id"], op["quote"], op["start"], op["end"], op["colour"], op["comment"], op["tags"])  # fmt: skip


def _update(old: tuple[Any, ...], op: dict[str, Any]) -> tuple[Any, ...]:
    return (*old[:5], op["comment"], op["tags"])


@pytest.mark.slow
def test_sigkill_never_loses_or_corrupts_committed_annotations(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["vdesk.store.notes.sqlite", __name__])
    paths = AppPaths.resolve(tmp_path / "home")
    rnd = random.Random(20261123)
    expected: dict[str, tuple[Any, ...]] = {}
    committed_ops = killed_mid_op = wanted_total = 0
    started = time.monotonic()
    for seed in range(TRIALS):
        reader, writer = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_writer, args=(str(paths.data_dir.parent), seed, writer))
        proc.start()
        writer.close()
        # let it commit a random number of operations (0-9), then kill it at a
        # random moment of the next ones; slow disks change nothing but the time
        wanted = rnd.randint(0, 9)
        wanted_total += wanted
        messages = _wait_for_commits(reader, wanted)
        time.sleep(rnd.uniform(0.0, 0.02))
        proc.kill()
        proc.join()
        assert proc.exitcode == -signal.SIGKILL
        messages += _drain(reader)
        reader.close()

        pending: tuple[int, str | None] | None = None
        for tag, k, ident in messages:
            if tag == "B":
                pending = (k, ident)
                continue
            pending = None
            committed_ops += 1
            op = _op(seed, k)
            if op["kind"] == "add":
                assert ident is not None
                expected[ident] = _state(op)
            elif op["kind"] == "upd":
                assert ident is not None
                expected[ident] = _update(expected[ident], op)
            else:
                del expected[ident]  # type: ignore[arg-type]

        if not paths.user_db.exists():
            assert not expected  # killed before the database was even created
            continue
        assert integrity_problems(paths.user_db) == [], f"trial {seed}"
        repo = SqliteNotesStore.open(paths, start_backup=False)
        try:
            found = {
                a.id: (
                    a.anchor.node_id, a.anchor.quote, a.anchor.start, a.anchor.end,
                    a.colour, a.comment, a.tags,
                )
                for a in repo.filter_annotations(limit=None)
            }  # fmt: skip
        finally:
            repo.close()

        if pending is not None:
            killed_mid_op += 1
            k, target = pending
            op = _op(seed, k)
            if op["kind"] == "add":
                extra = set(found) - set(expected)
                assert len(extra) <= 1, f"trial {seed}"
                if extra:  # committed, killed before it could say so
                    ident = extra.pop()
                    assert found[ident] == _state(op), f"trial {seed}"
                    expected[ident] = found[ident]
            elif op["kind"] == "upd":
                assert target is not None
                assert found[target] in (expected[target], _update(expected[target], op))
                expected[target] = found[target]
            elif target not in found:
                del expected[target]  # type: ignore[arg-type]
        assert found == expected, f"trial {seed}: committed annotations differ"

    elapsed = time.monotonic() - started
    # the trials did real work, and some kills landed in the middle of a write
    print(
        f"{committed_ops} committed, {killed_mid_op} killed mid-operation, {len(expected)} kept, {elapsed:.1f} s"
    )
    assert committed_ops >= wanted_total > 300
    assert killed_mid_op > 20
    assert len(expected) > 100
