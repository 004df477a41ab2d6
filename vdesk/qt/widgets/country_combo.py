"""A country picker over the ISO 3166-1 list: type any part of a name or a code.

Each entry reads "Austria (AT)"; the completer matches anywhere in the text, in
any case, so "korea" and "(KR" both offer "Korea, Republic of (KR)". The
combo never invents a country: :attr:`code` is "" until the text names one
(an entry, an alpha-2 or alpha-3 code, or an exact name: "KOR" on leaving the field
becomes "Korea, Republic of (KR)").

Signals:
    country_changed(str): the chosen alpha-2 code ("" when none is chosen).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from vdesk.domain.countries import COUNTRIES, UnknownCountry, country


def country_label(code: str) -> str:
    """ "Austria (AT)"; the bare code for a code that is not in the list."""
    try:
        return f"{country(code).name} ({code})"
    except UnknownCountry:
        return code


class CountryCombo(QComboBox):
    country_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, allow_none: str = "") -> None:
        """``allow_none``: the text of a first "no country" entry (none if empty)."""
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(16)
        self._none = allow_none
        if allow_none:
            self.addItem(allow_none, "")
        for c in sorted(COUNTRIES, key=lambda c: c.name.casefold()):
            self.addItem(f"{c.name} ({c.code})", c.code)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        lineedit = self.lineEdit()
        assert lineedit is not None  # editable
        lineedit.setPlaceholderText("Type a country name or code")
        self.currentIndexChanged.connect(lambda _i: self.country_changed.emit(self.code))
        lineedit.editingFinished.connect(self._on_editing_finished)
        self.setCurrentIndex(0 if allow_none else -1)

    @property
    def code(self) -> str:
        """The alpha-2 code the text names, or ""."""
        text = self.currentText().strip()
        if not text or text == self._none:
            return ""
        i = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if i >= 0:
            return str(self.itemData(i) or "")
        try:
            return country(text).code
        except UnknownCountry:
            return ""

    @property
    def is_valid(self) -> bool:
        """True when the text names a country, or is empty / "none" where that is allowed."""
        text = self.currentText().strip()
        if not text or text == self._none:
            return bool(self._none)
        return bool(self.code)

    def set_code(self, code: str) -> None:
        i = self.findData(code.strip().upper()) if code else -1
        if i < 0 and self._none:
            i = 0
        self.setCurrentIndex(i)
        if i < 0:
            self.setEditText("")

    def _on_editing_finished(self) -> None:
        """A typed code or exact name ("at", "AUT", "austria") snaps to its entry."""
        code = self.code
        if code:
            i = self.findData(code)
            if i >= 0 and i != self.currentIndex():
                self.setCurrentIndex(i)
            elif i >= 0:
                self.setEditText(self.itemText(i))
