"""User settings: a dataclass saved as TOML, atomically, keeping only values that differ from defaults."""

from __future__ import annotations

import json
import logging
import tomllib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from handbook import paths
from handbook.errors import StorageError
from handbook.storage import set_aside, write_atomically

log = logging.getLogger("handbook")
SETTINGS_FILE = "settings.toml"


@dataclass(frozen=True, slots=True)
class Settings:
    """What a person changes about the app; nothing here ever identifies a patient."""

    zoom: int = 0  # reader zoom steps from the default size, -5..+10
    night_mode: bool = False
    window_geometry: str = ""  # Qt's saveGeometry(), base64
    window_state: str = ""  # Qt's saveState(), base64
    role: str = ""  # role whose documents the browse tree shows first
    updates_dir: str = ""  # shared folder the director publishes packs to (HANDBOOK_UPDATES_DIR wins)
    records_dir: str = ""  # shared folder for each workstation's records export (HANDBOOK_RECORDS_DIR wins)
    desk_content_dir: str = ""  # the content folder the director's desk edits

    def with_changes(self, **changes: Any) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)


def settings_path() -> Path:
    """Where settings live (HANDBOOK_CONFIG_DIR overrides the platform folder)."""
    return paths.user_config_dir() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> tuple[Settings, str]:
    """Settings from disk plus a warning ("" when none). Unreadable or invalid files give defaults.

    A broken file is kept beside as `settings.toml.corrupt-<UTC time>` so nothing the user had is lost.
    """
    path = path or settings_path()
    if not path.exists():
        return Settings(), ""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        try:
            kept = set_aside(path)
        except StorageError:
            kept = path
        return (
            Settings(),
            f"settings could not be read ({exc}); defaults are used, the old file is kept as {kept}",
        )
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        default = getattr(Settings(), key, None)
        if key in known and type(value) is type(default):
            values[key] = value
    return Settings(**values), ""


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value))  # a JSON string is a valid TOML basic string


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the non-default values atomically; raises StorageError naming the file on failure."""
    path = path or settings_path()
    defaults = asdict(Settings())
    lines = [
        f"{key} = {_toml_value(value)}" for key, value in asdict(settings).items() if value != defaults[key]
    ]
    write_atomically(path, "\n".join(lines) + ("\n" if lines else ""))
