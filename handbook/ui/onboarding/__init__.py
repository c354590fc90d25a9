"""My reading (F4): reading paths, read-and-acknowledge, knowledge checks and the director's report."""
