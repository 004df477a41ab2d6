"""Answering the "Discard your changes?" question of the note dialogs as a user would."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


def answer_discard(choice: str, asked: list[str] | None = None) -> None:
    """When the question comes up, note its text in ``asked`` and click ``choice``
    ("Discard" or "Keep editing")."""

    tries = [300]  # 3 s at most: a test that expected a question fails, never hangs

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != "discardQuestion":
            tries[0] -= 1
            if tries[0] > 0:
                QTimer.singleShot(10, click)
            return
        if asked is not None:
            asked.append(f"{box.text()} {box.informativeText()}")
        [button] = [b for b in box.buttons() if b.text() == choice]
        button.click()

    QTimer.singleShot(0, click)
