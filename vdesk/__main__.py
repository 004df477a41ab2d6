"""``vdesk`` / ``python -m vdesk``: a command runs the CLI; no command opens the desktop app.

Only enough is parsed here to tell the two apart, so the desktop app starts without
the command line's parser and the command line without Qt.
"""

from __future__ import annotations

import argparse
import sys


def _wants_gui(argv: list[str]) -> tuple[bool, str | None]:
    """(no command and no other option given, the ``--basedir``)."""
    pre = argparse.ArgumentParser(prog="vdesk", add_help=False, exit_on_error=False)
    pre.add_argument("--basedir")
    try:
        ns, rest = pre.parse_known_args(argv)
    except argparse.ArgumentError:
        return False, None
    return not rest, ns.basedir


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    gui, basedir = _wants_gui(argv)
    if gui:
        from vdesk.paths import AppPaths
        from vdesk.qt.app import run_gui

        return run_gui(AppPaths.resolve(basedir), argv)
    from vdesk.cli.main import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
