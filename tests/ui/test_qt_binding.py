"""The Qt binding must carry Python objects through signals without corrupting them.

PySide6 6.12.0 released references it did not own on every emission of a `Signal(object)`
on Python 3.11, and the interpreter aborted after a few thousand signals; pyproject pins it
out. This test fails (or aborts) on such a binding.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    carried = Signal(object)


def test_signals_carrying_python_objects_keep_their_reference_counts(qapp: object) -> None:
    emitter = Emitter()
    received: list[object] = []
    emitter.carried.connect(received.append)
    payload = ["a", "list"]
    before, true_before = sys.getrefcount(payload), sys.getrefcount(True)
    for _ in range(300):
        emitter.carried.emit(payload)
        emitter.carried.emit(True)
    received.clear()
    assert sys.getrefcount(payload) == before
    # Other threads may hold or drop a few references to True meanwhile; a faulty binding
    # drops one per emission.
    assert sys.getrefcount(True) > true_before - 100


def test_a_change_made_on_a_worker_thread_reaches_listeners_on_the_gui_thread(
    qtbot: object, context: object
) -> None:
    import threading

    from PySide6.QtCore import QThread

    from app.core.project import Change

    seen: list[bool] = []
    context.changed.connect(  # type: ignore[attr-defined]
        lambda change: seen.append(QThread.currentThread() is context.thread())  # type: ignore[attr-defined]
    )
    worker = threading.Thread(
        target=lambda: context._relay(Change(frozenset({"studies"})))  # type: ignore[attr-defined]
    )
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(seen))  # type: ignore[attr-defined]
    assert seen == [True]


def test_pooled_tasks_and_event_processing_keep_none_alive(qapp: object) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent, QRunnable, QThreadPool

    class Task(QRunnable):
        def run(self) -> None:
            pass

    pool = QThreadPool()
    # What earlier tests left behind (widgets waiting to be deleted, garbage in reference
    # cycles) lets go of thousands of Nones when it goes: gone first, the collector held
    # off meanwhile.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(None)
        for _ in range(300):
            pool.start(Task())
        pool.waitForDone()
        for _ in range(300):
            QCoreApplication.processEvents()
        after = sys.getrefcount(None)
    finally:
        gc.enable()
    assert after >= before - 5
