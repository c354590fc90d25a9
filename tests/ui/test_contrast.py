"""Contrast: every text/ground pair the app draws meets WCAG AA in day and night (4.5:1, 3:1 large)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from handbook.ui import theme

pytestmark = pytest.mark.gui


def test_contrast_ratio_reference_values():
    """The ratio formula gives WCAG's reference values."""
    assert theme.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert theme.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("night", [False, True], ids=["day", "night"])
def test_contrast_every_pair_meets_aa(qapp, night):
    """Computed from the theme's palette: no pair below 4.5:1 (3:1 for large text or marks)."""
    palette = theme.window_palette(QApplication.instance(), night)
    failures = [
        f"{what}: {fg} on {bg} = {theme.contrast_ratio(fg, bg):.2f}"
        for what, fg, bg, large in theme.text_pairs(night, palette)
        if theme.contrast_ratio(fg, bg) < (3.0 if large else 4.5)
    ]
    assert failures == []
