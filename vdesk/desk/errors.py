"""What a use case refuses, in words a front end can show as they are."""

from __future__ import annotations

from pathlib import Path


class DeskError(ValueError):
    """A request the desk refuses; nothing was changed."""


class UnknownDocument(DeskError):
    def __init__(self, key: str, known: tuple[str, ...]) -> None:
        self.key = key
        super().__init__(f"unknown document {key!r}; known: {', '.join(known)}")


class MissingNode(LookupError):
    """A reference resolved to a node the corpus does not have: a damaged corpus."""

    def __init__(self, ref: str, node_id: str) -> None:
        self.ref, self.node_id = ref, node_id
        super().__init__(f"{ref!r} resolved to {node_id!r}, which is missing")


class RefusedTarget(DeskError):
    """A file the desk will not write; ``paths`` are the files concerned."""

    def __init__(self, paths: tuple[Path, ...], message: str) -> None:
        self.paths = paths
        super().__init__(message)


class TargetIsFolder(RefusedTarget):
    def __init__(self, path: Path) -> None:
        super().__init__((path,), f"{path} is a folder")


class TargetExists(RefusedTarget):
    """Files that exist and would be replaced; ``force`` replaces them."""

    def __init__(self, paths: tuple[Path, ...]) -> None:
        super().__init__(paths, f"{paths[0]} exists")


def refuse_targets(targets: tuple[Path, ...], *, force: bool = False) -> None:
    """The one overwrite check of every export: a folder is never replaced, an
    existing file only with ``force``. Raises :class:`TargetIsFolder` (for the first
    folder) or :class:`TargetExists` (naming every existing file, in order)."""
    existing = tuple(t for t in targets if t.exists())
    for t in existing:
        if t.is_dir():
            raise TargetIsFolder(t)
    if existing and not force:
        raise TargetExists(existing)
