"""The content staff should see now, loaded and validated (Qt-free, and light: no search engine import)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from handbook import paths
from handbook.library.catalog import Library
from handbook.library.model import Problem
from handbook.library.snapshot import load_validated
from handbook.publish.state import ActiveContent, bundled_content, nothing_installed


@dataclass(frozen=True, slots=True)
class LoadedHandbook:
    """What the app shows: the active content (bundled or an installed update), validated."""

    active: ActiveContent
    library: Library
    problems: tuple[Problem, ...]


def load_active(today: dt.date | None = None) -> LoadedHandbook:
    """Load the newest verified update pack, else the bundled content; revoked documents are hidden.

    `active.warning` says when an installed pack had to be refused.
    """
    if nothing_installed():  # the common case, and the fast one: no verifier, no cryptography
        bundled = bundled_content()
        library, problems = load_validated(
            bundled.content_dir, today or dt.date.today(), paths.user_cache_dir()
        )
        return LoadedHandbook(bundled, library, tuple(problems))
    from handbook.library.loader import load_library
    from handbook.publish.changes import problems_without
    from handbook.publish.install import active_content

    active = active_content()
    loaded = load_library(active.content_dir)
    library, problems = problems_without(
        loaded.library, loaded.problems, active.revoked, today or dt.date.today()
    )
    return LoadedHandbook(active, library, tuple(problems))
