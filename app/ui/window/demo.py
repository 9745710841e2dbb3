"""The demo project, built into the user's data folder the first time it is asked for."""

from __future__ import annotations

from pathlib import Path


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("Habitus", appauthor=False))


def demo_project(data_dir: Path | None = None) -> Path:
    folder = (data_dir or default_data_dir()) / "demo"
    path = folder / "demo.habitus"
    if not path.exists():
        from app.core.demo import build_demo

        return build_demo(folder)
    return path
