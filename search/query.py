"""User text → query plan: one clause per concept the user typed.

No query syntax is interpreted except double quotes (a phrase) and a trailing ``*`` (a prefix):
everything else (``AND``, ``(``, ``:``, ``?``) is just text, so no input can be a syntax error.
Tokens go through the same analysis as documents (`search.analysis`), which keeps ``0.5``,
``mg/kg``, ``180/100``, ``SpO2`` and ``C-SSRS`` intact.

A `Clause` lists the alternatives that satisfy one concept:

* the word's index term (its stem, or the whole compound);
* for the word being typed (the last one, with no space after it), the most frequent vocabulary
  words it begins; a 1-2 letter prefix is expanded over head-field words only, so it never
  scans the body vocabulary;
* the word pairs of a phrase, a compound's parts or a multi-word synonym;
* the other members of its synonym group (``bp`` ⇄ ``blood pressure``);
* when none of these occurs anywhere, the closest spellings (`Vocabulary.fuzzy`).

The searcher combines clauses with AND first and falls back to OR.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from search.analysis import PAIR_SEPARATOR, STOP_WORDS, Token, iter_tokens, pair, stem
from search.vocabulary import Vocabulary

__all__ = [
    "MAX_CLAUSES",
    "MAX_QUERY_CHARS",
    "Clause",
    "SynonymTable",
    "parse_query",
    "resolve_clauses",
]

#: Longer input is cut: nobody types more, and it bounds the work a pasted page can cause.
MAX_QUERY_CHARS = 256
#: At most this many concepts are searched (AND of more is empty in practice anyway).
MAX_CLAUSES = 8
#: Prefix expansions kept per typed word, most frequent words first.
PREFIX_LIMIT = 12
SHORT_PREFIX_LIMIT = 8
SHORT_PREFIX_LENGTH = 2
FUZZY_LIMIT = 4
#: Weights below the exact word so that what was typed ranks first.
PREFIX_WEIGHT = 0.7
FUZZY_WEIGHT = 0.6

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "″": '"', "«": '"', "»": '"'})
_QUOTED_RE = re.compile(r'"([^"]*)"?')


@dataclass(slots=True)
class Clause:
    """Alternatives for one concept; a section matches the clause if it matches any of them.

    Attributes:
        terms: Index term → weight, searched in every text field.
        head_terms: Index term → weight, searched in the head fields only.
        phrases: Alternatives made of word-pair terms that must all occur.
        fuzzy_word: The typed word to correct when nothing matches; ``None`` if not eligible.
        typing: The word is still being typed (prefix semantics for typo correction).
    """

    terms: dict[str, float] = field(default_factory=dict)
    head_terms: dict[str, float] = field(default_factory=dict)
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    fuzzy_word: str | None = None
    typing: bool = False

    def add_term(self, term: str, weight: float = 1.0) -> None:
        """Add an alternative term, keeping the higher weight if it is already there."""
        if weight > self.terms.get(term, 0.0):
            self.terms[term] = weight

    def add_units(self, units: Sequence[str]) -> None:
        """Add a multi-word alternative (or a single term if only one unit is left)."""
        if len(units) == 1:
            self.add_term(units[0])
        elif units:
            alternative = tuple(pair(a, b) for a, b in zip(units, units[1:], strict=False))
            if alternative not in self.phrases:
                self.phrases.append(alternative)

    def highlight_terms(self) -> set[str]:
        """Return the single index terms this clause matches, for snippet highlighting."""
        return set(self.terms) | set(self.head_terms)

    def highlight_phrases(self) -> list[list[str]]:
        """Return the term sequence of each multi-word alternative, for snippet highlighting.

        Their words are highlighted only together: "oxygen" alone is not a match for "SpO2".
        """
        return [
            [p.split(PAIR_SEPARATOR)[0] for p in alternative] + alternative[-1].split(PAIR_SEPARATOR)[1:]
            for alternative in self.phrases
        ]


def _key(token: Token) -> str:
    """Return the index term standing for a whole token (compounds stay whole)."""
    return token.word if token.parts else stem(token.word)


def _units(tokens: Sequence[Token]) -> list[str]:
    """Return the pair units of tokens: stems, compounds as parts, stop words dropped."""
    units: list[str] = []
    for token in tokens:
        for word in token.parts or (token.word,):
            if word not in STOP_WORDS:
                units.append(stem(word))
    return units


class SynonymTable:
    """Synonym groups applied at query time in both directions.

    Each mapping entry ``key: [values...]`` forms a group; a query word or word sequence that
    equals any member (after analysis, so plurals and case do not matter) matches every member.
    """

    __slots__ = ("_groups", "_longest")

    def __init__(self, synonyms: Mapping[str, Sequence[str]]) -> None:
        """Analyze every member once."""
        self._groups: dict[tuple[str, ...], list[list[str]]] = {}
        self._longest = 1
        for key, values in synonyms.items():
            members = []
            for phrase in (key, *values):
                tokens = [t for t in iter_tokens(phrase) if t.parts or t.word not in STOP_WORDS]
                if tokens:
                    members.append(([_key(t) for t in tokens], tokens))
            for match_key, _ in members:
                group = self._groups.setdefault(tuple(match_key), [])
                for _, tokens in members:
                    units = [_key(tokens[0])] if len(tokens) == 1 else _units(tokens)
                    if units not in group:
                        group.append(units)
                        if len(tokens) == 1 and tokens[0].parts:
                            group.append(_units(tokens))
                self._longest = max(self._longest, len(match_key))

    def match(self, keys: Sequence[str], start: int) -> tuple[int, list[list[str]]]:
        """Return (length, alternatives) of the longest group member at ``keys[start:]``."""
        for length in range(min(self._longest, len(keys) - start), 0, -1):
            group = self._groups.get(tuple(keys[start : start + length]))
            if group:
                return length, group
        return 0, []


def _split(text: str) -> list[tuple[str, bool]]:
    """Split text into (segment, quoted) pieces; an unclosed quote runs to the end."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in _QUOTED_RE.finditer(text):
        pieces.append((text[position : match.start()], False))
        pieces.append((match.group(1), True))
        position = match.end()
    pieces.append((text[position:], False))
    return [(segment, quoted) for segment, quoted in pieces if segment.strip()]


def _free_words(segment: str, at_end: bool) -> list[tuple[Token, bool]]:
    """Return (token, being typed) for an unquoted segment; stop words are dropped."""
    words: list[tuple[Token, bool]] = []
    tokens = list(iter_tokens(segment))
    for number, token in enumerate(tokens):
        rest = segment[token.end :]
        starred = rest.startswith("*")
        typing = starred or (at_end and number == len(tokens) - 1 and not rest.strip("*"))
        if typing or token.parts or token.word not in STOP_WORDS:
            words.append((token, typing))
    return words


def _word_clause(token: Token, typing: bool, vocabulary: Vocabulary) -> Clause:
    """Return the clause of one free word: itself, its prefix expansions, its typo fallback."""
    clause = Clause(typing=typing)
    clause.add_term(_key(token))
    if token.parts:
        clause.add_units(_units([token]))
    elif token.word.isalpha():
        clause.fuzzy_word = token.word
    if typing:
        if len(token.word) <= SHORT_PREFIX_LENGTH:
            # Short prefixes stay in the small head fields; if no heading, title or keyword
            # starts so, the few most frequent words anywhere stand in.
            expansions = vocabulary.expand_prefix(token.word, limit=SHORT_PREFIX_LIMIT, head_only=True)
            target = clause.head_terms
            if not expansions:
                expansions = vocabulary.expand_prefix(token.word, limit=SHORT_PREFIX_LIMIT)
                target = clause.terms
            for i in expansions:
                term = vocabulary.stem_of(i)
                if term not in clause.terms:
                    target[term] = PREFIX_WEIGHT
        else:
            for i in vocabulary.expand_prefix(token.word, limit=PREFIX_LIMIT):
                clause.add_term(vocabulary.stem_of(i), PREFIX_WEIGHT)
    return clause


def parse_query(text: str, vocabulary: Vocabulary, synonyms: SynonymTable) -> list[Clause]:
    """Turn user text into clauses (see the module docstring); never raises on any ``str``."""
    text = text[:MAX_QUERY_CHARS].translate(_QUOTES)
    at_end_open = bool(text) and not text[-1].isspace() and text[-1] != '"'
    pieces = _split(text)
    clauses: list[Clause] = []
    for number, (segment, quoted) in enumerate(pieces):
        if quoted:
            tokens = list(iter_tokens(segment))
            if len(tokens) == 1:
                clause = _word_clause(tokens[0], False, vocabulary)
                clause.fuzzy_word = None  # quoted means exactly this
                clauses.append(clause)
            elif tokens:
                clause = Clause()
                clause.add_units(_units(tokens))
                if clause.terms or clause.phrases:
                    clauses.append(clause)
            continue
        words = _free_words(segment, at_end_open and number == len(pieces) - 1)
        keys = [_key(token) for token, _ in words]
        position = 0
        while position < len(words):
            length, group = synonyms.match(keys, position)
            # A multi-word synonym is one concept: its words only count together.
            clause = Clause() if length > 1 else _word_clause(*words[position], vocabulary)
            for units in group:
                clause.add_units(units)
            clauses.append(clause)
            position += max(length, 1)
    return clauses[:MAX_CLAUSES]


def resolve_clauses(
    clauses: list[Clause], vocabulary: Vocabulary, pair_exists: Callable[[str], bool]
) -> list[Clause]:
    """Drop alternatives that match nothing; correct typos of words matching nothing at all.

    A clause none of whose alternatives occurs in the index is replaced by its closest
    spellings when it is a plain word; otherwise, or when no spelling is close, it is dropped,
    so the remaining words can still be matched together.
    """
    resolved: list[Clause] = []
    for clause in clauses:
        clause.terms = {t: w for t, w in clause.terms.items() if vocabulary.has_term(t)}
        clause.phrases = [alt for alt in clause.phrases if all(map(pair_exists, alt))]
        if not (clause.terms or clause.head_terms or clause.phrases) and clause.fuzzy_word:
            for i in vocabulary.fuzzy(clause.fuzzy_word, limit=FUZZY_LIMIT, as_prefix=clause.typing):
                clause.add_term(vocabulary.stem_of(i), FUZZY_WEIGHT)
        if clause.terms or clause.head_terms or clause.phrases:
            resolved.append(clause)
    return resolved
