"""Window size, position and dock layout, remembered per window through the settings, with
the splitters and column widths inside it."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

from app.ui.settings import Settings, part_state, window_geometry, window_state


class PreserveGeometry:
    """Mix into a QMainWindow; call `restore_geometry` once built, `save_geometry` on close."""

    geometry_name = "main"

    def restore_geometry(self, settings: Settings) -> bool:
        window = self._window()
        geometry = settings.get(window_geometry(self.geometry_name))
        state = settings.get(window_state(self.geometry_name))
        restored = not geometry.isEmpty() and window.restoreGeometry(geometry)
        if not state.isEmpty():
            window.restoreState(state)
        for name, part in self.remembered_parts().items():
            kept = settings.get(part_state(self.geometry_name, name))
            if not kept.isEmpty():
                part.restoreState(kept)
        return restored

    def save_geometry(self, settings: Settings) -> None:
        window = self._window()
        settings.set(window_geometry(self.geometry_name), window.saveGeometry())
        settings.set(window_state(self.geometry_name), window.saveState())
        for name, part in self.remembered_parts().items():
            settings.set(part_state(self.geometry_name, name), part.saveState())
        settings.sync()

    def remembered_parts(self) -> dict[str, QHeaderView | QSplitter]:
        """Splitters and headers inside the window to remember too, by name."""
        return {}

    def _window(self) -> QMainWindow:
        assert isinstance(self, QMainWindow)
        return self
