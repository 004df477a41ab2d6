"""Regenerate the annotation screenshots: the real window at 1280x800 over a fresh
notes store with a few annotations a delegate might make.

    xvfb-run -s "-screen 0 1280x800x24" \
        python docs/screenshots/make_annotation_screenshots.py [BASEDIR]

Dialogs and tooltips are windows of their own; each is painted over the main
window where it would appear, so one picture shows what the user sees.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPixmap, QTextCursor
from PySide6.QtWidgets import QApplication, QWidget
from shots import open_session, settle

from vdesk.notes.anchoring import anchor_quote, make_anchor
from vdesk.qt.dialogs.annotate import AnnotateDialog, text_map
from vdesk.qt.features.annotations import AnnotationsFeature
from vdesk.store.notes.sqlite import SqliteNotesStore

SECTION = "plans-of-action/annex/chp_I/sec_A"
P2 = f"{SECTION}/para_2"


def over(window: QWidget, *layers: tuple[QWidget, QPoint | None]) -> QPixmap:
    """The window with each layer painted at its place (None: centred)."""
    base = window.grab()
    painter = QPainter(base)
    for widget, at in layers:
        pix = widget.grab()
        if at is None:
            at = QPoint((base.width() - pix.width()) // 2, (base.height() - pix.height()) // 2)
        painter.fillRect(at.x() + 4, at.y() + 4, pix.width(), pix.height(), QColor(0, 0, 0, 60))
        painter.drawPixmap(at, pix)
        painter.setPen(QColor("#8a8a8a"))
        painter.drawRect(at.x(), at.y(), pix.width() - 1, pix.height() - 1)
    painter.end()
    return base


def populate(notes: SqliteNotesStore, corpus) -> None:  # type: ignore[no-untyped-def]
    def text(node: str) -> str:
        return corpus.node(node).text

    def quote(node: str, words: str, **kw: object) -> None:
        notes.add_annotation(anchor_quote(node, text(node), words), **kw)  # type: ignore[arg-type]

    quote(
        P2,
        "as soon as possible",
        colour="yellow",
        comment="Agreed wording from the 2000 Declaration; keep as is.",
        tags=["ratification"],
    )
    quote(
        P2,
        "Each State will set priorities",
        colour="blue",
        comment="Who sets them at national level? Ask the **ministry of justice**.",
        tags=["follow-up"],
    )
    quote(
        f"{P2}/subpara_a",
        "investigative powers",
        colour="red",
        comment="Goes beyond our criminal procedure code:\n\n- needs a court order\n"
        "- check data-protection rules",
        tags=["legislation", "priority"],
        sensitivity="confidential",
    )
    quote(
        f"{P2}/subpara_c",
        "training programmes",
        colour="green",
        comment="We can offer the judicial academy's programme.",
        tags=["capacity-building"],
        sensitivity="shareable",
    )
    notes.add_annotation(
        make_anchor(f"{P2}/subpara_d", text(f"{P2}/subpara_d")),
        colour="purple",
        comment="Raise at the intersessional meeting.",
        tags=["follow-up"],
    )
    quote(
        "vienna-declaration/annex/para_7",
        "we shall endeavour",
        colour="yellow",
        comment="Standard formula.",
        tags=["ratification"],
    )
    notes.add_national_note(
        f"{P2}/subpara_a", country="AT", status="in_progress", text="Draft bill in parliament."
    )


def main() -> int:
    session = open_session(fill=populate)
    app, window, repo, notes = session.app, session.window, session.repo, session.notes
    feature = window.findChild(AnnotationsFeature)
    assert feature is not None
    save = session.save

    # the annotate dialog over a selection
    sub_b = f"{P2}/subpara_b"
    window.open_node(sub_b)
    tm = text_map(window.reader, sub_b)
    assert tm is not None
    words = "strengthening of crime prevention and criminal justice systems"
    row = repo.node(sub_b)
    assert row is not None
    start = row.text.index(words)
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(tm.position_of(start))
    cursor.setPosition(
        tm.position_of(start + len(words), end=True), QTextCursor.MoveMode.KeepAnchor
    )
    window.reader.setTextCursor(cursor)
    settle(app)

    def fill_dialog() -> None:
        dlg = next(
            w for w in app.topLevelWidgets() if isinstance(w, AnnotateDialog) and w.isVisible()
        )
        dlg.colour_combo.setCurrentIndex(dlg.colour_combo.findData("green"))
        dlg.comment_edit.setPlainText(
            "**Supports** our national strategy (2024–2028).\n\n"
            "- align with the *justice reform* bill\n- report at the next session"
        )
        dlg.tags_edit.setText("strategy, capacity-building")
        dlg.update_preview()
        settle(app)
        save("annotate-dialog", over(window, (dlg, None)))
        dlg.reject()

    QTimer.singleShot(300, fill_dialog)
    feature.annotate()

    # highlights in the reader and a comment on hover
    window.open_node(P2)
    window.reader.verticalScrollBar().setValue(0)
    settle(app)
    marks = feature.marks
    assert marks is not None
    red = next(m for m in marks.marks if m.annotation.colour == "red")
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(red.start + 4)
    bar = window.reader.verticalScrollBar()
    bar.setValue(bar.value() + window.reader.cursorRect(cursor).top() - 240)
    settle(app)
    point = window.reader.cursorRect(cursor).center()
    viewport = window.reader.viewport()
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    )
    settle(app)
    tips = [w for w in app.topLevelWidgets() if w.inherits("QLabel") and w.isVisible()]
    layers = [(t, window.mapFromGlobal(t.pos())) for t in tips]
    save("reader-highlights-tooltip", over(window, *layers))
    for t in tips:
        t.hide()

    # the annotations panel
    feature.dock.show()
    window.resizeDocks([feature.dock], [300], Qt.Orientation.Vertical)
    settle(app)
    assert feature.panel is not None
    feature.panel.select_id(feature.panel.model.ids[2])
    settle(app)
    save("annotations-panel")
    feature.dock.hide()

    # annotations needing review after the documents changed
    items = notes.filter_annotations()
    powers = next(a for a in items if a.anchor.quote == "investigative powers")
    notes.mark_for_review(
        powers.id,
        "the quote was not found in the new text",
        ("investigative powers, criminal procedures", powers.node_id, 68, 109, 0.71),
    )
    formula = next(a for a in items if a.anchor.quote == "we shall endeavour")
    notes.mark_for_review(formula.id, "no similar text", ("", "", 0, 0, 0.0))
    feature.show_review()
    settle(app)
    assert feature.review_dialog is not None
    save("annotations-review", over(window, (feature.review_dialog, None)))
    feature.review_dialog.hide()

    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
