"""Asking for the signing key's passphrase on a terminal (the desk asks in a dialog instead).

`HANDBOOK_KEY_PASSPHRASE` answers without a prompt, for scripted builds; it is read, never stored.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from handbook.errors import UpdateError
from handbook.publish.private_key import check_passphrase

PASSPHRASE_ENV = "HANDBOOK_KEY_PASSPHRASE"


def _need_terminal() -> None:
    """Refuse to prompt without a terminal: getpass would read the passphrase from a pipe, with echo."""
    if not (sys.stdin is not None and sys.stdin.isatty()):
        raise UpdateError(f"a passphrase is needed: type it in a terminal or set {PASSPHRASE_ENV}")


def ask_passphrase(key_path: Path) -> str:
    """The passphrase of an existing key: from the environment, else typed without echo."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given is not None:
        return given
    _need_terminal()
    try:
        return getpass.getpass(f"Passphrase for {key_path}: ")
    except (EOFError, KeyboardInterrupt) as exc:
        raise UpdateError("no passphrase given", key_path) from exc


def ask_new_passphrase() -> str:
    """A new passphrase, typed twice (or from the environment); UpdateError when short or different."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given is not None:
        check_passphrase(given)
        return given
    _need_terminal()
    try:
        first = getpass.getpass("New passphrase for the signing key: ")
        check_passphrase(first)
        if getpass.getpass("Type it again: ") != first:
            raise UpdateError("the two passphrases differ; no key written")
    except (EOFError, KeyboardInterrupt) as exc:
        raise UpdateError("no passphrase given") from exc
    return first
