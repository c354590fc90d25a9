"""Every filesystem location the handbook uses, resolved in one place.

Bundled resources (content, prebuilt index, fonts) live next to the package, or in PyInstaller's
`sys._MEIPASS` when frozen; they may be read-only. Everything the app writes goes to per-user folders
from platformdirs, each overridable by an environment variable (tests, portable installs).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "clinic-handbook"
DATA_DIR_ENV = "HANDBOOK_DATA_DIR"
CONFIG_DIR_ENV = "HANDBOOK_CONFIG_DIR"
CACHE_DIR_ENV = "HANDBOOK_CACHE_DIR"
CONTENT_DIR_ENV = "HANDBOOK_CONTENT_DIR"


def bundle_root() -> Path:
    """Folder holding the shipped `content/`, `resources/` and prebuilt index.

    Frozen: PyInstaller's unpack folder (`_internal/` in PyInstaller 6, hence `_MEIPASS`, not the
    executable's folder). From source: the repository root, one level above the package.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def bundled_content_dir() -> Path:
    """The content folder the app shows unless an installed update or an override replaces it."""
    override = os.environ.get(CONTENT_DIR_ENV)
    return Path(override) if override else bundle_root() / "content"


def bundled_index_dir() -> Path:
    """The search index built at package time (may be absent when running from source)."""
    return bundle_root() / "index"


def resources_dir() -> Path:
    """Fonts, icons and stylesheets shipped with the package."""
    return Path(__file__).resolve().parent / "resources"


def _user_dir(env_name: str, default: str) -> Path:
    override = os.environ.get(env_name)
    return Path(override) if override else Path(default)


def user_data_dir() -> Path:
    """Acknowledgements, installed update packs, bookmarks: data the user would miss if lost."""
    return _user_dir(DATA_DIR_ENV, platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_config_dir() -> Path:
    """Settings (only non-default values)."""
    return _user_dir(CONFIG_DIR_ENV, platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_cache_dir() -> Path:
    """Disposable files: the search index rebuilt when the bundled one is missing or stale."""
    return _user_dir(CACHE_DIR_ENV, platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def cache_index_dir() -> Path:
    """Where a rebuilt search index lives."""
    return user_cache_dir() / "index"
