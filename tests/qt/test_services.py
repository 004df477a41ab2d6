"""The Services every Qt feature is given: the action registry (one place for id,
text, shortcut, tooltip, accessible name and menu), the change hub (one Changes
per user action, however many rows it wrote) and the window-facing calls."""

from __future__ import annotations

import os
import threading

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar

from vdesk.desk.changes import Changes
from vdesk.domain.notes import Change
from vdesk.notes.anchoring import anchor_quote
from vdesk.qt.actions import SK, ActionRegistry, ActionSpec
from vdesk.qt.features.annotations import AnnotationsFeature
from vdesk.qt.features.national_notes import NationalNotesFeature
from vdesk.qt.services import ChangeHub, Services, from_store
from vdesk.qt.settings import Settings

P2A = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"
P2B = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_b"
P2 = "plans-of-action/annex/chp_I/sec_A/para_2"
VD7 = "vienna-declaration/annex/para_7"


def native(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


@pytest.fixture
def registry(qtbot) -> ActionRegistry:  # type: ignore[no-untyped-def]
    host = QMainWindow()
    qtbot.addWidget(host)
    reg = ActionRegistry()
    reg.bind(host, host.menuBar())
    return reg


def test_an_action_is_registered_once_with_its_shortcut_tooltip_and_menu(registry) -> None:
    fired: list[str] = []
    act = registry.register(
        ActionSpec("find", "&Find in Page…", (SK.Find,), None, "Find text in the page", "edit"),
        lambda: fired.append("find"),
    )
    assert act.objectName() == "action_find"
    assert act.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert act.toolTip() == f"Find text in the page ({native('Ctrl+F')})"
    assert act.statusTip() == "Find text in the page"
    assert registry.spec("find").name == "Find in Page"
    assert registry.menu("edit").actions() == [act]
    act.trigger()
    assert fired == ["find"]
    assert registry["find"] is act and "find" in registry and list(registry) == ["find"]
    with pytest.raises(ValueError, match="registered twice"):
        registry.register(ActionSpec("find", "Again"))


def test_menu_placement_separators_and_before(registry) -> None:
    registry.register(ActionSpec("preferences", "&Preferences…", menu="file"))
    registry.register(ActionSpec("quit", "&Quit", menu="file", separator=True))
    registry.register(ActionSpec("export", "&Export…", ("Ctrl+E",), menu="file", before="preferences"))  # fmt: skip
    texts = [a.text() for a in registry.menu("file").actions()]
    assert texts == ["&Export…", "&Preferences…", "", "&Quit"]
    assert registry["export"].toolTip() == f"Export ({native('Ctrl+E')})"
    # the Notes menu stays hidden until something is placed in it
    assert not registry.menu("notes").menuAction().isVisible()
    registry.register(ActionSpec("annotate", "&Annotate…", menu="notes", separator=True))
    assert registry.menu("notes").menuAction().isVisible()
    assert [a.text() for a in registry.menu("notes").actions()] == ["&Annotate…"]


def test_context_actions_and_toolbar_names(registry) -> None:
    registry.register(ActionSpec("back", "&Back", (SK.Back,), "go-back", "Go back"))
    registry.register(ActionSpec("annotate", "&Annotate…", enabled=False))
    registry.add_context_action("annotate")
    registry.add_context_action("annotate")
    assert registry.context_actions() == [registry["annotate"]]
    assert not registry["annotate"].isEnabled()
    bar = QToolBar()
    registry.add_to_toolbar(bar, "back", None)
    button = bar.widgetForAction(registry["back"])
    assert button is not None and button.accessibleName() == "Back"
    assert [a.isSeparator() for a in bar.actions()] == [False, True]
    bar.deleteLater()


def test_registry_needs_the_window_first() -> None:
    with pytest.raises(RuntimeError, match="bind the registry"):
        ActionRegistry().register(ActionSpec("x", "X"))


def test_store_reports_become_changes() -> None:
    assert from_store(Change("added", "annotation", ("a1",), (P2A,))) == Changes(
        "added annotation", annotations=frozenset({"a1"}), node_ids=frozenset({P2A})
    )
    assert from_store(Change("deleted", "national_note", ("n1",), (P2,))) == Changes(
        "deleted national_note", national_notes=frozenset({"n1"}), node_ids=frozenset({P2})
    )
    assert from_store(Change("updated", "colour", ("red",))) == Changes(
        "updated colour", colours=True
    )
    many = from_store(Change("restored", "many", ("a1", "n1"), (P2A, P2)))
    assert many.everything and many.node_ids == {P2A, P2}


def test_one_action_is_one_changes_with_its_initiator(qtbot) -> None:
    hub = ChangeHub()
    seen: list[Changes] = []
    hub.changed.connect(seen.append)
    me = object()
    with hub.action("Delete 2 annotations", me):
        hub.publish(Changes("deleted annotation", annotations=frozenset({"a"}), node_ids=frozenset({P2A})))  # fmt: skip
        with hub.action("inner"):  # nested: still the outer action
            hub.publish(Changes("deleted annotation", annotations=frozenset({"b"}), node_ids=frozenset({VD7})))  # fmt: skip
        hub.publish(Changes("set colour", colours=True))
        assert seen == []
    assert seen == [
        Changes(
            "Delete 2 annotations",
            me,
            annotations=frozenset({"a", "b"}),
            node_ids=frozenset({P2A, VD7}),
            colours=True,
        )
    ]
    with qtbot.assertNotEmitted(hub.changed):
        with hub.action("nothing"):
            hub.publish(Changes("empty"))
        hub.publish(Changes("empty"))
    with qtbot.waitSignal(hub.changed) as blocker:
        hub.publish(Changes("outside", national_notes=frozenset({"n"})))
    assert blocker.args == [Changes("outside", national_notes=frozenset({"n"}))]
    hub.deleteLater()


def test_an_action_that_fails_half_way_still_shows_what_was_written(qtbot) -> None:
    hub = ChangeHub()
    seen: list[Changes] = []
    hub.changed.connect(seen.append)
    with pytest.raises(KeyError), hub.action("Delete", "me"):
        hub.publish(Changes("deleted annotation", annotations=frozenset({"a"})))
        raise KeyError("b")
    assert [(c.action, c.initiator, c.annotations) for c in seen] == [
        ("Delete", "me", frozenset({"a"}))
    ]
    hub.deleteLater()


def test_the_desk_and_the_store_feed_the_hub_a_worker_queued(qtbot, paths, notes, corpus_repo):
    from vdesk.desk import Desk

    desk = Desk.from_parts(paths, corpus_repo, notes=notes)
    hub = ChangeHub()
    hub.listen_to_desk(desk)
    hub.listen_to_store(notes)
    seen: list[tuple[Changes, bool]] = []
    hub.changed.connect(lambda c: seen.append((c, threading.current_thread() is main)))
    main = threading.current_thread()
    desk.broadcast(Changes("Import bundle", "import", everything=True))
    assert seen == [(Changes("Import bundle", "import", everything=True), True)]
    worker = threading.Thread(target=lambda: notes.set_colour("red", "Urgent"))
    worker.start()
    worker.join()
    assert len(seen) == 1  # queued: delivered by the event loop, in the GUI thread
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=2000)
    assert seen[1] == (Changes("updated colour", colours=True), True)
    hub.deleteLater()
    qtbot.wait(1)
    desk.broadcast(Changes("after", everything=True))  # a gone hub is not called
    assert len(seen) == 2


def test_the_desk_record_replaces_the_store_reports_it_covers(qtbot, paths, notes, corpus_repo):
    """An undo through the desk restores in bulk (the store says "many"); the
    desk's exact record is what the views get, with what else the action wrote."""
    from vdesk.desk import Desk

    desk = Desk.from_parts(paths, corpus_repo, notes=notes)
    hub = ChangeHub()
    hub.listen_to_desk(desk)
    hub.listen_to_store(notes)
    seen: list[Changes] = []
    hub.changed.connect(seen.append)
    a = notes.add_annotation(anchor_quote(P2A, corpus_repo.node(P2A).text, "investigative powers"))
    seen.clear()
    with hub.action("Undo delete annotation", "undo"):
        notes.restore_many([a])  # reported as "many"
        desk.broadcast(Changes("Restore", annotations=frozenset({a.id}), node_ids=frozenset({P2A})))  # fmt: skip
        n = notes.add_national_note(P2, country="AT", status="implemented")  # not covered
        notes.set_colour("red", "Urgent")  # not covered either
    assert seen == [
        Changes(
            "Undo delete annotation",
            "undo",
            annotations=frozenset({a.id}),
            national_notes=frozenset({n.id}),
            node_ids=frozenset({P2A, P2}),
            colours=True,
        )
    ]
    hub.deleteLater()


def test_services_before_and_after_the_desk(qtbot, paths, corpus_repo, searcher, notes) -> None:
    from vdesk.desk import Desk
    from vdesk.qt.main_window import MainWindow

    services = Services(Settings(paths.settings_file), paths)
    window = MainWindow(services)
    qtbot.addWidget(window)
    assert services.parent() is window and services.desk is None
    assert services.corpus is None and services.notes is None and not window.is_attached
    assert not services.actions["goto"].isEnabled()
    with qtbot.waitSignal(services.corpus_attached):
        services.attach_desk(Desk.from_parts(paths, corpus_repo, searcher))
    assert services.corpus is corpus_repo and services.searcher is searcher
    assert services.actions["goto"].isEnabled() and window.tree_model is not None
    with qtbot.waitSignals([services.notes_attached, window.notes_attached]):
        window.attach_notes(notes)
    assert services.notes is notes and window.notes is notes
    with qtbot.waitSignal(services.current_node_changed) as blocker:
        assert services.show_node(P2A)
    assert blocker.args == [P2A] and services.current_node() == P2A
    services.show_status("Saved.", 1000)
    assert window.statusBar().currentMessage() == "Saved."
    assert services.window() is window and services.reader is window.reader
    assert services.menu("notes") is window.menus["notes"]
    assert window.findChild(AnnotationsFeature).services is services  # type: ignore[union-attr]
    assert window.findChild(NationalNotesFeature).services is services  # type: ignore[union-attr]
    names = [a.objectName() for a in window.reader.context_actions]
    assert names == ["action_annotate", "action_edit_annotation", "action_delete_annotation", "action_add_national_note"]  # fmt: skip
    window.close()


def test_every_registered_action_names_its_shortcut(open_window, notes) -> None:
    win = open_window(notes, show=False)
    registry = win.services.actions
    for action_id in registry:
        act = registry[action_id]
        if act.isSeparator():
            continue
        keys = act.shortcuts()
        if keys:
            shortcut = keys[0].toString(QKeySequence.SequenceFormat.NativeText)
            assert act.toolTip().endswith(f"({shortcut})"), action_id
        assert act.objectName() == f"action_{action_id}"
    # standard keys where the platform has one
    assert registry["undo"].shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert registry["find"].shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert registry["annotate"].toolTip() == (
        f"Annotate the selection or paragraph ({native('Ctrl+Shift+A')})"
    )


def _populate(notes, corpus_repo) -> list[str]:  # type: ignore[no-untyped-def]
    def ann(node: str, quote: str) -> str:
        return notes.add_annotation(anchor_quote(node, corpus_repo.node(node).text, quote)).id

    return [
        ann(P2A, "investigative powers"),
        ann(P2B, "Building capacity"),
        ann(P2A, "criminal procedures"),
    ]


class Counter:
    """Counts the calls of one method of one object (and still makes them)."""

    def __init__(self, monkeypatch, obj, name: str) -> None:  # type: ignore[no-untyped-def]
        self.calls = 0
        real = getattr(obj, name)

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(obj, name, counted)


def test_deleting_three_annotations_refreshes_each_view_once(
    open_window, notes, corpus_repo, monkeypatch, qtbot
) -> None:
    ids = _populate(notes, corpus_repo)
    win = open_window(notes)
    win.open_node(P2A)
    feature = win.findChild(AnnotationsFeature)
    panel = feature.panel
    assert panel is not None and win.tree_model is not None
    assert len(feature.marks.marks) == 3
    panel_refresh = Counter(monkeypatch, panel, "refresh")
    panel_queries = Counter(monkeypatch, notes, "filter_annotations")
    tree = Counter(monkeypatch, win.tree_model, "set_marks")
    reader = Counter(monkeypatch, win.reader, "refresh")
    seen: list[Changes] = []
    win.services.changes.changed.connect(seen.append)

    panel.view.selectAll()
    panel.delete_button.click()

    assert notes.count() == (0, 0) and panel.model.ids == []
    assert (panel_refresh.calls, panel_queries.calls, tree.calls, reader.calls) == (1, 1, 1, 1)
    assert feature.marks.marks == []
    [changes] = seen
    assert changes.action == "Delete 3 annotations" and changes.initiator is panel
    assert changes.annotations == frozenset(ids) and changes.node_ids == {P2A, P2B}
    assert win.undo_stack.count() == 1 and win.undo_stack.undoText() == "Delete 3 annotations"

    win.undo_stack.undo()  # one step, one refresh each again
    assert sorted(a.id for a in notes.filter_annotations()) == sorted(ids)
    assert (panel_refresh.calls, tree.calls, reader.calls) == (2, 2, 2)
    assert seen[1].initiator == "undo" and seen[1].annotations == frozenset(ids)
    assert len(feature.marks.marks) == 3


def test_a_national_note_does_not_refresh_the_annotation_views(
    open_window, notes, corpus_repo, monkeypatch, qtbot
) -> None:
    win = open_window(notes)
    win.open_node(P2A)
    feature = win.findChild(AnnotationsFeature)
    panel_refresh = Counter(monkeypatch, feature.panel, "refresh")
    reader = Counter(monkeypatch, win.reader, "refresh")
    nn = win.findChild(NationalNotesFeature)
    hub = win.services.changes
    with qtbot.assertNotEmitted(feature.panel.model.modelReset), hub.action("Add note", nn):
        notes.add_national_note(P2A, country="AT", status="implemented")
    assert (panel_refresh.calls, reader.calls) == (0, 0)
    assert nn.panel.model.rowCount() == 1 and nn.panel.model.index(0, 0).data() == "Austria (AT)"


def test_review_decisions_update_the_review_list_without_asking_the_store(
    open_window, notes, corpus_repo, monkeypatch
) -> None:
    from vdesk.notes.anchoring import make_anchor

    a = notes.add_annotation(make_anchor(P2A, corpus_repo.node(P2A).text, 68, 88))
    b = notes.add_annotation(make_anchor(P2B, corpus_repo.node(P2B).text, 0, 17))
    notes.mark_for_review(a.id, "quote changed", ("", "", 0, 0, 0.0))
    notes.mark_for_review(b.id, "quote changed", ("", "", 0, 0, 0.0))
    win = open_window(notes)
    feature = win.findChild(AnnotationsFeature)
    feature.show_review()
    review = feature.review_panel
    assert review is not None and review.count == 2
    asked = Counter(monkeypatch, notes, "needs_review")
    review.list.setCurrentRow(0)
    review.keep_button.click()  # the review list started it: it drops the row itself
    assert review.count == 1 and asked.calls == 0
    win.undo_stack.undo()  # anyone else's change: the list asks the store again
    assert review.count == 2 and asked.calls == 1


def test_the_shell_and_its_services_load_no_desk_store_or_index(tmp_path) -> None:
    """Start-up paints the window before the corpus opens: making the Services and
    the window (every feature installed) imports neither the desk, SQLAlchemy,
    Whoosh nor the Markdown renderer."""
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path\n"
        "from vdesk.paths import AppPaths\n"
        "from vdesk.qt.app import make_application\n"
        "from vdesk.qt.main_window import MainWindow\n"
        "from vdesk.qt.services import Services\n"
        "from vdesk.qt.settings import Settings\n"
        "app = make_application([])\n"
        f"p = AppPaths.resolve(Path({str(tmp_path)!r}))\n"
        "w = MainWindow(Services(Settings(p.settings_file), p)); w.show(); app.processEvents()\n"
        "assert w.services.actions['annotate'] is not None\n"
        "print(sorted(m for m in ('sqlalchemy', 'whoosh', 'markdown', 'vdesk.desk', "
        "'vdesk.store.notes.sqlite') if m in sys.modules))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_a_window_made_on_an_attached_desk_opens_every_feature(
    qtbot, paths, corpus_repo, searcher, notes
) -> None:
    from vdesk.desk import Desk
    from vdesk.qt.main_window import MainWindow

    notes.add_annotation(anchor_quote(P2A, corpus_repo.node(P2A).text, "investigative powers"))
    services = Services(Settings(paths.settings_file), paths)
    services.attach_desk(Desk.from_parts(paths, corpus_repo, searcher, notes=notes))
    window = MainWindow(services)
    qtbot.addWidget(window)
    assert window.tree_model is not None and window.search_panel is not None
    assert window.search_panel.own_check.isEnabled()
    feature = window.findChild(AnnotationsFeature)
    assert feature is not None and feature.panel is not None
    assert feature.panel.model.rowCount() == 1 and feature.annotate_action.isEnabled()
    assert window.findChild(NationalNotesFeature).dashboard_action.isEnabled()  # type: ignore[union-attr]
    window.close()


def test_a_national_note_and_its_undo_refresh_the_panel_and_tree_once(
    open_window, notes, monkeypatch
) -> None:
    from vdesk.qt.undo import AddNationalNoteCommand

    win = open_window(notes)
    win.open_node(P2A)
    feature = win.findChild(NationalNotesFeature)
    assert feature is not None and win.tree_model is not None
    panel = Counter(monkeypatch, feature, "refresh")
    tree = Counter(monkeypatch, win.tree_model, "set_marks")
    seen: list[Changes] = []
    win.services.changes.changed.connect(seen.append)
    command = AddNationalNoteCommand(feature.desk, P2A, country="AT", status="implemented")
    assert feature.push(command) and command.value is not None
    assert (panel.calls, tree.calls) == (1, 1)
    [added] = seen
    assert added.initiator is feature and added.national_notes == {command.value.id}
    assert added.node_ids == {P2A} and not added.annotations
    win.undo_stack.undo()
    assert notes.national_notes() == [] and (panel.calls, tree.calls) == (2, 2)
    assert seen[1].initiator == "undo" and seen[1].national_notes == {command.value.id}


def test_features_never_import_the_main_window() -> None:
    """Features get the Services: no feature module imports the window (not even
    for type checking), so none can reach into its widgets."""
    import ast
    from pathlib import Path

    import vdesk.qt.features as features

    modules = sorted(Path(features.__file__).parent.glob("*.py"))
    assert [m.name for m in modules] == [
        "__init__.py",
        "annotations.py",
        "conflicts.py",
        "export.py",
        "national_notes.py",
        "review.py",
    ]
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or "", *(a.name for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            assert not any("main_window" in n or n == "MainWindow" for n in names), path.name
