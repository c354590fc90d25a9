"""Draw the application icon with Qt and write it as PNG (Linux, window icon), ICO (Windows), ICNS (macOS).

Run once when the design changes (`python build/make_icon.py`); the outputs are committed in
handbook/resources/icons/ so a build needs no image tools.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

ICONS = Path(__file__).resolve().parent.parent / "handbook" / "resources" / "icons"


def draw(size: int) -> QImage:
    """A teal rounded square with a white open book and a teal plus sign: a clinic's handbook.

    The plus is not red: a red cross on white is a protected emblem.
    """
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#176b73"))
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 48 * s, 48 * s)
    # Open book: two pages meeting at the spine.
    p.setBrush(QColor("#ffffff"))
    for sign in (-1, 1):
        page = QPainterPath(QPointF(128 * s, 92 * s))
        page.cubicTo(
            QPointF(128 * s + sign * 30 * s, 74 * s),
            QPointF(128 * s + sign * 70 * s, 74 * s),
            QPointF(128 * s + sign * 92 * s, 84 * s),
        )
        page.lineTo(QPointF(128 * s + sign * 92 * s, 196 * s))
        page.cubicTo(
            QPointF(128 * s + sign * 70 * s, 186 * s),
            QPointF(128 * s + sign * 30 * s, 186 * s),
            QPointF(128 * s, 204 * s),
        )
        page.closeSubpath()
        p.drawPath(page)
    p.setPen(QPen(QColor("#176b73"), 6 * s))
    p.drawLine(QPointF(128 * s, 94 * s), QPointF(128 * s, 200 * s))
    # Plus sign on the right page.
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#176b73"))
    p.drawRect(QRectF(170 * s, 112 * s, 14 * s, 44 * s))
    p.drawRect(QRectF(155 * s, 127 * s, 44 * s, 14 * s))
    p.end()
    return image


def main() -> int:
    """Write handbook.png (256 px), handbook.ico and handbook.icns."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(sys.argv)
    ICONS.mkdir(parents=True, exist_ok=True)
    image = draw(256)
    ok = image.save(str(ICONS / "handbook.png"))
    ok &= image.save(str(ICONS / "handbook.ico"), "ICO")
    ok &= image.save(str(ICONS / "handbook.icns"), "ICNS")
    print("written" if ok else "some formats failed", ICONS)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
