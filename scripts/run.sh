#!/usr/bin/env bash
# Set up the handbook from source and start it on the bundled content.
# Installs the system libraries Qt needs on a Debian/Ubuntu desktop when run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libglib2.0-0 libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libxkbcommon-x11-0 \
    libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 >/dev/null
fi
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
# The validated library as plain JSON beside content/ (as the installed bundle ships it): a start then skips
# YAML and validation. Keyed by a SHA-256 of the content, so after an edit it is ignored until rewritten.
.venv/bin/python -m handbook.library.snapshot content library-snapshot.json
exec .venv/bin/python -m handbook "$@"
