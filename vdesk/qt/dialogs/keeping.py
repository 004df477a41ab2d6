"""What every note-editing dialog does so that typed text is never lost.

:class:`KeepsTyping` is mixed into a :class:`~PySide6.QtWidgets.QDialog`:

- Save runs the dialog's saver (:meth:`set_saver`) before the dialog closes; when
  the write fails (the database locked, the disk full …) the dialog stays open with
  everything as typed and says why under the fields;
- Escape, Cancel and the window's close button ask "Discard your changes?"
  (Discard / Keep editing) when anything was typed or changed; with no change the
  dialog closes at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

#: The saver: writes the dialog's values; "" when saved, else why not (shown inline).
Saver = Callable[[], str]


class KeepsTyping:
    """Mix into a QDialog before it: ``class D(KeepsTyping, QDialog)``; call
    :meth:`_keep` at the end of ``__init__``, and :meth:`_state` must give what the
    user can change."""

    _saver: Saver | None = None
    _saved = False
    _start: object = None
    #: the inline message under the fields (each dialog makes its own)
    error_label: QLabel

    def _keep(self) -> None:
        """Remember the fields as they are now: what counts as unchanged."""
        self._start = self._state()

    def _state(self) -> object:
        raise NotImplementedError

    def is_changed(self) -> bool:
        """Whether the user typed or changed anything since the dialog opened."""
        return self._state() != self._start

    def set_saver(self, saver: Saver | None) -> None:
        self._saver = saver

    @property
    def saved(self) -> bool:
        return self._saved

    def save(self) -> str:
        """Write through the saver (once): "" when saved (or nothing to do), else why
        not — shown under the fields, which stay as typed."""
        if self._saved or self._saver is None:
            return ""
        problem = self._saver()
        if problem:
            self._show_error(problem)
            return problem
        self._saved = True
        return ""

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _accept_saving(self) -> None:
        """Save, then close; a failed save keeps the dialog open."""
        if self.save():
            return
        QDialog.accept(self)  # type: ignore[arg-type]

    def reject(self) -> None:
        """Escape, Cancel and the close button: ask before typed text is discarded."""
        if self.is_changed() and not self._saved and not self.ask_discard():
            return
        QDialog.reject(self)  # type: ignore[arg-type]

    def ask_discard(self) -> bool:
        """ "Discard your changes?": True for Discard, False for Keep editing."""
        box = QMessageBox(self)  # type: ignore[call-overload]
        box.setObjectName("discardQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Discard your changes?")
        box.setText("Discard your changes?")
        box.setInformativeText("What you typed in this dialog has not been saved.")
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        chosen = box.clickedButton() is discard
        box.deleteLater()
        return chosen
