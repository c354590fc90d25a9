#!/usr/bin/env bash
# Set up a fresh machine for the tests and run every check CI runs: lint, architecture, content, tests.
# Installs the system libraries headless Qt needs when run as root on Debian/Ubuntu.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libglib2.0-0 libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 binutils >/dev/null
fi
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[dev]"

echo "== lint"
.venv/bin/ruff format --check .
.venv/bin/ruff check .
.venv/bin/lint-imports
.venv/bin/python -m handbook lint content --strict

echo "== tests"
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest
