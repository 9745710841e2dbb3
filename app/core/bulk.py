"""Work over tens of thousands of rows at once (an export, an import)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many small objects are made.

    Rows, cells and passages hold no reference cycles, so reference counting frees them
    all the same; the collector would only walk the growing heap again and again, which
    makes a 50,000-passage export several times slower than a 10,000-passage one.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
