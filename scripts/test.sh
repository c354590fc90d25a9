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
echo "== architecture (layers, Qt-free core, Whoosh only in search/) and types"
.venv/bin/lint-imports
.venv/bin/mypy  # strict on the Qt-free packages, the ui package checked; settings in pyproject.toml
.venv/bin/python -m handbook lint content --strict

echo "== tests"
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest

echo "== package"
# The X11 client libraries Qt's xcb platform plugin links against. They are not needed to build or
# for the offscreen self-test, but PyInstaller only bundles what is installed: with them the bundle
# also runs on workstations that lack libxcb-cursor0 & co. (strip comes from binutils, installed above.)
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
    libxcb-render-util0 libxcb-shape0 >/dev/null
fi
# Builds build/.work/staging/index -> dist/clinic-handbook/ -> dist/clinic-handbook-<version>-linux-x86_64.tar.gz,
# unpacks the archive into build/.work/smoke/ and runs the frozen `handbook --self-test` there offscreen
# (fails if the bundled index is missing/stale, a step fails, or the run writes into the install folder).
QT_QPA_PLATFORM=offscreen timeout 900 .venv/bin/python build/build.py
