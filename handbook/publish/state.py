"""Where installed packs are recorded, and what the app shows: light to import (no cryptography).

Start-up asks `nothing_installed()` first; only when a pack is installed does it load the verifier.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from handbook import paths
from handbook.errors import UpdateError
from handbook.library.catalog import Library
from handbook.library.model import Problem
from handbook.library.snapshot import load_validated

PACKS_DIR = "packs"
STATE_FILE = "current.json"


@dataclass(frozen=True, slots=True)
class ActiveContent:
    """What the app shows: a content folder, its prebuilt index (None: build or find one), the ids of
    revoked documents to hide, and the installed pack's version (None: the bundled content).

    `warning` is non-empty when an installed pack was refused at start-up; the app must show it.
    """

    content_dir: Path
    index_dir: Path | None
    revoked: frozenset[str]
    pack_version: str | None
    warning: str = ""


@dataclass(frozen=True, slots=True)
class InstallState:
    """Which installed pack is active and which one a rollback returns to (None: bundled content).

    `highest` is the highest pack version ever installed here: kept across rollbacks, it is the floor
    below which no later import may go (a rollback may go back; an import of an older pack may not).
    """

    current: str | None = None
    previous: str | None = None
    highest: str | None = None


def packs_dir() -> Path:
    """Where installed packs live."""
    return paths.user_data_dir() / PACKS_DIR


def bundled_content() -> ActiveContent:
    """The content shipped with the app and its prebuilt index (None when it was not built)."""
    index = paths.bundled_index_dir()
    return ActiveContent(paths.bundled_content_dir(), index if index.is_dir() else None, frozenset(), None)


def nothing_installed() -> bool:
    """True when no update pack was ever installed on this workstation (the bundled content is shown)."""
    return not (packs_dir() / STATE_FILE).exists()


@dataclass(frozen=True, slots=True)
class LoadedContent:
    """Active content loaded for staff: its library (revoked documents hidden) and its problems."""

    active: ActiveContent
    library: Library
    problems: tuple[Problem, ...]


def load_content(
    active: ActiveContent, today: dt.date | None = None, cache_dir: Path | None = None
) -> LoadedContent:
    """Load active content, bundled or installed, the one way: the validated snapshot of its folder
    (keyed on file stats and the day), then revoked documents hidden and what pointed at them reported.

    Verifying an installed pack is not done here: whoever chose `active` verified it once.
    """
    when = today or dt.date.today()
    library, problems = load_validated(active.content_dir, when, cache_dir or paths.user_cache_dir())
    if active.revoked:
        from handbook.publish.changes import problems_without

        library, problems = problems_without(library, problems, active.revoked, when)
    return LoadedContent(active, library, tuple(problems))


def read_json_object(path: Path, what: str) -> dict[str, object] | None:
    """One of this workstation's small JSON records (install state, key rotation): None when there is
    none; an UpdateError naming `what` when it is unreadable or not a JSON object (never a crash).
    """
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UpdateError(f"{what} is unreadable: {exc}", path) from exc
    if not isinstance(raw, dict):
        raise UpdateError(f"{what} is not a JSON object", path)
    return raw
