"""Background jobs report by signal: result, failure or cancellation."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThreadPool

from vdesk.qt.workers import Cancelled, Worker


def test_worker_reports_progress_and_result(qtbot):
    def job(progress, cancelled):
        progress(1, 2, "Reading")
        progress(2, 2, "Done")
        return 42

    worker = Worker(job)
    seen = []
    worker.signals.progressed.connect(lambda d, t, label: seen.append((d, t, label)))
    with qtbot.waitSignal(worker.signals.finished, timeout=5000) as blocker:
        QThreadPool.globalInstance().start(worker)
    assert blocker.args == [42]
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen == [(1, 2, "Reading"), (2, 2, "Done")]


def test_worker_reports_failure_with_the_reason(qtbot):
    def job(progress, cancelled):
        raise OSError("No space left on device")

    worker = Worker(job)
    with qtbot.waitSignal(worker.signals.failed, timeout=5000) as blocker:
        QThreadPool.globalInstance().start(worker)
    assert blocker.args == ["OSError: No space left on device"]


def test_cancel_is_polled_by_the_job(qtbot):
    started = threading.Event()

    def job(progress, cancelled):
        started.set()
        while not cancelled():
            threading.Event().wait(0.005)
        raise Cancelled()

    worker = Worker(job)
    with qtbot.waitSignal(worker.signals.cancelled, timeout=5000):
        QThreadPool.globalInstance().start(worker)
        assert started.wait(5)
        worker.cancel()
    assert worker.is_cancelled()
