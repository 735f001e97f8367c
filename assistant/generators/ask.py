"""Answer a question from the knowledge base without an LLM: the best sentences of the retrieved passages, cited."""

from __future__ import annotations

import re

from assistant.knowledge.text import sentences
from assistant.models import Answer, Citation, Driver, Passage
from assistant.retrieval.bm25 import tokenize
from assistant.retrieval.retriever import Retriever, Scored, check_query

# Below this cosine similarity the best passage is about something else; saying so beats guessing.
MIN_RELEVANCE = 0.32
MIN_SENTENCE = 0.30
MAX_SENTENCES = 3
NOT_FOUND = (
    "I could not find anything about that in the guidance. Try other words, name a driver "
    "(for example coaching or data systems), or add your own documents with `cip-assistant index PATH`."
)


def _is_label(sentence: str) -> bool:
    return sentence.endswith(":") and len(sentence) < 60


def relevant(scored: list[Scored], query: str, retriever: Retriever) -> list[Scored]:
    """Keep hits that are plausibly about the question: close in meaning, or sharing its rarer words."""
    terms = set(retriever.bm25.known_terms(query))
    informative = {t for t in terms if retriever.bm25.idf.get(t, 0) > 1.5}
    kept = []
    for item in scored:
        overlap = informative & set(tokenize(item.passage.text + " " + item.passage.section))
        if item.dense >= MIN_RELEVANCE or (item.dense >= MIN_RELEVANCE - 0.08 and overlap):
            kept.append(item)
    return kept


def answer(retriever: Retriever, question: str, *, drivers: set[Driver] | None = None, k: int = 6) -> Answer:
    # Embedded once: the same vector finds the passages and then ranks their sentences.
    query_vector = retriever.embedder.embed_query(check_query(question))
    hits = relevant(retriever.scored(question, k, drivers=drivers, vector=query_vector), question, retriever)
    if not hits:
        return Answer(answer=NOT_FOUND, citations=[], found=False)
    candidates: list[tuple[Passage, str, int]] = []
    for rank, item in enumerate(hits[:4]):
        for sentence in sentences(item.passage.text):
            if not _is_label(sentence) and len(sentence) > 25 and sentence in item.passage.text:
                candidates.append((item.passage, sentence, rank))
    if not candidates:
        return Answer(answer=NOT_FOUND, citations=[], found=False)
    vectors = retriever.embedder.embed_known([sentence for _, sentence, _ in candidates])
    scored = []
    for (passage, sentence, rank), vector in zip(candidates, vectors, strict=True):
        similarity = sum(a * b for a, b in zip(query_vector, vector, strict=True))
        scored.append((similarity - 0.03 * rank, passage, sentence))
    scored.sort(key=lambda item: -item[0])
    chosen: list[tuple[Passage, str]] = []
    seen_words: list[set[str]] = []
    for score, passage, sentence in scored:
        if len(chosen) >= MAX_SENTENCES or (chosen and score < MIN_SENTENCE):
            break
        words = set(tokenize(sentence))
        if any(len(words & other) / max(1, len(words | other)) > 0.6 for other in seen_words):
            continue
        chosen.append((passage, sentence))
        seen_words.append(words)
    citations: list[Citation] = []
    numbers: dict[str, int] = {}
    parts = []
    for passage, sentence in chosen:
        numbers.setdefault(passage.id, len(numbers) + 1)
        citations.append(Citation.from_passage(passage, sentence))
        text = sentence if re.search(r"[.!?]$", sentence) else sentence.rstrip(";,") + "."
        parts.append(f"{text[0].upper()}{text[1:]} [{numbers[passage.id]}]")
    return Answer(answer=" ".join(parts), citations=citations, found=True)
