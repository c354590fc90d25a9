"""Screenshots of the director's desk for the README, on a copy of the bundled content.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/desk_screenshots.py docs/images
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HANDBOOK_DATA_DIR", tempfile.mkdtemp(prefix="handbook-desk-shots-"))
os.environ.setdefault("HANDBOOK_CONFIG_DIR", os.environ["HANDBOOK_DATA_DIR"] + "/config")
os.environ.setdefault("HANDBOOK_CACHE_DIR", os.environ["HANDBOOK_DATA_DIR"] + "/cache")

from PySide6.QtWidgets import QApplication  # noqa: E402

from handbook import paths  # noqa: E402
from handbook.ui import fonts  # noqa: E402
from handbook.ui.director.desk_window import DirectorDesk  # noqa: E402


def settle(app: QApplication, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    fonts.register_fonts()
    content = Path(tempfile.mkdtemp(prefix="handbook-desk-content-")) / "content"
    shutil.copytree(paths.bundled_content_dir(), content)
    desk = DirectorDesk(content)
    desk.resize(1366, 800)
    desk.show()
    while desk.preview.library is None:
        settle(app, 0.1)
    desk.approver.setText("Dr A. Example")
    desk.show_document("CARD-HTN-001")
    settle(app)
    desk.grab().save(str(out / "desk-review.png"))
    desk.left.setCurrentIndex(1)
    settle(app)
    desk.grab().save(str(out / "desk-values.png"))
    print(f"wrote {out / 'desk-review.png'} and {out / 'desk-values.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images")))
