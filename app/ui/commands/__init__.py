"""Undo commands: each one user edit, acting on `core` only, never on a widget."""
