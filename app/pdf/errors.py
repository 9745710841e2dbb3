"""Errors the PDF layer raises. str() of each is a short reason fit to show a user."""

from __future__ import annotations


class PdfError(Exception):
    """A PDF could not be opened or a page could not be read."""


class PasswordRequired(PdfError):
    def __init__(self, reason: str = "password required") -> None:
        super().__init__(reason)


class WrongPassword(PdfError):
    def __init__(self, reason: str = "wrong password") -> None:
        super().__init__(reason)


class NotAPdf(PdfError):
    """Zero bytes, or no %PDF header: the file is something else."""

    def __init__(self, reason: str = "not a PDF file") -> None:
        super().__init__(reason)


class DamagedPdf(PdfError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"damaged PDF: {detail}")
        self.detail = detail
