"""The bedside vocabulary (`content/reference/vocabulary.yaml`): read it for the index, lint it.

The file maps the words nurses type at the bedside onto the handbook's own words, so search
finds "throwing up" under vomiting and "Versed" under midazolam. It is content, not code: the
director extends it, `handbook lint` checks it. Its sections (all optional):

* ``lay_words``, ``brands``, ``misspellings``: ``typed words: [handbook words...]`` (one way:
  the typed words also find the handbook words, not the reverse);
* ``filler``: ``[words...]`` that carry no clinical meaning in a query ("pt", "what");
* ``intents``: ``phrase: [words...]``: a query containing the phrase ranks sections with
  those words higher; ``#`` in a phrase stands for any number ("# kg").

Problems (codes W0xx) carry the file's line: not a mapping, an unknown section, an entry that
is not a list of words, a word listed twice, and (warning) a handbook word that occurs in no
document, so the entry could never find anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from handbook.library.catalog import Library
from handbook.library.model import Problem, Severity

VOCABULARY_FILE = Path("reference") / "vocabulary.yaml"
MAPPING_SECTIONS = ("lay_words", "brands", "misspellings")
SECTIONS = (*MAPPING_SECTIONS, "filler", "intents")

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TOKEN = re.compile(r"[^\W_]+")  # a whole word: letters and digits between other characters


@dataclass(frozen=True, slots=True)
class BedsideVocabulary:
    """The parsed vocabulary file (empty when the content has none).

    Attributes:
        see: Typed words → handbook words (lay words, brands and misspellings together).
        filler: Words that never outweigh the clinical words of a query.
        intents: Phrase → words of the sections that answer it.
        lines: Line of each entry key, for problems.
    """

    see: dict[str, tuple[str, ...]] = field(default_factory=dict)
    filler: tuple[str, ...] = ()
    intents: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


def _words(node: yaml.Node) -> list[str] | None:
    """Return a list of non-empty strings from a scalar or sequence node, else None."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    words = []
    for item in items:
        if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
            return None
        words.append(str(item.value).strip().casefold())
    return words


def parse_vocabulary(text: str, shown: str) -> tuple[BedsideVocabulary, list[Problem]]:
    """Parse the file's text; problems name ``shown`` and the line. Never raises on bad input."""
    problems: list[Problem] = []
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        return BedsideVocabulary(), [Problem(shown, line, "W001", f"not valid YAML: {exc}")]
    if root is None:
        return BedsideVocabulary(), []
    if not isinstance(root, yaml.MappingNode):
        return BedsideVocabulary(), [
            Problem(shown, 1, "W001", "the vocabulary must be a mapping of sections")
        ]
    see: dict[str, tuple[str, ...]] = {}
    intents: dict[str, tuple[str, ...]] = {}
    filler: list[str] = []
    lines: dict[str, int] = {}
    for key_node, value_node in root.value:
        section = str(key_node.value)
        line = key_node.start_mark.line + 1
        if section not in SECTIONS:
            problems.append(
                Problem(shown, line, "W002", f"unknown section '{section}' (known: {', '.join(SECTIONS)})")
            )
            continue
        if section == "filler":
            words = _words(value_node)
            if words is None:
                problems.append(Problem(shown, line, "W003", "filler must be a list of words"))
                continue
            filler += words
            continue
        if not isinstance(value_node, yaml.MappingNode):
            problems.append(
                Problem(shown, line, "W003", f"{section} must map typed words to a list of words")
            )
            continue
        target = intents if section == "intents" else see
        for entry_key, entry_value in value_node.value:
            typed = str(entry_key.value).strip().casefold()
            entry_line = entry_key.start_mark.line + 1
            words = _words(entry_value)
            if not typed or not words:
                problems.append(
                    Problem(shown, entry_line, "W003", f"'{typed}' in {section} must list one or more words")
                )
                continue
            if typed in lines:
                problems.append(
                    Problem(
                        shown, entry_line, "W004", f"'{typed}' is listed twice (first on line {lines[typed]})"
                    )
                )
                continue
            lines[typed] = entry_line
            target[typed] = tuple(words)
    return BedsideVocabulary(see, tuple(dict.fromkeys(filler)), intents, lines), problems


@lru_cache(maxsize=4)
def _read(path: Path, size: int, mtime_ns: int) -> tuple[BedsideVocabulary, tuple[Problem, ...]]:
    del size, mtime_ns  # cache key only
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return BedsideVocabulary(), (Problem(str(path), 0, "W001", f"cannot read the vocabulary: {exc}"),)
    vocabulary, problems = parse_vocabulary(text, str(path))
    return vocabulary, tuple(problems)


def load_vocabulary(library: Library) -> tuple[BedsideVocabulary, list[Problem]]:
    """Read the library's vocabulary file (cached by size and time); empty if there is none."""
    path = library.root / VOCABULARY_FILE
    try:
        stat = path.stat()
    except OSError:
        return BedsideVocabulary(), []
    vocabulary, problems = _read(path, stat.st_size, stat.st_mtime_ns)
    shown = _shown(library)
    return vocabulary, [Problem(shown, p.line, p.code, p.message, p.severity) for p in problems]


def _shown(library: Library) -> str:
    try:
        return str((library.root / VOCABULARY_FILE).relative_to(library.root.parent))
    except ValueError:
        return str(library.root / VOCABULARY_FILE)


def validate_vocabulary(library: Library) -> list[Problem]:
    """Problems of the vocabulary file, including handbook words that no document contains."""
    vocabulary, problems = load_vocabulary(library)
    if not vocabulary.see:
        return problems
    corpus = " ".join(
        " ".join((doc.id, doc.title, doc.summary, " ".join(doc.keywords), doc.body))
        for doc in library.documents
    ).casefold()
    shown = _shown(library)
    tokens = set(_TOKEN.findall(corpus))  # one pass over the corpus, not one regex search per word

    def contained(word: str) -> bool:
        if _TOKEN.fullmatch(word):
            return word in tokens
        start = corpus.find(word)  # a phrase: each place it occurs, bounded by non-word characters
        while start >= 0:
            end = start + len(word)
            if not _TOKEN.match(corpus[start - 1 : start]) and not _TOKEN.match(corpus[end : end + 1]):
                return True
            start = corpus.find(word, start + 1)
        return False

    for typed, words in vocabulary.see.items():
        missing = [w for w in words if not contained(w)]
        if len(missing) == len(words):
            problems.append(
                Problem(
                    shown,
                    vocabulary.lines.get(typed, 0),
                    "W005",
                    f"'{typed}' leads to {', '.join(words)}, which no document contains",
                    Severity.WARNING,
                )
            )
    return problems
