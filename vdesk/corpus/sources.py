"""The document registry: which source file is which document, and what it is.

The keys are a public contract: other tools address documents by them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..data_files import corpus_dir

#: Where the verbatim source texts live (``corpus/`` in the repo; see :mod:`vdesk.data_files`).
CORPUS_DIR = corpus_dir()


@dataclass(frozen=True, slots=True)
class Document:
    """Identity of one source document.

    ``symbol`` is the UN document symbol where the text shows one, else None.
    ``cite_as`` is how a citation to it starts, in UN practice.
    ``aliases`` are extra names the citation resolver accepts (case-insensitive).
    """

    key: str
    filename: str
    title: str
    body: str
    description: str
    cite_as: str
    short: str
    symbol: str | None = None
    date: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        return CORPUS_DIR / self.filename

    def read(self) -> str:
        """The raw source text, exactly as shipped."""
        return self.path.read_text(encoding="utf-8")


DOCUMENTS: tuple[Document, ...] = (
    Document(
        key="vienna-declaration",
        filename="vienna-declaration.txt",
        symbol="A/RES/55/59",
        title="Vienna Declaration on Crime and Justice: Meeting the Challenges of the "
        "Twenty-first Century",
        body="General Assembly",
        date="2000-12-04",
        description="General Assembly resolution 55/59 endorsing the Declaration of the "
        "Tenth United Nations Congress on the Prevention of Crime and the Treatment of "
        "Offenders.",
        cite_as="A/RES/55/59",
        short="Vienna Declaration",
        aliases=(
            "vd",
            "vienna",
            "vienna declaration",
            "the vienna declaration",
            "55/59",
            "res. 55/59",
            "resolution 55/59",
            "a/res/55/59",
        ),
    ),
    Document(
        key="plans-of-action",
        filename="plans-of-action.txt",
        symbol=None,
        title="Plans of action for the implementation of the Vienna Declaration on Crime "
        "and Justice: Meeting the Challenges of the Twenty-first Century",
        body="Economic and Social Council",
        date=None,
        description="The plans of action recommended by ECOSOC resolution 2001/47 to the "
        "General Assembly: national and international actions in fifteen chapters.",
        cite_as="ECOSOC res. 2001/47",
        short="Plans of action",
        aliases=(
            "poa",
            "plans of action",
            "the plans of action",
            "2001/47",
            "res. 2001/47",
            "resolution 2001/47",
            "ecosoc res. 2001/47",
            "ecosoc resolution 2001/47",
            "56/261",
            "resolution 56/261",
        ),
    ),
    Document(
        key="draft-plans-of-action",
        filename="draft-plans-of-action.txt",
        symbol=None,
        title="Draft Plans of Action for the implementation during the period 2001-2005 "
        "of the Vienna Declaration on Crime and Justice: Meeting the Challenges of the "
        "Twenty-first Century",
        body="Secretary-General",
        date="2001-03-27",
        description="Report of the Secretary-General to the Commission's tenth session: "
        "the draft plans of action with commitments, objectives and expected impact.",
        cite_as="Draft plans of action (27 March 2001)",
        short="Draft plans of action",
        aliases=("dpoa", "draft plans", "draft plans of action", "the draft plans of action"),
    ),
    Document(
        key="ccpcj-2002",
        filename="ccpcj-2002.txt",
        symbol="E/2002/30/Rev.1",
        title="Report of the Commission on Crime Prevention and Criminal Justice on its "
        "eleventh session, chapter I: Matters calling for action by the Economic and "
        "Social Council or brought to its attention",
        body="Commission on Crime Prevention and Criminal Justice",
        date=None,
        description="Draft resolutions and decisions of the eleventh session (2002), "
        "including the basic principles on restorative justice and the Guidelines for "
        "the Prevention of Crime.",
        cite_as="E/2002/30/Rev.1",
        short="CCPCJ report 2002",
        aliases=(
            "ccpcj 2002",
            "ccpcj2002",
            "2002 report",
            "eleventh session",
            "e/2002/30",
            "e/2002/30/rev.1",
        ),
    ),
    Document(
        key="ccpcj-2014",
        filename="ccpcj-2014.txt",
        symbol=None,
        title="Report of the Commission on Crime Prevention and Criminal Justice on its "
        "twenty-third session, chapter I: Matters calling for action by the Economic "
        "and Social Council or brought to its attention",
        body="Commission on Crime Prevention and Criminal Justice",
        date=None,
        description="Draft resolutions, decisions and resolutions 23/1-23/3 of the "
        "twenty-third session (2014), including the Model Strategies on violence "
        "against children and the guidelines on trafficking in cultural property.",
        cite_as="CCPCJ report, 23rd session",
        short="CCPCJ report 2014",
        aliases=("ccpcj 2014", "ccpcj2014", "2014 report", "twenty-third session"),
    ),
)

BY_KEY: dict[str, Document] = {d.key: d for d in DOCUMENTS}


def get(key: str) -> Document:
    """The document with this key; KeyError names the valid keys."""
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown document {key!r}; known: {', '.join(BY_KEY)}") from None
