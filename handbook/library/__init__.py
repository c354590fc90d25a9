"""Qt-free library: SOP files in `content/` become a validated, typed `Library`."""
