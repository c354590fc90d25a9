"""Qt-free publishing: signed update packs (build, verify, install, roll back), version history, redline.

The app calls `active_content()` at start-up to learn which content folder, search index and revoked
documents to use; everything else is reached through the CLI (`keygen`, `pack ...`) or the UI dialogs.

Names below are imported on first use, so `handbook.cli` can register the publishing commands without
loading `cryptography` for `handbook lint`.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "ActiveContent": "install",
    "InstallResult": "install",
    "active_content": "install",
    "active_library": "install",
    "install_pack": "install",
    "revoked_ids": "install",
    "rollback": "install",
    "ChangeSummary": "changes",
    "DocChange": "changes",
    "changes_between": "changes",
    "without_documents": "changes",
    "VersionList": "history",
    "document_versions": "history",
    "due_for_review": "history",
    "redline": "redline",
    "redline_html": "redline",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the named export is
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'handbook.publish' has no attribute {name!r}")
    return getattr(importlib.import_module(f"handbook.publish.{module}"), name)
