"""HTML snippets: a short window of a section's text with the matched words in bold.

Matching is done with one regular expression of the surface spellings of the matched terms
(taken from the index vocabulary), which runs in C: a snippet costs microseconds, where
re-tokenizing and stemming each section in Python would cost a fraction of a millisecond per hit.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from search.analysis import STOP_WORDS

__all__ = ["SNIPPET_CHARS", "highlight_pattern", "make_snippet", "snippet_runs", "word_base"]

#: Target length of a snippet, in characters of plain text.
SNIPPET_CHARS = 180
_LEAD_IN = 40
_MAX_ALTERNATIVES = 200
_SPACES_RE = re.compile(r"\s+")
# Between the words of a phrase: punctuation or spaces, possibly around dropped stop words.
_SEPARATOR = rf"(?:['’]s)?(?:[\W_]+(?:{'|'.join(sorted(STOP_WORDS))})(?![^\W_]))*[\W_]+"


_INFLECTIONS = ("ing", "ed", "es", "s")


def word_base(word: str) -> str:
    """Return a word without its inflection, for whole-word highlighting.

    Only inflections are removed ("vomiting", "vomited", "vomits" → "vomit"), unlike the index
    stem: "emergence" and "emergency" share the stem "emerg" but stay different words.
    """
    word = word.lower()
    for suffix in _INFLECTIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def highlight_pattern(
    words: Iterable[str], phrases: Iterable[Sequence[Sequence[str]]] = ()
) -> re.Pattern[str] | None:
    """Return a case-insensitive pattern for whole ``words`` and ``phrases``, or None if empty.

    A phrase is a sequence of slots, each listing the spellings allowed there; slots may be
    separated by punctuation and stop words ("Observer's Assessment of Alertness/Sedation").
    Phrases come first in the pattern, so the longer match wins where both apply.
    """
    alternatives = [_SEPARATOR.join(_one_of(slot) for slot in phrase) for phrase in phrases if phrase]
    alternatives += [re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)) if w]
    alternatives = alternatives[:_MAX_ALTERNATIVES]
    if not alternatives:
        return None
    # Whole tokens only: "bp" must not light up inside "bpm"; apostrophes and joiners are edges.
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(alternatives)})(?![^\W_])", re.IGNORECASE)


def _one_of(spellings: Iterable[str]) -> str:
    ordered = sorted(set(spellings), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) for w in ordered) + ")"


def _escape(text: str) -> str:
    return html.escape(_SPACES_RE.sub(" ", text))


def make_snippet(text: str, pattern: re.Pattern[str] | None, width: int = SNIPPET_CHARS) -> str:
    """Return an HTML fragment of about ``width`` characters of ``text``.

    The window starts a little before the densest run of matches (or at the top when nothing
    matches), is cut at spaces, and is marked ``…`` where text was left out. Every character of
    ``text`` is HTML-escaped; the only markup added is ``<b>`` around matches.
    """
    if not text:
        return ""
    matches = list(pattern.finditer(text)) if pattern is not None else []
    start = 0
    if matches:
        # Two pointers: the window opening at match i holds matches i..last-1.
        best, best_count, last = matches[0], 0, 0
        for i, first in enumerate(matches):
            last = max(last, i)
            while last < len(matches) and matches[last].end() <= first.start() + width - _LEAD_IN:
                last += 1
            if last - i > best_count:
                best, best_count = first, last - i
        start = max(0, best.start() - _LEAD_IN)
        if start > 0:
            space = text.find(" ", start, best.start())
            start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start + width // 2, end)
        end = space if space > 0 else end
    pieces: list[str] = ["…"] if start > 0 else []
    position = start
    for match in matches:
        if match.start() < start or match.end() > end:
            continue
        pieces.append(_escape(text[position : match.start()]))
        pieces.append(f"<b>{_escape(match.group())}</b>")
        position = match.end()
    pieces.append(_escape(text[position:end]))
    if end < len(text):
        pieces.append("…")
    return "".join(pieces).strip()


_MARK_RE = re.compile(r"<b>(.*?)</b>", re.DOTALL)


def snippet_runs(snippet: str) -> list[tuple[str, bool]]:
    """Split a snippet made by `make_snippet` into (plain text, marked) runs, HTML unescaped."""
    runs: list[tuple[str, bool]] = []
    position = 0
    for match in _MARK_RE.finditer(snippet):
        if match.start() > position:
            runs.append((html.unescape(snippet[position : match.start()]), False))
        runs.append((html.unescape(match.group(1)), True))
        position = match.end()
    if position < len(snippet):
        runs.append((html.unescape(snippet[position:]), False))
    return runs
