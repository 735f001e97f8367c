"""Check the retrieval gold set against the source documents.

Every answer phrase must occur exactly once in the sources, inside one unit of text:
one table cell of the tip sheets, one list item, one paragraph or one line. Phrases
are compared after the normalisation below. The file must also follow the counting
rules: enough entries, enough questions in a user's own words, 1-2 answers each.

Usage: python evaluation/check_gold.py [GOLD_YAML] [SOURCES_DIR]
"""

from __future__ import annotations

import html
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

from assistant import resources

DEFAULT_GOLD = resources.shipped_path("gold.yaml", package="evaluation")
DEFAULT_SOURCES = resources.knowledge_base() / "sources"

MIN_ENTRIES = 72
MIN_USER_SHARE = 0.55
MAX_ANSWERS = 2
MIN_WORDS, MAX_WORDS = 5, 15
STYLES = {"user", "document"}
AUDIENCES = {"team", "supervisor", "trainer", "anyone"}

# Curly quotes and en/em dashes, written as escapes so the source stays plain ASCII.
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})

# Boundaries a phrase must never cross: HTML blocks, list items and bullet characters.
_UNIT_BREAK = re.compile(r"</?(?:p|ul|ol|li|div|br)\b[^>]*>|[\u2022\u25aa\u25cf]", re.IGNORECASE)


def normalize(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(text).translate(_QUOTES).lower()
    text = re.sub(r"[\u2022\u25aa\u25cf*_]", " ", text)
    text = re.sub(r"(?m)^\s*-\s+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


class Sources:
    """Normalised units of all source files; tip-sheet table lines are split on tabs."""

    def __init__(self, directory: Path) -> None:
        self.units: list[str] = []
        # Consideration cells head both passages of their row, so they identify none.
        self.considerations: list[str] = []
        for path in sorted(directory.glob("*.txt")):
            is_table = path.name.startswith("000_")
            for line in path.read_text(encoding="utf-8").splitlines():
                cells = line.split("\t") if is_table else [line]
                for column, cell in enumerate(cells):
                    pieces = [normalize(piece) for piece in _UNIT_BREAK.split(cell)]
                    pieces = [piece for piece in pieces if piece]
                    self.units += pieces
                    if len(cells) > 1 and column == 0:
                        self.considerations += pieces

    def phrase_problems(self, phrase: str) -> list[str]:
        problems = []
        if normalize(phrase) != phrase:
            problems.append("is not in normalised form")
        words = len(phrase.split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            problems.append(f"has {words} words")
        count = sum(unit.count(phrase) for unit in self.units)
        if count != 1:
            problems.append(f"occurs {count} times")
        if any(phrase in unit for unit in self.considerations):
            problems.append("lies in a consideration cell (heads two passages)")
        return problems


def entry_problems(entry: object, index: int, sources: Sources) -> list[str]:
    if not isinstance(entry, dict):
        return [f"entry #{index}: not a mapping"]
    name = str(entry.get("id", f"#{index}"))
    problems = []
    if not str(entry.get("question", "")).strip():
        problems.append(f"{name}: empty question")
    if entry.get("style") not in STYLES:
        problems.append(f"{name}: style must be one of {sorted(STYLES)}")
    if entry.get("audience") not in AUDIENCES:
        problems.append(f"{name}: audience must be one of {sorted(AUDIENCES)}")
    answers = entry.get("answers")
    if not isinstance(answers, list) or not 1 <= len(answers) <= MAX_ANSWERS:
        problems.append(f"{name}: needs a list of 1 to {MAX_ANSWERS} answers")
    for answer in answers if isinstance(answers, list) else []:
        phrase = str(answer)
        problems += [f"{name}: phrase {issue}: {phrase!r}" for issue in sources.phrase_problems(phrase)]
    return problems


def check(gold_path: Path, sources_dir: Path) -> int:
    entries = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    if not isinstance(entries, list) or not entries:
        print(f"{gold_path}: expected a non-empty YAML list", file=sys.stderr)
        return 1
    sources = Sources(sources_dir)
    problems = []
    for index, entry in enumerate(entries):
        problems += entry_problems(entry, index, sources)
    mappings = [entry for entry in entries if isinstance(entry, dict)]
    ids = Counter(str(entry.get("id")) for entry in mappings)
    problems += [f"{name}: duplicate id" for name, seen in ids.items() if seen > 1]
    styles = Counter(str(entry.get("style")) for entry in mappings)
    audiences = Counter(str(entry.get("audience")) for entry in mappings)
    user_share = styles["user"] / len(entries)
    if len(entries) < MIN_ENTRIES:
        problems.append(f"only {len(entries)} entries, need at least {MIN_ENTRIES}")
    if user_share < MIN_USER_SHARE:
        problems.append(f"user style {user_share:.0%}, need {MIN_USER_SHARE:.0%}")
    for problem in problems:
        print(problem)
    print(f"{len(entries)} entries; style {dict(styles)} (user {user_share:.0%})")
    print(f"audience {dict(audiences)}; {len(problems)} problem(s)")
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    gold_path = Path(argv[1]) if argv[1:] else DEFAULT_GOLD
    sources_dir = Path(argv[2]) if argv[2:] else DEFAULT_SOURCES
    return check(gold_path, sources_dir)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
