"""The command line's parser, dispatch and exit codes.

Every command prints readable text, or JSON with ``--json``. A user's mistake
(an unknown reference, a malformed query) prints a clear message and exits 2;
a problem of the environment (disk full, unreadable files) exits 1 with what to
do. No traceback reaches the user.
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys

import sqlalchemy.exc

from vdesk import __version__
from vdesk.paths import AppPaths
from vdesk.store.user_files import is_disk_full

from . import corpus, export, notes
from .context import CliContext

log = logging.getLogger(__name__)

_DISK_FULL = "the disk is full ({where}): free some space and try again (nothing was changed)"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
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
        return ctx.fail(f"{exc.strerror or exc} ({exc.filename or 'file system'})", 1)
    except (sqlite3.DatabaseError, sqlalchemy.exc.DatabaseError) as exc:
        if is_disk_full(getattr(exc, "orig", None) or exc):  # not a damaged database
            return ctx.fail(_DISK_FULL.format(where=ctx.paths.data_dir), 1)
        return ctx.fail(
            f"database problem: {exc}. If it concerns the corpus, `vdesk build` rebuilds it "
            "(a rebuild never touches your notes); for your notes see `vdesk notes backups`.",
            1,
        )
    except Exception as exc:  # our bug: say so plainly, log the details
        log.debug("internal error", exc_info=True)
        return ctx.fail(f"internal error: {type(exc).__name__}: {exc}", 1)
    finally:
        ctx.close()


def main(argv: list[str] | None = None) -> int:
    """The command line alone: a command is required (``python -m vdesk`` opens the
    desktop app when none is given)."""
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_usage(sys.stderr)
        sys.stderr.write("vdesk: error: a command is required here\n")
        return 2
    return run(args)
