"""What an import did, told once at its end: added, already there, and each failure's reason."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from app.core.types import ImportFailure, ImportReport

LISTED = 25  # a folder of 300 PDFs should not make a dialog taller than the screen


def needs_password(failure: ImportFailure) -> bool:
    return failure.needs_password


def summary_html(report: ImportReport) -> str:
    parts = [
        f"<p><b>{len(report.added)}</b> stud{'y' if len(report.added) == 1 else 'ies'} added "
        f"({report.pages} pages)."
    ]
    if report.cancelled:
        parts.append("<p>The import was cancelled; the studies listed were added.</p>")
    if report.stopped:
        parts.append(
            f"<p>The import stopped: {escape(report.stopped)} "
            "The studies counted above were saved.</p>"
        )
    if report.duplicates:
        parts.append(f"<p>{len(report.duplicates)} already in the project, skipped.</p>")
    if report.failures:
        items = "".join(
            f"<li><b>{escape(Path(f.path).name)}</b>: {escape(f.reason)}</li>"
            for f in report.failures[:LISTED]
        )
        more = len(report.failures) - LISTED
        if more > 0:
            items += f"<li>… and {more} more (see the details)</li>"
        parts.append(f"<p>{len(report.failures)} could not be imported:</p><ul>{items}</ul>")
        if any(needs_password(f) for f in report.failures):
            parts.append("<p>For a protected PDF, click <b>Enter password…</b> below.</p>")
    undrawn = [s for s in report.added if s.drawing_problem]
    if undrawn:
        names = ", ".join(escape(s.name) for s in undrawn[:LISTED])
        parts.append(
            f"<p>Imported from their text only, their pages cannot be drawn: {names}. "
            "They show blank; their text can still be searched and coded.</p>"
        )
    scans = [s for s in report.added if s.pages_without_text]
    if scans:
        names = ", ".join(escape(s.name) for s in scans[:LISTED])
        parts.append(f"<p>Without a text layer on some pages (code those by region): {names}</p>")
    return "".join(parts)


def password_prompt(paths: list[str]) -> str:
    """What the password prompt asks, naming the protected file (or files)."""
    names = [Path(p).name for p in paths]
    if len(names) == 1:
        return f"Password for {names[0]}:"
    shown = ", ".join(names[:LISTED]) + (" …" if len(names) > LISTED else "")
    return f"Password for {shown} (tried on each of these {len(names)} files):"


def show_summary(
    report: ImportReport,
    parent: QWidget | None,
    retry_with_password: Callable[[list[str], str], None],
) -> QMessageBox:
    """Opens the summary without blocking; offers a password for the encrypted files."""
    box = QMessageBox(parent)
    box.setObjectName("importSummary")
    box.setWindowTitle("Import finished")
    box.setIcon(QMessageBox.Icon.Warning if report.failures else QMessageBox.Icon.Information)
    box.setText(summary_html(report))
    if report.failures:
        box.setDetailedText("\n".join(f"{f.path}: {f.reason}" for f in report.failures))
    locked = [f.path for f in report.failures if needs_password(f)]
    password_button = None
    if locked:
        password_button = box.addButton("Enter password…", QMessageBox.ButtonRole.ActionRole)
    ok = box.addButton(QMessageBox.StandardButton.Ok)
    box.setEscapeButton(ok)  # with a second button, QMessageBox would not pick one itself

    def clicked(button: object) -> None:
        if password_button is not None and button is password_button:
            password, ok = QInputDialog.getText(
                parent, "Password", password_prompt(locked), QLineEdit.EchoMode.Password
            )
            if ok and password:
                retry_with_password(locked, password)

    box.buttonClicked.connect(clicked)
    box.open()
    return box
