"""The reader: documents in tabs, checklists, the browse tree, search results, history and printing."""
