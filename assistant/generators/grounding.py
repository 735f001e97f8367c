"""The passage a generated item draws on, and the sentence of it to quote, always verbatim."""

from __future__ import annotations

from assistant.knowledge.text import normalize, sentences
from assistant.models import Driver, Passage, PassageKind
from assistant.retrieval.bm25 import tokenize
from assistant.retrieval.retriever import Retriever


class Grounding:
    """Finds the passage an item draws on and the sentence of it to quote, always verbatim."""

    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever
        self._normalized = [(normalize(p.text), p) for p in retriever.passages_in_order]

    def find(
        self,
        phrase: str,
        quote: str | None = None,
        *,
        kinds: set[PassageKind] | None = None,
        drivers: set[Driver] | None = None,
    ) -> tuple[Passage, str] | None:
        needle = normalize(phrase)
        for text, passage in self._normalized:
            if needle not in text or (kinds and passage.kind not in kinds):
                continue
            if drivers and passage.driver not in drivers:
                continue
            found = sentence_with(passage, quote or phrase)
            if found:
                return passage, found
        return None

    def search(
        self,
        query: str,
        *,
        kinds: set[PassageKind] | None = None,
        drivers: set[Driver] | None = None,
        first: bool = False,
    ) -> tuple[Passage, str] | None:
        scored = self.retriever.scored(query, 6, drivers=drivers, kinds=kinds)
        for item in scored:
            quote = next(iter(quotable(item.passage)), None) if first else best_sentence(item.passage, query)
            if quote:
                return item.passage, quote
        return None


def sentence_with(passage: Passage, phrase: str) -> str | None:
    """The sentence (or line) of the passage that holds the phrase, exactly as the passage has it."""
    needle = normalize(phrase)
    for sentence in sentences(passage.text):
        if needle in normalize(sentence) and sentence in passage.text:
            return sentence
    for line in passage.text.splitlines():
        line = line.strip().removeprefix("- ").strip()
        if needle in normalize(line) and line in passage.text:
            return line
    return None


def quotable(passage: Passage) -> list[str]:
    """Sentences of a passage that read on their own: no labels ("Case example:"), verbatim."""
    out = []
    for sentence in sentences(passage.text):
        if sentence.endswith(":") or len(sentence) < 20 or sentence not in passage.text:
            continue
        out.append(sentence)
    return out


def best_sentence(passage: Passage, query: str) -> str | None:
    """The passage's sentence sharing most words with the query; its body before its heading on a tie."""
    candidates = quotable(passage)
    if not candidates:
        return None
    wanted = set(tokenize(query))

    def score(item: tuple[int, str]) -> tuple[int, int, int]:
        index, sentence = item
        overlap = len(wanted & set(tokenize(sentence)))
        return (-overlap, 1 if sentence == passage.heading else 0, index)

    return min(enumerate(candidates), key=score)[1]


__all__ = ["Grounding", "best_sentence", "quotable", "sentence_with"]
