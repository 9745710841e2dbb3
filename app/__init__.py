"""Habitus: qualitative evidence synthesis on the real PDF page."""

__version__ = "0.1.0"
APP_NAME = "Habitus"
