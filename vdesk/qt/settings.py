"""Typed settings over ``QSettings`` (INI file at ``AppPaths.settings_file``).

Every value has one property with a type and a default. The file carries a
``meta/version``; :data:`MIGRATIONS` upgrade older files in order, so that a
renamed or re-shaped key never silently resets what the user chose.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

VERSION = 2


def _v1_to_v2(s: QSettings) -> None:
    """Version 1 kept the reader font as one "Family,size" string under ``reader/font``."""
    raw = s.value("reader/font")
    if raw is not None:
        text = ",".join(raw) if isinstance(raw, list) else str(raw)
        family, _, size = text.rpartition(",")
        if family and size.strip().isdigit():
            s.setValue("reader/font_family", family.strip())
            s.setValue("reader/font_size", int(size))
        s.remove("reader/font")


#: ``MIGRATIONS[n]`` upgrades a version-``n`` file to version ``n + 1``.
MIGRATIONS: dict[int, Callable[[QSettings], None]] = {1: _v1_to_v2}

DEFAULT_FONT_SIZE = 13  # points
#: The orders of search results, as ``vdesk.search.results.SORTS`` names them (not
#: imported: the search package loads Whoosh, which the window's start-up does not need).
SEARCH_SORTS = ("relevance", "document")
MIN_ZOOM, MAX_ZOOM = -5, 10


class Settings:
    """The user's preferences and window state."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._s = QSettings(str(path), QSettings.Format.IniFormat)
        self.migrate()

    @property
    def path(self) -> str:
        return self._s.fileName()

    def migrate(self) -> None:
        version = self._int("meta/version", 0)
        if version == 0 and not self._s.allKeys():
            version = VERSION  # a fresh file
        elif version == 0:
            version = 1  # written before versions were recorded
        while version < VERSION:
            MIGRATIONS[version](self._s)
            version += 1
        self._s.setValue("meta/version", max(version, VERSION))

    @property
    def version(self) -> int:
        return self._int("meta/version", VERSION)

    def sync(self) -> None:
        self._s.sync()

    # typed helpers ----------------------------------------------------------
    def _int(self, key: str, default: int) -> int:
        value = self._s.value(key, default)
        try:
            return value if isinstance(value, int) else int(str(value))
        except (TypeError, ValueError):
            return default

    def _str(self, key: str, default: str) -> str:
        value = self._s.value(key, default)
        return value if isinstance(value, str) else default

    def _bytes(self, key: str) -> QByteArray:
        value = self._s.value(key)
        return value if isinstance(value, QByteArray) else QByteArray()

    # window -------------------------------------------------------------------
    @property
    def geometry(self) -> QByteArray:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._s.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._s.setValue("window/state", value)

    @property
    def splitter_sizes(self) -> list[int]:
        value = self._s.value("window/splitter", [])
        items = value if isinstance(value, list) else [value] if value else []
        try:
            return [int(str(v)) for v in items]
        except (TypeError, ValueError):
            return []

    @splitter_sizes.setter
    def splitter_sizes(self, value: list[int]) -> None:
        self._s.setValue("window/splitter", [int(v) for v in value])

    # reading ------------------------------------------------------------------
    @property
    def last_node(self) -> str:
        return self._str("reader/last_node", "")

    @last_node.setter
    def last_node(self, node_id: str) -> None:
        self._s.setValue("reader/last_node", node_id)

    @property
    def font_family(self) -> str:
        return self._str("reader/font_family", "")

    @font_family.setter
    def font_family(self, value: str) -> None:
        self._s.setValue("reader/font_family", value)

    @property
    def font_size(self) -> int:
        return max(6, min(48, self._int("reader/font_size", DEFAULT_FONT_SIZE)))

    @font_size.setter
    def font_size(self, value: int) -> None:
        self._s.setValue("reader/font_size", int(value))

    @property
    def zoom(self) -> int:
        return max(MIN_ZOOM, min(MAX_ZOOM, self._int("reader/zoom", 0)))

    @zoom.setter
    def zoom(self, value: int) -> None:
        self._s.setValue("reader/zoom", max(MIN_ZOOM, min(MAX_ZOOM, int(value))))

    # search -------------------------------------------------------------------
    @property
    def search_visible(self) -> bool:
        return self._str("search/visible", "false") == "true"

    @search_visible.setter
    def search_visible(self, value: bool) -> None:
        self._s.setValue("search/visible", "true" if value else "false")

    @property
    def search_my_notes(self) -> bool:
        """Search also the user's annotations and national notes ("Include my notes")."""
        return self._str("search/include_my_notes", "false") == "true"

    @search_my_notes.setter
    def search_my_notes(self, value: bool) -> None:
        self._s.setValue("search/include_my_notes", "true" if value else "false")

    @property
    def search_sort(self) -> str:
        """The order of search results: ``"relevance"`` (best first) or ``"document"``."""
        value = self._str("search/sort", SEARCH_SORTS[0])
        return value if value in SEARCH_SORTS else SEARCH_SORTS[0]

    @search_sort.setter
    def search_sort(self, value: str) -> None:
        if value not in SEARCH_SORTS:
            raise ValueError(f"search order must be one of {SEARCH_SORTS}, not {value!r}")
        self._s.setValue("search/sort", value)

    # notes and exports ------------------------------------------------------------
    @property
    def default_country(self) -> str:
        """ISO 3166-1 alpha-2 code preselected for new national notes ("" = none)."""
        return self._str("notes/default_country", "")

    @default_country.setter
    def default_country(self, value: str) -> None:
        self._s.setValue("notes/default_country", value.strip().upper())

    @property
    def author(self) -> str:
        """The user's name, written as the author of notes and note bundles."""
        return self._str("notes/author", "")

    @author.setter
    def author(self, value: str) -> None:
        self._s.setValue("notes/author", value.strip())

    @property
    def export_folder(self) -> str:
        """The folder of the last export or bundle written ("" = the home folder)."""
        return self._str("export/last_folder", "")

    @export_folder.setter
    def export_folder(self, value: str) -> None:
        self._s.setValue("export/last_folder", value)
