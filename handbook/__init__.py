"""The clinic handbook: an offline reference of a ketamine-infusion clinic's SOPs."""

__version__ = "0.1.0"
