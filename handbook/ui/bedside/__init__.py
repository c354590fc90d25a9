"""Bedside tools (F3): session timers, the threshold check and the dose calculator."""
