"""Typed settings (with migrations) and the reader's history."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from vdesk.qt.history import History
from vdesk.qt.settings import VERSION, Settings


def test_defaults_and_round_trip(paths):
    s = Settings(paths.settings_file)
    assert s.version == VERSION
    assert (s.last_node, s.font_family, s.font_size, s.zoom, s.splitter_sizes) == (
        "",
        "",
        13,
        0,
        [],
    )
    s.last_node = "vienna-declaration/annex/para_7/subpara_d"
    s.font_size = 15
    s.zoom = 99  # clamped
    s.splitter_sizes = [380, 900]
    s.geometry = QByteArray(b"\x01\x02")
    s.sync()
    again = Settings(paths.settings_file)
    assert again.last_node == "vienna-declaration/annex/para_7/subpara_d"
    assert again.font_size == 15
    assert again.zoom == 10
    assert again.splitter_sizes == [380, 900]
    assert bytes(again.geometry.data()) == b"\x01\x02"
    assert paths.settings_file.is_file()


def test_version_1_file_is_migrated(paths):
    paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
    raw = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    raw.setValue("reader/font", "DejaVu Serif,14")
    raw.setValue("reader/last_node", "plans-of-action/annex/chp_I")
    raw.sync()
    del raw
    s = Settings(paths.settings_file)
    assert s.version == 2
    assert s.font_family == "DejaVu Serif"
    assert s.font_size == 14
    assert s.last_node == "plans-of-action/annex/chp_I"
    s.sync()
    assert "font=" not in paths.settings_file.read_text()


def test_garbage_values_fall_back_to_defaults(paths):
    s = Settings(paths.settings_file)
    raw = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    raw.setValue("reader/font_size", "large")
    raw.setValue("window/splitter", "a,b")
    raw.sync()
    assert s.font_size == 13
    assert s.splitter_sizes == []


def test_history_back_forward_and_truncation():
    h = History()
    assert h.back() is None and h.current is None
    for node in ("a", "b", "b", "c"):
        h.visit(node)
    assert h.current == "c"
    assert h.back() == "b"
    assert h.back() == "a"
    assert not h.can_go_back()
    assert h.forward() == "b"
    h.visit("d")  # drops "c"
    assert not h.can_go_forward()
    assert h.back() == "b"
    assert h.forward() == "d"


def test_history_limit():
    h = History(limit=3)
    for node in "abcde":
        h.visit(node)
    assert [h.current, h.back(), h.back(), h.back()] == ["e", "d", "c", None]
