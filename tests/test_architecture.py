"""Architecture rules import-linter cannot see: no import indirection, no store opened by a widget."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = sorted([*ROOT.joinpath("handbook").rglob("*.py"), *ROOT.joinpath("search").rglob("*.py")])


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def test_no_importlib_indirection():
    """Every import is a plain import statement (import-linter and the type checker follow those only)."""
    found = []
    for path in PRODUCT:
        for node in ast.walk(_tree(path)):
            is_call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name)
            name = (
                (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id) if is_call else ""
            )
            if name in ("import_module", "__import__"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.FunctionDef) and node.name == "__getattr__" and node.col_offset == 0:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} module __getattr__")
    assert found == []


def test_widgets_never_open_stores():
    """Settings, bookmarks, records and the session board come from the clinic core, not from a widget."""
    opening = (
        "load_settings",
        "settings import save_settings",
        "RecordStore.open",
        "SessionBoard.open",
        "Bookmarks()",
    )
    found = []
    for path in sorted(ROOT.joinpath("handbook", "ui").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(ROOT)}: {call}" for call in opening if call in text]
    assert found == []
