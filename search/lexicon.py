"""Query-side vocabulary beyond synonyms: filler words and intents, carried in the synonyms mapping.

An index is built with one ``synonyms`` mapping (``{"bp": ["blood pressure"], ...}``), stored in its
stamp. Two kinds of entry under reserved keys (they cannot be typed: a query word never starts
with ``=``) extend it without changing that interface:

* ``"=filler": [words...]``: words that carry no clinical meaning in a query ("pt", "what",
  "how", "do", "we"). They are searched but optional, at a small weight, so they never outweigh
  the clinical words; a query made only of filler words still finds what they name.
* ``"=see throwing up": [words...]``: a one-way synonym: the typed words also find the
  listed words, not the reverse (lay words, brand names and misspellings: "Versed" finds
  midazolam, but "midazolam" does not look for "Versed").
* ``"=intent how long": [words...]``: when the query contains the phrase after ``=intent ``,
  sections containing the listed words (or their headings) rank higher. ``#`` in the phrase
  stands for any number, so ``"=intent # kg": ["weight", "dose", "calculation"]`` sends
  "70 kg" to the dose calculation.

`make_mapping` writes such a mapping and `Lexicon.from_mapping` reads it back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from search.analysis import STOP_WORDS, iter_tokens

__all__ = ["FILLER_KEY", "INTENT_PREFIX", "NUMBER", "SEE_PREFIX", "Lexicon", "is_number", "make_mapping"]

FILLER_KEY = "=filler"
INTENT_PREFIX = "=intent "
SEE_PREFIX = "=see "
#: Stands for any number in an intent phrase.
NUMBER = "#"


def is_number(word: str) -> bool:
    """Tell whether a folded token is a number (``88``, ``0.5``) or numbers joined (``185/105``)."""
    return any(ch.isdigit() for ch in word) and not any(ch.isalpha() for ch in word)


def _phrase_key(phrase: str) -> tuple[str, ...]:
    """Return the folded words of an intent phrase, numbers as `NUMBER`, stop words dropped."""
    if phrase.strip() == NUMBER:
        return (NUMBER,)
    words: list[str] = []
    for part in phrase.split():
        if part == NUMBER:
            words.append(NUMBER)
            continue
        for token in iter_tokens(part):
            if token.word not in STOP_WORDS:
                words.append(NUMBER if is_number(token.word) else token.word)
    return tuple(words)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The synonyms, filler words and intents of one index, split out of its synonyms mapping."""

    synonyms: dict[str, list[str]] = field(default_factory=dict)
    see: dict[str, list[str]] = field(default_factory=dict)
    filler: frozenset[str] = frozenset()
    intents: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Sequence[str]]) -> Lexicon:
        """Split a synonyms mapping into its plain synonyms, filler words and intents."""
        synonyms: dict[str, list[str]] = {}
        see: dict[str, list[str]] = {}
        filler: set[str] = set()
        intents: dict[tuple[str, ...], tuple[str, ...]] = {}
        for key, values in mapping.items():
            if key == FILLER_KEY:
                for value in values:
                    filler.update(t.word for t in iter_tokens(value))
            elif key.startswith(INTENT_PREFIX):
                phrase = _phrase_key(key[len(INTENT_PREFIX) :])
                if phrase:
                    intents[phrase] = tuple(values)
            elif key.startswith(SEE_PREFIX):
                see[key[len(SEE_PREFIX) :]] = list(values)
            elif not key.startswith("="):
                synonyms[key] = list(values)
        return cls(synonyms, see, frozenset(filler), intents)

    @property
    def longest_intent(self) -> int:
        """Number of words of the longest intent phrase (0 when there is none)."""
        return max((len(k) for k in self.intents), default=0)


def make_mapping(
    synonyms: Mapping[str, Sequence[str]],
    filler: Iterable[str] = (),
    intents: Mapping[str, Sequence[str]] | None = None,
    see: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, list[str]]:
    """Return one synonyms mapping holding synonyms, one-way synonyms, filler words and intents."""
    mapping = {key: list(values) for key, values in synonyms.items() if not key.startswith("=")}
    for typed, words in (see or {}).items():
        mapping[SEE_PREFIX + typed] = list(words)
    filler_words = sorted(set(filler))
    if filler_words:
        mapping[FILLER_KEY] = filler_words
    for phrase, words in (intents or {}).items():
        mapping[INTENT_PREFIX + phrase] = list(words)
    return mapping
