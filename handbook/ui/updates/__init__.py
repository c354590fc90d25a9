"""Installing signed updates: from a file, or offered from the clinic's shared updates folder."""
