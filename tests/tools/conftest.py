"""Content trees carrying the values the bedside tools read, with any value changed or removed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from handbook.library.loader import load_library
from handbook.library.model import Value
from tests.conftest import ContentBuilder
from tests.tools.content import build_tool_content

ValuesBuilder = Callable[..., dict[str, Value]]
ContentWithValues = Callable[..., Path]


@pytest.fixture
def tool_content(make_content: ContentBuilder) -> ContentWithValues:
    """The four SOPs with the standard values; keywords change (number) or drop (None) a value."""
    return lambda **changes: build_tool_content(make_content, **changes)


@pytest.fixture
def tool_values(tool_content: ContentWithValues) -> ValuesBuilder:
    """Like tool_content, but returns the loaded `library.values`."""

    def build(**changes: float | None) -> dict[str, Value]:
        library = load_library(tool_content(**changes)).library
        assert len(library) == 4, "test content must load"
        return library.values

    return build


@pytest.fixture
def values(tool_values: ValuesBuilder) -> dict[str, Value]:
    """The standard values, loaded from a content tree."""
    return tool_values()
