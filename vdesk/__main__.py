"""``python -m vdesk``: the CLI, or the desktop app when no command is given."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
