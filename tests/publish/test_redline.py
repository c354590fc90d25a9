"""Word-level redline between two versions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from handbook.publish.redline import (
    DELETE,
    EQUAL,
    INSERT,
    Chunk,
    counts,
    redline,
    redline_html,
)
from tests.publish.conftest import new_text, old_text


def test_redline_changed_number_is_one_word():
    """A changed dose is the old number deleted and the new one inserted, the rest unchanged."""
    chunks = redline("Give 0.5 mg/kg over 40 minutes.", "Give 0.75 mg/kg over 40 minutes.")
    assert chunks == (
        Chunk(EQUAL, "Give "), Chunk(DELETE, "0.5"), Chunk(INSERT, "0.75"), Chunk(EQUAL, " mg/kg over 40 minutes.")
    )  # fmt: skip


def test_redline_insertion_and_deletion_of_words():
    """Words added and removed are marked as such; neighbouring words stay equal."""
    inserted = redline("Record BP every 15 minutes", "Record BP and HR every 15 minutes")
    assert [(c.op, c.text.strip()) for c in inserted] == [
        (EQUAL, "Record BP"), (INSERT, "and HR"), (EQUAL, "every 15 minutes")
    ]  # fmt: skip
    assert redline("one two three", "one three") == (
        Chunk(EQUAL, "one "), Chunk(DELETE, "two "), Chunk(EQUAL, "three")
    )  # fmt: skip


def test_redline_replaced_phrase_reads_as_one_replacement():
    """Two adjacent replaced words show as one deletion then one insertion, not interleaved."""
    assert redline("call the nurse now", "call a prescriber now") == (
        Chunk(EQUAL, "call "), Chunk(DELETE, "the nurse"), Chunk(INSERT, "a prescriber"), Chunk(EQUAL, " now")
    )  # fmt: skip


def test_redline_identical_texts_are_one_equal_chunk():
    """No change gives one equal chunk and zero counts."""
    chunks = redline("Same text.\nTwo lines.", "Same text.\nTwo lines.")
    assert chunks == (Chunk(EQUAL, "Same text.\nTwo lines."),)
    assert counts(chunks) == (0, 0)


def test_redline_counts_words():
    """counts() gives words inserted and deleted."""
    assert counts(redline("a b c", "a x y c")) == (2, 1)


@given(st.text(alphabet="ab .\n0123", max_size=40), st.text(alphabet="ab .\n0123", max_size=40))
def test_redline_gives_back_both_texts(old, new):
    """Equal+deleted chunks rebuild the old text and equal+inserted chunks the new, for any texts."""
    chunks = redline(old, new)
    assert old_text(chunks) == old
    assert new_text(chunks) == new
    assert all(chunk.text for chunk in chunks)


def test_redline_html_marks_changes_and_escapes():
    """Deletions are struck on red, insertions underlined on green; markup in the text is escaped."""
    html = redline_html(redline("a <b> 1\nx", "a <b> 2\nx"))
    assert '<span style="background-color:#f8c8c8; color:#000000"><s>1</s></span>' in html
    assert '<span style="background-color:#c8f0c8; color:#000000"><u>2</u></span>' in html
    assert "&lt;b&gt;" in html
    assert "<br/>" in html
