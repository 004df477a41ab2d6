"""Where the files vdesk ships beside its code are: the corpus sources and the resources.

In the repository they sit at the top, ``corpus/`` (the five source texts and
``errata.toml``) and ``resources/`` (stylesheet, app icon, action icons). An
installed wheel and the standalone bundle carry them inside the package, as
``vdesk/_corpus/`` and ``vdesk/_resources/`` (pyproject.toml maps the two
sub-packages onto the top-level folders; docs/packaging.md). These functions
return the packaged folder when it exists, else the checkout's (a source tree
or an editable install), so no other module needs to know the layout.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _located(packaged: str, in_checkout: str) -> Path:
    inside = _PACKAGE / packaged
    return inside if inside.is_dir() else _PACKAGE.parent / in_checkout


def corpus_dir() -> Path:
    """The folder with the verbatim source texts and ``errata.toml``."""
    return _located("_corpus", "corpus")


def resources_dir() -> Path:
    """The folder with ``reader.css``, ``vdesk.svg`` and ``icons/``."""
    return _located("_resources", "resources")
