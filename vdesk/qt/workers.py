"""Background work: ``Worker(QRunnable)`` reporting through ``WorkerSignals``.

Workers never touch widgets; results and errors come back by signal, queued to
the thread that owns the receiver. ``cancel()`` sets a flag the job polls.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int, str], None]


class WorkerSignals(QObject):
    """Signals: ``progressed(done, total, label)``, ``finished(result)``, ``failed(message)``,
    ``cancelled()``."""

    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class Cancelled(Exception):
    """Raised by a job that noticed ``is_cancelled()``."""


class Worker(QRunnable):
    """Runs ``job(progress, is_cancelled)`` in a thread pool."""

    def __init__(self, job: Callable[[ProgressFn, Callable[[], bool]], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = WorkerSignals()
        self._job = job
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self._job(self.signals.progressed.emit, self.is_cancelled)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:
            if self.is_cancelled():
                self.signals.cancelled.emit()
                return
            log.exception("background job failed")
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.signals.finished.emit(result)
