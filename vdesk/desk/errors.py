"""What a use case refuses, in words a front end can show as they are."""

from __future__ import annotations

from pathlib import Path

from vdesk.export.atomic import target_kind


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


class TargetNotAFile(RefusedTarget):
    """A symbolic link, named pipe, device or socket: never replaced, even with
    ``force``, and never written through; ``kind`` says which."""

    def __init__(self, path: Path, kind: str) -> None:
        self.kind = kind
        super().__init__((path,), f"{path} is a {kind}, not a regular file: it is never replaced")


class TargetExists(RefusedTarget):
    """Files that exist and would be replaced; ``force`` replaces them."""

    def __init__(self, paths: tuple[Path, ...]) -> None:
        super().__init__(paths, f"{paths[0]} exists")


def refuse_targets(targets: tuple[Path, ...], *, force: bool = False) -> None:
    """The one overwrite check of every export: a folder, a symbolic link or a special
    file (named pipe, device, socket) is never replaced, an existing regular file only
    with ``force``. Raises :class:`TargetIsFolder` or :class:`TargetNotAFile` (for the
    first such target) or :class:`TargetExists` (naming every existing file, in order)."""
    kinds = [(t, target_kind(t)) for t in targets]
    for t, kind in kinds:
        if kind == "folder":
            raise TargetIsFolder(t)
        if kind not in (None, "file"):
            raise TargetNotAFile(t, kind)
    existing = tuple(t for t, kind in kinds if kind == "file")
    if existing and not force:
        raise TargetExists(existing)
