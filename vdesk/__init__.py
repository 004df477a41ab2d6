"""vdesk: an offline reference and note-taking desk for UN crime-prevention documents."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    __version__: str


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed package's metadata when first asked
    for: importing ``importlib.metadata`` costs ~30 ms, which every start would
    otherwise pay before the window can paint."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("vdesk")
    except PackageNotFoundError:  # running from a source tree that is not installed
        found = "0.0.0"
    globals()["__version__"] = found
    return found
