"""The emergency cards, one key (F2) from anywhere."""
