"""`python -m app` runs the `habitus` command; the packaged `habitus-gui` opens the window."""

import multiprocessing
import sys
from pathlib import Path

from app.cli import main

if __name__ == "__main__":
    # A frozen app must let its import worker processes start through this entry point.
    multiprocessing.freeze_support()
    args = sys.argv[1:]
    if "gui" in Path(sys.executable if getattr(sys, "frozen", False) else sys.argv[0]).stem:
        args = ["gui", *args]
    sys.exit(main(args))
