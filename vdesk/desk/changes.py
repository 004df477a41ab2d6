"""What one user action changed, and who started it.

Every use case of :class:`vdesk.desk.Desk` that writes returns (or broadcasts) one
:class:`Changes` per user action, however many rows it touched: deleting fifty
annotations is one ``Changes``, so every view refreshes once. Modelled on Anki's
``OpChanges``; ``initiator`` lets the view that made the change skip its own refresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Changes:
    """The result of one user action.

    ``action`` names it for people ("Delete 3 annotations", "Import bundle");
    ``initiator`` is an opaque token of whoever asked (a view, ``"cli"``, ``"undo"``,
    ``"import"``); the id sets say which items were written or removed; ``node_ids``
    are the provisions whose marks changed (old and new places); ``colours`` is true
    when a colour meaning changed; ``everything`` when the whole store was replaced
    (a restore from backup), so a view reloads all it shows.
    """

    action: str
    initiator: object | None = None
    annotations: frozenset[str] = field(default_factory=frozenset)
    national_notes: frozenset[str] = field(default_factory=frozenset)
    node_ids: frozenset[str] = field(default_factory=frozenset)
    colours: bool = False
    everything: bool = False

    @property
    def empty(self) -> bool:
        return (
            not (self.annotations or self.national_notes or self.node_ids or self.colours)
            and not self.everything
        )
