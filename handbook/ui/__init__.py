"""Widgets only: each module one screen or panel. Business logic lives in the Qt-free packages."""
