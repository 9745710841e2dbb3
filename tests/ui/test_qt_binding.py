"""The Qt binding must carry Python objects through signals without corrupting them.

PySide6 6.12.0 released references it did not own on every emission of a `Signal(object)`
on Python 3.11, and the interpreter aborted after a few thousand signals; pyproject pins it
out. This test fails (or aborts) on such a binding.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    carried = Signal(object)


def test_signals_carrying_python_objects_keep_their_reference_counts(qapp: object) -> None:
    emitter = Emitter()
    received: list[object] = []
    emitter.carried.connect(received.append)
    payload = ["a", "list"]
    before = sys.getrefcount(payload), sys.getrefcount(True)
    for _ in range(200):
        emitter.carried.emit(payload)
        emitter.carried.emit(True)
    received.clear()
    assert (sys.getrefcount(payload), sys.getrefcount(True)) == before
