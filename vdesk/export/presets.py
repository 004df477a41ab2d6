"""Export presets: named starting points for the export options.

A preset fixes the content options and a default scope; the user may still
change any option, scope or filter after choosing it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from vdesk.export.markdown import ExportOptions


@dataclass(frozen=True, slots=True)
class Preset:
    key: str  # used on the command line: --preset delegation-brief
    name: str  # shown to the user
    description: str
    options: ExportOptions
    scope: str = "annotated"  # the default scope kind

    def with_changes(self, **changes: object) -> ExportOptions:
        """The preset's options with some of them changed."""
        return replace(self.options, **changes)  # type: ignore[arg-type]


PRESETS: tuple[Preset, ...] = (
    Preset(
        key="annotated-excerpts",
        name="Annotated excerpts",
        description="Every annotated provision in full, highlights marked, with comments, "
        "tags, colour meanings, national notes, citations and source footnotes.",
        options=ExportOptions(title="Annotated excerpts", preset="annotated-excerpts"),
    ),
    Preset(
        key="delegation-brief",
        name="Delegation brief",
        description="National positions and implementation status by action, with the "
        "action text and citation, and a status table at the top.",
        options=ExportOptions(
            title="Delegation brief",
            preset="delegation-brief",
            annotations=False,
            footnotes=False,
            overview=True,
        ),
    ),
    Preset(
        key="quotes",
        name="Quotes with citations",
        description="Only the highlighted passages, each followed by its UN citation, "
        "ready to paste into a draft.",
        options=ExportOptions(
            title="Quotes with citations",
            preset="quotes",
            text="highlights",
            annotations=False,
            national_notes=False,
            footnotes=False,
        ),
    ),
)

BY_KEY: dict[str, Preset] = {p.key: p for p in PRESETS}


def get(key: str) -> Preset:
    """The preset with this key (or name, any case); KeyError names the valid keys."""
    norm = key.strip().lower()
    for p in PRESETS:
        if norm in (p.key, p.name.lower()):
            return p
    raise KeyError(f"unknown preset {key!r}; known: {', '.join(BY_KEY)}")
