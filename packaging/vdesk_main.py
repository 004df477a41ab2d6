"""Entry point of the bundled app: the same as ``python -m vdesk``."""

import sys

from vdesk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
