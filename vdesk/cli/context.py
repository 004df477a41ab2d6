"""What a command handler gets: the desk, the output mode, and the two ways out.

It also decides which commands back the notes database up when they open it: only
those in :data:`BACKS_UP`, which change the notes. A command that changes nothing
(``notes list``, ``export``, ``notes export``, ``notes import --dry-run``) takes
no backup, so that running it many times never rotates the older backups away.
``notes import`` takes its own backup right before it writes.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from vdesk.desk import Desk
from vdesk.paths import AppPaths
from vdesk.store.user_db import UserDbError

#: Every handler: parsed arguments and the context in, exit code out.
Handler = Callable[[argparse.Namespace, "CliContext"], int]

#: What the command line names itself as in Changes.initiator.
INITIATOR = "cli"

#: The commands that change the notes and back the database up first.
BACKS_UP = frozenset({"annotate", "note", "notes delete", "notes reanchor", "notes resolve"})
#: ... at most once an hour, so that a script of many commands keeps older backups.
BACKUP_EVERY = 3600.0


def command_of(args: argparse.Namespace) -> str:
    """The command's name as typed: ``"annotate"``, ``"notes list"`` …"""
    sub = getattr(args, "notes_command", None)
    return f"{args.command} {sub}" if sub else str(args.command)


class CliContext:
    """The desk (opened lazily: a command that needs no corpus builds none) and output."""

    def __init__(self, paths: AppPaths, as_json: bool) -> None:
        self.paths = paths
        self.json = as_json
        self.desk = Desk(paths)

    def emit(self, obj: Any, human: str) -> None:
        if self.json:
            json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            sys.stdout.write(human if human.endswith("\n") else human + "\n")

    def fail(self, message: str, code: int = 2) -> int:
        sys.stderr.write(f"vdesk: error: {message}\n")
        return code

    def warn(self, message: str) -> None:
        sys.stderr.write(f"vdesk: warning: {message}\n")

    def open_notes(self, args: argparse.Namespace) -> int | None:
        """Open the notes store for the command ``args`` names, with a backup first
        only if it is one of :data:`BACKS_UP`; an exit code if it cannot be opened
        (a damaged, empty, foreign or too-new file: the message says what to do)."""
        try:
            self.desk.open_notes(
                start_backup=command_of(args) in BACKS_UP,
                backup_min_age=BACKUP_EVERY,
                backup_failed=lambda exc: self.warn(f"no backup was taken: {exc}"),
            )
        except UserDbError as exc:
            return self.fail(str(exc), 1)
        return None

    def close(self) -> None:
        self.desk.close()


def add_json(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    return parser
