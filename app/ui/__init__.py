"""The Qt skin over `core`: windows, panels, item models, undo commands, workers."""
