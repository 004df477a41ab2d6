"""Every QAction of the window, registered in one place: id, text, shortcut, icon,
tooltip naming the shortcut, accessible name and where it goes in the menus.

The window's own actions are :data:`SPECS`; a feature registers its own with
:meth:`ActionRegistry.register` (an :class:`ActionSpec` and the slot to run), or
hands in an action Qt made for it (the undo stack's, a dock's toggle) with
``action=``. Menus are made from :data:`MENUS` when the registry is bound to
the window; an action is appended to its spec's menu (after a separator when
``separator`` is set, in front of action ``before`` when given). Actions shown
in the reader's context menu are added with :meth:`ActionRegistry.add_context_action`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

from ..data_files import resources_dir

ICON_DIR = resources_dir() / "icons"
SK = QKeySequence.StandardKey

#: The menus of the menu bar, in order: key -> title.
MENUS: tuple[tuple[str, str], ...] = (
    ("file", "&File"),
    ("edit", "&Edit"),
    ("view", "&View"),
    ("go", "&Go"),
    ("notes", "&Notes"),
    ("help", "&Help"),
)


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One action: ``shortcuts`` are standard keys (preferred) or key strings;
    ``menu`` is a key of :data:`MENUS` (None: in no menu); ``separator`` puts a
    separator in front of it there; ``before`` names an action id to insert in
    front of instead of appending; ``enabled`` is its state when made."""

    id: str
    text: str
    shortcuts: tuple[QKeySequence.StandardKey | str, ...] = ()
    icon: str | None = None
    tip: str = ""
    menu: str | None = None
    separator: bool = False
    before: str | None = None
    enabled: bool = True

    @property
    def name(self) -> str:
        """The text without its mnemonic and ellipsis: "Go to Citation"."""
        return self.text.replace("&", "").rstrip("…").strip()


SPECS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "preferences", "&Preferences…", (SK.Preferences,), None, "Reader font and size", "file"
    ),
    ActionSpec("quit", "&Quit", (SK.Quit, "Ctrl+Q"), None, "Quit vdesk", "file", separator=True),
    ActionSpec("undo", "&Undo", (SK.Undo,), None, "Undo the last change to your notes", "edit"),
    ActionSpec("redo", "&Redo", (SK.Redo,), None, "Redo what was undone", "edit"),
    ActionSpec(
        "copy_citation",
        "Copy with &Citation",
        ("Ctrl+Shift+C",),
        "copy-citation",
        "Copy the selection or paragraph with its UN citation",
        "edit",
        separator=True,
    ),
    ActionSpec(
        "find", "&Find in Page…", (SK.Find,), None, "Find text in the page", "edit", separator=True
    ),
    ActionSpec("find_next", "Find &Next", (SK.FindNext,), None, "Next hit", "edit"),
    ActionSpec("find_previous", "Find Pre&vious", (SK.FindPrevious,), None, "Previous hit", "edit"),
    ActionSpec("zoom_in", "Zoom &In", (SK.ZoomIn, "Ctrl+="), "zoom-in", "Larger text", "view"),
    ActionSpec("zoom_out", "Zoom &Out", (SK.ZoomOut,), "zoom-out", "Smaller text", "view"),
    ActionSpec("zoom_reset", "&Actual Size", ("Ctrl+0",), None, "Text at its normal size", "view"),
    ActionSpec(
        "focus_tree", "Contents", ("Ctrl+1",), None, "Move to the contents", "view", separator=True
    ),
    ActionSpec("focus_reader", "Reader", ("Ctrl+2",), None, "Move to the reader", "view"),
    ActionSpec("back", "&Back", (SK.Back, "Alt+Left"), "go-back", "Go back", "go"),
    ActionSpec("forward", "&Forward", (SK.Forward, "Alt+Right"), "go-forward", "Go forward", "go"),
    ActionSpec(
        "goto",
        "&Go to Citation…",
        ("Ctrl+L",),
        "go-to-citation",
        "Go to a citation such as VD 7 (d)",
        "go",
        separator=True,
    ),
    ActionSpec(
        "previous_paragraph",
        "&Previous Paragraph",
        ("Alt+Up",),
        "previous-paragraph",
        "Previous paragraph",
        "go",
    ),
    ActionSpec(
        "next_paragraph", "&Next Paragraph", ("Alt+Down",), "next-paragraph", "Next paragraph", "go"
    ),
    ActionSpec(
        "search",
        "&Search…",
        ("Ctrl+Shift+F",),
        "search",
        "Search the documents",
        "go",
        separator=True,
    ),
    ActionSpec("about", "&About vdesk", (), None, "", "help"),
)


def icon(name: str) -> QIcon:
    path = ICON_DIR / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


def key_sequences(shortcuts: tuple[QKeySequence.StandardKey | str, ...]) -> list[QKeySequence]:
    """The platform's bindings of each standard key, then the strings; no repeats."""
    keys: list[QKeySequence] = []
    for s in shortcuts:
        seqs = (
            QKeySequence.keyBindings(s)
            if isinstance(s, QKeySequence.StandardKey)
            else [QKeySequence(s)]
        )
        for seq in seqs:
            if not seq.isEmpty() and seq not in keys:
                keys.append(seq)
    return keys


class ActionRegistry:
    """The actions of one window by id, its menus by key and the reader's context
    menu entries. Bind it to the window (:meth:`bind`) before registering: actions
    are added to the window, so their shortcuts work wherever the focus is."""

    def __init__(self) -> None:
        self._actions: dict[str, QAction] = {}
        self._specs: dict[str, ActionSpec] = {}
        self._menus: dict[str, QMenu] = {}
        self._context: list[QAction] = []
        self._host: QWidget | None = None

    def bind(self, host: QWidget, menu_bar: QMenuBar) -> None:
        """Make the menus of :data:`MENUS` on ``menu_bar``; actions go on ``host``."""
        self._host = host
        for key, title in MENUS:
            menu = menu_bar.addMenu(title)
            menu.setObjectName(f"menu_{key}")
            self._menus[key] = menu
        self._menus["notes"].menuAction().setVisible(False)  # shown with its first action

    def register(
        self,
        spec: ActionSpec,
        slot: Callable[[], object] | None = None,
        *,
        action: QAction | None = None,
    ) -> QAction:
        """Make (or, with ``action``, dress) the action of ``spec``, place it in its
        menu and connect ``triggered`` to ``slot``; the id must be new."""
        if self._host is None:
            raise RuntimeError("bind the registry to the window first")
        if spec.id in self._actions:
            raise ValueError(f"action {spec.id!r} is registered twice")
        act = action if action is not None else QAction(spec.text, self._host)
        act.setText(spec.text)
        act.setObjectName(f"action_{spec.id}")
        keys = key_sequences(spec.shortcuts)
        act.setShortcuts(keys)
        if spec.icon:
            act.setIcon(icon(spec.icon))
        shortcut = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        tip = spec.tip or spec.name
        act.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        act.setStatusTip(tip)
        act.setWhatsThis(tip)
        act.setEnabled(spec.enabled)
        self._host.addAction(act)
        self._actions[spec.id] = act
        self._specs[spec.id] = spec
        if spec.menu is not None:
            self._place(spec)
        if slot is not None:
            act.triggered.connect(slot)
        return act

    def _place(self, spec: ActionSpec) -> None:
        assert spec.menu is not None
        menu = self.menu(spec.menu)
        anchor = self._actions.get(spec.before) if spec.before else None
        if spec.separator and menu.actions():
            sep = QAction(menu)
            sep.setSeparator(True)
            if anchor is not None:
                menu.insertAction(anchor, sep)
            else:
                menu.addAction(sep)
        act = self._actions[spec.id]
        if anchor is not None:
            menu.insertAction(anchor, act)
        else:
            menu.addAction(act)
        menu.menuAction().setVisible(True)

    # --- looking up --------------------------------------------------------------
    def __getitem__(self, action_id: str) -> QAction:
        return self._actions[action_id]

    def __contains__(self, action_id: object) -> bool:
        return action_id in self._actions

    def __iter__(self) -> Iterator[str]:
        return iter(self._actions)

    def get(self, action_id: str) -> QAction | None:
        return self._actions.get(action_id)

    def spec(self, action_id: str) -> ActionSpec:
        return self._specs[action_id]

    def menu(self, key: str) -> QMenu:
        """A menu of :data:`MENUS` by key ("file", "edit", "view", "go", "notes", "help")."""
        return self._menus[key]

    @property
    def menus(self) -> dict[str, QMenu]:
        return dict(self._menus)

    def add_to_toolbar(self, bar: QToolBar, *action_ids: str | None) -> None:
        """Put actions (None: a separator) on ``bar``; each button gets the
        action's name as its accessible name."""
        for action_id in action_ids:
            if action_id is None:
                bar.addSeparator()
                continue
            act = self._actions[action_id]
            bar.addAction(act)
            button = bar.widgetForAction(act)
            if button is not None:
                button.setAccessibleName(self._specs[action_id].name)

    def place(self, menu_key: str, *actions: QAction | None, before: str | None = None) -> None:
        """Add actions made elsewhere (None: a separator) to a menu, in front of
        action ``before`` or at the end; ids of registered ones are kept."""
        menu = self.menu(menu_key)
        anchor = self._actions.get(before) if before else None
        for act in actions:
            if act is None:
                act = QAction(menu)
                act.setSeparator(True)
            elif act.objectName().startswith("action_"):
                self._actions.setdefault(act.objectName()[len("action_") :], act)
            if anchor is not None:
                menu.insertAction(anchor, act)
            else:
                menu.addAction(act)
        menu.menuAction().setVisible(True)

    def set_enabled(self, enabled: bool, *action_ids: str) -> None:
        for action_id in action_ids:
            self._actions[action_id].setEnabled(enabled)

    # --- the reader's context menu -----------------------------------------------
    def add_context_action(self, action_id: str) -> None:
        """Offer a registered action in the reader's context menu (in call order)."""
        act = self._actions[action_id]
        if act not in self._context:
            self._context.append(act)

    def context_actions(self) -> list[QAction]:
        return list(self._context)
