"""Qt-free publishing: signed update packs (build, verify, install, roll back), version history, redline.

`state.py` says what is installed and loads the active content (light: no `cryptography`); `install.py`
verifies, installs and rolls back packs; the rest is reached through the CLI (`keygen`, `pack ...`) or the
UI dialogs. No re-exports: each module is imported by name, so `handbook lint` never loads the verifier.
"""
