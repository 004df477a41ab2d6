"""What a command handler gets: the desk, the output mode, and the two ways out."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from vdesk.desk import Desk
from vdesk.paths import AppPaths

#: Every handler: parsed arguments and the context in, exit code out.
Handler = Callable[[argparse.Namespace, "CliContext"], int]

#: What the command line names itself as in Changes.initiator.
INITIATOR = "cli"


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

    def close(self) -> None:
        self.desk.close()


def add_json(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    return parser
