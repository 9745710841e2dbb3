"""Workspace speed and memory: opening a study to its first page drawn, and the memory the
window holds with the corpus's 155-page report open and scrolled through.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/workspace.py

Corpus: ../shared/corpus (journal articles and large_who_hcv_guideline.pdf). Times are wall
clock from `show_study` to the view's `firstPageDrawn`, each study opened cold (a fresh
project, so no page image or word box is cached).
"""

from __future__ import annotations

import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import corpus_files
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from app.core.project import Project
from app.ui.context import AppContext
from app.ui.pageview.view import PageView


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def wait_for(signal: object, timeout_ms: int = 10_000) -> bool:
    loop = QEventLoop()
    fired = []

    def done() -> None:
        fired.append(True)
        loop.quit()

    signal.connect(done)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(done)  # type: ignore[attr-defined]
    return bool(fired)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    articles = corpus_files(("acad_*.pdf",))
    large = corpus_files(("large_*.pdf",))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.habitus"
        with Project.create(path) as project:
            project.import_pdfs([*articles, *large])
        context = AppContext()
        context.open(Project.open(path))
        view = PageView(context)
        view.resize(1100, 900)
        view.show()
        app.processEvents()
        baseline = rss_mb()
        project = context.require()
        timings: list[tuple[str, float]] = []
        for study in project.studies.list():
            started = time.perf_counter()
            view.show_study(study.id)
            drawn = wait_for(view.firstPageDrawn)
            elapsed = 1000 * (time.perf_counter() - started)
            timings.append((study.name, elapsed if drawn else float("nan")))
        print("Open a study to its first page drawn (cold, fit width, 1100x900 view):")
        for name, ms in timings:
            print(f"  {name:36} {ms:7.1f} ms")
        article_times = [ms for name, ms in timings if name.startswith("acad_")]
        print(
            f"  journal articles: median {statistics.median(article_times):.1f} ms, "
            f"max {max(article_times):.1f} ms"
        )

        report = next(s for s in project.studies.list() if s.name.startswith("large_"))
        view.show_study(report.id)
        wait_for(view.firstPageDrawn)
        peak = rss_mb()
        started = time.perf_counter()
        for page in range(report.page_count):
            view.go_to_page(page)
            app.processEvents()
        scroll_s = time.perf_counter() - started
        deadline = time.perf_counter() + 3
        while time.perf_counter() < deadline:
            app.processEvents()
            peak = max(peak, rss_mb())
        print(
            f"155-page report: went through every page in {scroll_s:.2f} s "
            f"({report.page_count / scroll_s:.0f} page jumps/s on the UI thread)"
        )
        print(
            f"Memory: {baseline:.0f} MB before, {peak:.0f} MB peak with the report open "
            f"and paged through, {rss_mb():.0f} MB after"
        )
        context.close()


if __name__ == "__main__":
    main()
