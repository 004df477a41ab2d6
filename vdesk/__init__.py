"""vdesk: an offline reference and note-taking desk for UN crime-prevention documents."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("vdesk")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
