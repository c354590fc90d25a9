"""Which content staff should see now, and that content loaded (Qt-free, light: no search engine import).

The app (through `handbook.clinic`) and the CLI choose and load the active content here, the same way.
"""

from __future__ import annotations

import datetime as dt
import logging

from handbook.publish.state import (
    ActiveContent,
    LoadedContent,
    bundled_content,
    load_content,
    nothing_installed,
)

log = logging.getLogger("handbook")


def choose_active() -> ActiveContent:
    """The newest installed update pack that verifies and is newer than the bundled content, else the
    bundled content. The pack is verified here, once; `warning` says when one had to be refused.
    """
    if nothing_installed():  # the common case, and the fast one: no verifier, no cryptography
        return bundled_content()
    from handbook.publish.install import active_content

    return active_content()


def load_active(today: dt.date | None = None) -> LoadedContent:
    """Choose the active content and load it (revoked documents hidden)."""
    return load_content(choose_active(), today)


def describe(active: ActiveContent, edition: str) -> str:
    """One line naming the content used: `edition 2026.1 (bundled)` or `edition 2026.2 (update 2026.2)`."""
    source = f"update {active.pack_version}" if active.pack_version else "bundled"
    return f"edition {edition} ({source})"
