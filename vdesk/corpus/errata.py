"""Explicit, documented corrections of the source texts (``corpus/errata.toml``).

Errata are for damage that no general rule can repair: word-order scrambles
from PDF extraction, garbled numbers, look-alike characters used as numerals.
Each entry names the document, the 1-based source line, the exact text that
must occur on that line exactly once, its replacement and the reason.

:func:`apply` fails loudly (:class:`ErratumError`) when an entry does not
match, so a changed source text is noticed instead of silently mis-corrected.
Corrections never add or remove lines: line numbers stay those of the source.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..documents import CORPUS_DIR

ERRATA_FILE = CORPUS_DIR / "errata.toml"


class ErratumError(ValueError):
    """An erratum does not match the source text it corrects."""


@dataclass(frozen=True, slots=True)
class Erratum:
    doc: str
    line: int
    find: str
    replace: str
    reason: str


def load(path: Path = ERRATA_FILE) -> tuple[Erratum, ...]:
    """All errata in the file, in file order; malformed entries raise ErratumError."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for i, raw in enumerate(data.get("erratum", []), start=1):
        try:
            e = Erratum(
                doc=str(raw["doc"]),
                line=int(raw["line"]),
                find=str(raw["find"]),
                replace=str(raw["replace"]),
                reason=str(raw["reason"]),
            )
        except KeyError as exc:
            raise ErratumError(f"erratum #{i} in {path.name} lacks {exc.args[0]!r}") from None
        if "\n" in e.find or "\n" in e.replace:
            raise ErratumError(f"erratum #{i} ({e.doc}:{e.line}) spans lines; errata are per line")
        if not e.find or not e.reason.strip():
            raise ErratumError(f"erratum #{i} ({e.doc}:{e.line}) needs a find text and a reason")
        out.append(e)
    return tuple(out)


@cache
def _default() -> tuple[Erratum, ...]:
    return load()


def for_document(doc_key: str, errata: tuple[Erratum, ...] | None = None) -> list[Erratum]:
    return [e for e in (_default() if errata is None else errata) if e.doc == doc_key]


def apply(doc_key: str, text: str, errata: tuple[Erratum, ...] | None = None) -> str:
    """``text`` with every erratum for ``doc_key`` applied.

    Raises ErratumError naming the entry when its line does not exist or its
    ``find`` text does not occur on that line exactly once.
    """
    lines = text.split("\n")
    for e in for_document(doc_key, errata):
        if not 1 <= e.line <= len(lines):
            raise ErratumError(f"{e.doc}:{e.line}: no such line (the text has {len(lines)})")
        current = lines[e.line - 1]
        count = current.count(e.find)
        if count != 1:
            raise ErratumError(
                f"{e.doc}:{e.line}: {e.find!r} occurs {count} times on the line, expected once"
                f" ({e.reason})"
            )
        lines[e.line - 1] = current.replace(e.find, e.replace)
    return "\n".join(lines)
