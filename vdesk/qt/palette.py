"""The reader's colours from the window's palette, so that dark mode is dark."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from .page import ReaderStyle


def reader_style(palette: QPalette, family: str, px: int) -> ReaderStyle:
    """Reader colours from the palette, so dark mode is dark."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    dark = base.lightness() < 128
    link = palette.color(QPalette.ColorRole.Link)
    if dark and link.lightness() < 110:
        link = QColor("#8ab4f8")
    return ReaderStyle(
        font_family=family,
        font_px=px,
        text=text.name(),
        background=base.name(),
        muted=_mix(text, base, 0.62).name(),
        link=link.name(),
        focus=_mix(palette.color(QPalette.ColorRole.Highlight), base, 0.2).name(),
        match="#e2b93b" if dark else "#ffd966",
        rule=_mix(text, base, 0.25).name(),
    )


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """``t`` of ``a`` over ``1 - t`` of ``b``."""
    return QColor(
        round(a.red() * t + b.red() * (1 - t)),
        round(a.green() * t + b.green() * (1 - t)),
        round(a.blue() * t + b.blue() * (1 - t)),
    )
