# Runtime hook: import workers of a frozen app start through the bundled executable.
import multiprocessing

multiprocessing.freeze_support()
