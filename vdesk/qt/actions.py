"""Every QAction of the main window, made in one place: id, text, shortcut, icon, tooltip."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QWidget

from ..data_files import resources_dir

ICON_DIR = resources_dir() / "icons"
SK = QKeySequence.StandardKey


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: str
    text: str
    shortcuts: tuple[QKeySequence.StandardKey | str, ...] = ()
    icon: str | None = None
    tip: str = ""


SPECS: tuple[ActionSpec, ...] = (
    ActionSpec("back", "&Back", (SK.Back, "Alt+Left"), "go-back", "Go back"),
    ActionSpec("forward", "&Forward", (SK.Forward, "Alt+Right"), "go-forward", "Go forward"),
    ActionSpec(
        "goto",
        "&Go to Citation…",
        ("Ctrl+L",),
        "go-to-citation",
        "Go to a citation such as VD 7 (d)",
    ),
    ActionSpec(
        "next_paragraph", "&Next Paragraph", ("Alt+Down",), "next-paragraph", "Next paragraph"
    ),
    ActionSpec(
        "previous_paragraph",
        "&Previous Paragraph",
        ("Alt+Up",),
        "previous-paragraph",
        "Previous paragraph",
    ),
    ActionSpec("search", "&Search…", ("Ctrl+Shift+F",), "search", "Search the documents"),
    ActionSpec("find", "&Find in Page…", (SK.Find,), None, "Find text in the page"),
    ActionSpec("find_next", "Find &Next", (SK.FindNext,), None, "Next hit"),
    ActionSpec("find_previous", "Find Pre&vious", (SK.FindPrevious,), None, "Previous hit"),
    ActionSpec(
        "copy_citation",
        "Copy with &Citation",
        ("Ctrl+Shift+C",),
        "copy-citation",
        "Copy the selection or paragraph with its UN citation",
    ),
    ActionSpec("zoom_in", "Zoom &In", (SK.ZoomIn, "Ctrl+="), "zoom-in", "Larger text"),
    ActionSpec("zoom_out", "Zoom &Out", (SK.ZoomOut,), "zoom-out", "Smaller text"),
    ActionSpec("zoom_reset", "&Actual Size", ("Ctrl+0",), None, "Text at its normal size"),
    ActionSpec("focus_tree", "Contents", ("Ctrl+1",), None, "Move to the contents"),
    ActionSpec("focus_reader", "Reader", ("Ctrl+2",), None, "Move to the reader"),
    ActionSpec("preferences", "&Preferences…", (SK.Preferences,), None, "Reader font and size"),
    ActionSpec("about", "&About vdesk", (), None, ""),
    ActionSpec("quit", "&Quit", (SK.Quit, "Ctrl+Q"), None, "Quit vdesk"),
)


def icon(name: str) -> QIcon:
    path = ICON_DIR / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


def make_actions(parent: QWidget) -> dict[str, QAction]:
    """The actions, keyed by id, parented to ``parent`` (shortcuts work window-wide)."""
    actions: dict[str, QAction] = {}
    for spec in SPECS:
        act = QAction(spec.text, parent)
        act.setObjectName(f"action_{spec.id}")
        keys: list[QKeySequence] = []
        for s in spec.shortcuts:
            seqs = (
                QKeySequence.keyBindings(s)
                if isinstance(s, QKeySequence.StandardKey)
                else [QKeySequence(s)]
            )
            for seq in seqs:
                if not seq.isEmpty() and seq not in keys:
                    keys.append(seq)
        act.setShortcuts(keys)
        if spec.icon:
            act.setIcon(icon(spec.icon))
        name = spec.text.replace("&", "").rstrip("…")
        shortcut = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        tip = spec.tip or name
        act.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        act.setStatusTip(tip)
        parent.addAction(act)
        actions[spec.id] = act
    return actions
