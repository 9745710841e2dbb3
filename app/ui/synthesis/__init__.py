"""Synthesis across studies in the window: passage browser, search all, Table 1,
co-occurrence and charts."""

from app.ui.synthesis.docks import SynthesisDocks

__all__ = ["SynthesisDocks"]
