"""Files in and out: spreadsheets, REFI-QDA codebooks and projects, references."""
