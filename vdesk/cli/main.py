"""The command line's parser, dispatch and exit codes.

Every command prints readable text, or JSON with ``--json``. A user's mistake
(an unknown reference, a malformed query, an argument that is not valid text or
not a number) prints one line and exits 2; a problem of the environment (disk full,
unreadable files, another vdesk writing) exits 1 with what to do. No traceback, no
SQL statement and none of the user's notes ever reach the message: a database
error is told by its SQLite error code, our own bug by its type and place.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
import traceback
from pathlib import Path
from typing import Any, NoReturn

import sqlalchemy.exc

from vdesk import __version__
from vdesk.desk.importing import BUSY_MESSAGE, NotesBusy, is_busy
from vdesk.paths import AppPaths
from vdesk.store.user_files import is_disk_full

from . import corpus, export, notes
from .context import CliContext

log = logging.getLogger(__name__)

#: Arguments that name files: any bytes a file name may have are allowed there.
PATH_ARGS = frozenset({"file", "out", "html", "backup", "basedir"})
#: The longest argparse message shown (a 5,000-digit "number" is cut).
MAX_MESSAGE = 200


def _short(message: str) -> str:
    message = " ".join(message.split())
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 21] + "… (cut)"


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``vdesk: error: …`` and exit code 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"vdesk: error: {_short(message)} (see '{self.prog} --help')\n")
        sys.exit(2)


_DISK_FULL = "the disk is full ({where}): free some space and try again (nothing was changed)"


def build_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="vdesk",
        description="Offline reference desk for UN documents on crime prevention and "
        "criminal justice. Without a command, opens the desktop app.",
    )
    p.add_argument("--version", action="version", version=f"vdesk {__version__}")
    p.add_argument(
        "--basedir",
        metavar="DIR",
        help="keep every file vdesk writes under DIR (default: $VDESK_HOME, else the "
        "platform's user directories)",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    corpus.add_commands(sub)
    notes.add_commands(sub)
    export.add_commands(sub)
    return p


def run(args: argparse.Namespace) -> int:
    """Run the command ``args`` names; the exit code."""
    ctx = CliContext(AppPaths.resolve(args.basedir), getattr(args, "json", False))
    try:
        return int(args.func(args, ctx))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        if is_disk_full(exc):
            return ctx.fail(_DISK_FULL.format(where=exc.filename or ctx.paths.data_dir), 1)
        return ctx.fail(f"{exc.strerror or type(exc).__name__} ({_file_of(exc)})", 1)
    except NotesBusy as exc:
        return ctx.fail(str(exc), 1)
    except (sqlite3.Error, sqlalchemy.exc.SQLAlchemyError) as exc:
        if is_disk_full(getattr(exc, "orig", None) or exc):  # not a damaged database
            return ctx.fail(_DISK_FULL.format(where=ctx.paths.data_dir), 1)
        return ctx.fail(database_message(exc), 1)
    except Exception as exc:  # our bug: say so plainly, never with the values it held
        log.debug("internal error", exc_info=True)
        return ctx.fail(f"internal error ({_place(exc)}): please report it", 1)
    finally:
        ctx.close()


def _file_of(exc: OSError) -> str:
    name = exc.filename
    if name is None:
        return "file system"
    return os.fsdecode(name).encode("utf-8", "backslashreplace").decode("utf-8")


def _place(exc: BaseException) -> str:
    """``KeyError in vdesk/notes/merge.py:120``: what and where, without its message."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return type(exc).__name__
    last = frames[-1]
    file = Path(last.filename)
    package = Path(__file__).resolve().parents[1]  # .../vdesk, wherever it is installed
    try:
        where = (Path("vdesk") / file.resolve().relative_to(package)).as_posix()
    except ValueError:  # outside vdesk (a plug-in, a test): the file's name only
        where = file.name
    return f"{type(exc).__name__} in {where}:{last.lineno}"


_DB_ADVICE = (
    "If it concerns the corpus, `vdesk build` rebuilds it (a rebuild never touches your "
    "notes); for your notes see `vdesk notes backups`."
)


def database_message(exc: BaseException) -> str:
    """One line for a database error, from SQLite's error code: never the statement or
    its parameters, which SQLAlchemy's message carries (and with them the notes)."""
    if is_busy(exc):
        return BUSY_MESSAGE
    orig = getattr(exc, "orig", exc)
    name = str(getattr(orig, "sqlite_errorname", "") or type(orig).__name__)
    if name.startswith("SQLITE_FULL"):
        return "the disk is full: the database could not be written; free some space and try again"
    if name.startswith("SQLITE_READONLY"):
        return f"a database file cannot be written ({name}): check its permissions"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return f"a database file is damaged ({name}). {_DB_ADVICE}"
    return f"database problem ({name}). {_DB_ADVICE}"


def _names(parser: argparse.ArgumentParser, out: dict[str, str]) -> dict[str, str]:
    """dest -> how the user wrote it (``--text``, ``REF``), over every subcommand."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _names(sub, out)
        elif action.dest not in out:
            out[action.dest] = (
                action.option_strings[-1] if action.option_strings else str(action.metavar)
            )
    return out


def undecodable_argument(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str | None:
    """The first text argument that is not valid UTF-8 (Python keeps such bytes of the
    command line as lone surrogates, which no file or database can store), said in one
    line; None if every one is. File names may hold any bytes."""
    names: dict[str, str] | None = None
    for dest, value in vars(args).items():
        values: list[Any] = value if isinstance(value, list) else [value]
        for v in values:
            if dest in PATH_ARGS or not isinstance(v, str):
                continue
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                names = names or _names(parser, {})
                shown = v.encode("utf-8", "surrogateescape")[:40]
                return (
                    f"{names.get(dest, dest)} is not valid text: {shown!r} has bytes that are "
                    "not UTF-8 (is the terminal set to UTF-8?)"
                )
    return None


def main(argv: list[str] | None = None) -> int:
    """The command line alone: a command is required (``python -m vdesk`` opens the
    desktop app when none is given)."""
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        sys.stderr.write("vdesk: error: a command is required here (see 'vdesk --help')\n")
        return 2
    if (problem := undecodable_argument(parser, args)) is not None:
        sys.stderr.write(f"vdesk: error: {problem}\n")
        return 2
    return run(args)
