"""The pieces the main window is assembled from: docks, bars, dialogs, controllers."""
