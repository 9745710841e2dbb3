"""A long job's progress dialog: the words and the count it shows are those of the latest
report, however fast the reports come."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.ui.window.jobs import Job


def test_reports_queued_behind_each_other_leave_the_latest_on_show(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    job = Job(parent, "Importing", lambda _report, _cancelled: None)
    # Once it has shown itself, a modal progress dialog handles the events queued behind
    # the one being handled inside setValue.
    job.dialog.setMinimumDuration(0)
    qtbot.waitUntil(job.dialog.isVisible)
    signals = job.worker.signals
    # Emitted from another thread, so that all three wait in the queue together.
    sender = threading.Thread(
        target=lambda: [
            signals.progress.emit((done, 3000, f"{done} of 3000")) for done in (1000, 2000, 3000)
        ]
    )
    sender.start()
    sender.join()
    QCoreApplication.processEvents()
    shown: Any = (job.dialog.labelText(), job.dialog.value())
    assert shown == ("3000 of 3000…", 3000)
    job.dialog.close()
