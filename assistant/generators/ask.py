"""Answer a question from the knowledge base without an LLM: the sentences that answer it best, each one cited.

The first sentence is the one that answers best, chosen among the sentences of the top passages by what the
question asks for (a rhythm for "how often", a role for "who", a definition for "what is") and by meaning, not
only by the rank of its passage. A sentence from a case example says which setting it comes from, and a sentence
from a document a district added is attributed to that document and comes after the bundled guidance, so an added
document never speaks in the guidance's voice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from assistant.generators.answer_units import units
from assistant.models import Answer, Citation, Driver, Passage, PassageKind
from assistant.retrieval.bm25 import tokenize
from assistant.retrieval.intent import DEFINES, Intent, QuestionType, answers_type, read_intent
from assistant.retrieval.lexicon import expand
from assistant.retrieval.retriever import Retriever, Scored, check_query

# Below this cosine similarity the best passage is about something else; saying so beats guessing.
MIN_RELEVANCE = 0.32
MIN_SENTENCE = 0.30
MAX_SENTENCES = 3
# Sentences are drawn from this many of the top passages.
POOL = 5
NOT_FOUND = (
    "I could not find anything about that in the guidance. Try other words, name a driver "
    "(for example coaching or data systems), or add your own documents with `cip-assistant index PATH`."
)


@dataclass(frozen=True)
class SentenceWeights:
    """How a candidate sentence is scored; chosen on the tuned part of the gold set (see evaluation/README.md)."""

    # Per place of its passage in the ranking.
    rank: float = 0.03
    # A sentence of the kind the question asks for (a rhythm for "how often"…).
    type_match: float = 0.08
    # A sentence from a case example when the question does not ask for one.
    example: float = 0.04
    # Share of the question's informative words the sentence holds.
    overlap: float = 0.10
    # Share of the guidance's words for the question's everyday words (the lexicon: "PD" → training) it holds.
    lexicon: float = 0.10
    # The consideration that heads a tip-sheet cell restates the practice in general terms ("Agency staff
    # regularly assess coaching effectiveness."); the sentences under it say how, so they come first.
    heading: float = -0.05
    # A sentence that only leads into a list ("…, such as engaging in equity advocacy; and") answers nothing alone.
    list_lead: float = 0.10
    # "What should X include?" is answered by the sentence that lists what X includes.
    contents: float = 0.10


SENTENCE_WEIGHTS = SentenceWeights()

# "The juvenile probation office identifies…": the setting a case example comes from.
_SETTING = re.compile(
    r"(?:^|\n|[.:]\s+|-\s+)(?:the|a|an|one)\s+((?:[A-Za-z-]+\s+){0,3}?"
    r"(?:office|agency|program|programme|center|centre|department|organization|organisation|clinic|court|county"
    r"|hospital|provider|district|school|home visiting program|team|site|state|tribe|nonprofit))\b",
    re.IGNORECASE,
)
# A question about what something is made of, and a sentence that lists it.
_ASKS_CONTENTS = re.compile(
    r"\b(?:include|includes|consists? of|made up of|parts? of|components?|elements?)\b", re.IGNORECASE
)
_LISTS_CONTENTS = re.compile(r"\b(?:includ\w*|inclusive of|consists? of|such as)\b", re.IGNORECASE)
# The end of a sentence that leads into a list or breaks off in one.
_LIST_LEAD = re.compile(
    r"(?:\band|\bor|such as|following|includes?|including|e\.g\.|\bby|\bto|\bin)[.:;,]?$|;$", re.IGNORECASE
)
# "Training is purposeful, skill-based…": a sentence that says what its subject is.
_SAYS_WHAT_IT_IS = re.compile(
    r"^(?:[\w()&/-]+\s+){1,6}(?:is|are)\s+(?!not\b|also\b|in place\b|provided\b|used\b)", re.IGNORECASE
)
_GENERIC_SETTINGS = {"team", "program", "organization", "agency", "site", "state", "school", "district"}


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


def setting_of(passage: Passage) -> str | None:
    """The setting a case example is set in ("juvenile probation office"), or None when it does not say."""
    text = passage.text.split("Case example:", 1)[-1].strip()
    for match in _SETTING.finditer(text):
        words = match.group(1).strip()
        if words.lower() not in _GENERIC_SETTINGS:
            return words[0].lower() + words[1:]
    return None


def _article(words: str) -> str:
    return "an" if words[:1].lower() in "aeiou" else "a"


@dataclass(frozen=True)
class Candidate:
    passage: Passage
    sentence: str
    rank: int
    added: bool
    score: float = 0.0
    # The words of the passage the sentence stands for, as they are written there (a list keeps its line breaks).
    quote: str = ""
    # A lead and its list items, for a unit made of several sentences.
    parts: tuple[str, ...] = ()

    @property
    def example(self) -> bool:
        """A sentence of the example itself (the practice that heads a case example is not one)."""
        return self.passage.kind is PassageKind.case_example and self.sentence != self.passage.heading

    @property
    def asks(self) -> bool:
        return self.passage.kind is PassageKind.guiding_question or self.sentence.endswith("?")


def _candidates(hits: list[Scored], retriever: Retriever) -> list[Candidate]:
    out = []
    for rank, item in enumerate(hits[:POOL]):
        added = retriever.is_added(item.passage)
        for unit in units(item.passage.text):
            out.append(Candidate(item.passage, unit.shown, rank, added, quote=unit.quote, parts=unit.parts))
    return out


def _score(
    candidates: list[Candidate], query_vector: list[float], intent: Intent, question: str, retriever: Retriever
) -> list[Candidate]:
    w = SENTENCE_WEIGHTS
    vectors = np.asarray(retriever.embedder.embed_known([c.sentence for c in candidates]), dtype=np.float32)
    similarity = vectors @ np.asarray(query_vector, dtype=np.float32)
    idf = retriever.bm25.idf
    informative = {t for t in retriever.bm25.known_terms(question) if idf.get(t, 0) > 1.0}
    total = sum(idf[t] for t in informative) or 1.0
    meant = {t for t in tokenize(expand(question)) if idf.get(t, 0) > 1.0} - informative
    meant_total = sum(idf[t] for t in meant) or 1.0
    asks_contents = bool(_ASKS_CONTENTS.search(question))
    out = []
    for candidate, sim in zip(candidates, similarity, strict=True):
        score = float(sim) - w.rank * candidate.rank
        # A list answers with its lead and one of its items, so a long list does not score by its length; the
        # everyday words' translations count in the lead only (a list of many words holds one by chance).
        lead_words, *item_words = _word_sets(candidate)
        typed = max(sum(idf[t] for t in informative & words) for words in item_words or [lead_words])
        score += w.overlap * typed / total
        score += w.lexicon * sum(idf[t] for t in meant & lead_words) / meant_total
        if _answers(intent.type, candidate):
            score += w.type_match
        if candidate.example != intent.wants_example:
            score -= w.example
        if candidate.sentence == candidate.passage.heading:
            score += w.heading
        if _LIST_LEAD.search(candidate.sentence.rstrip()):
            score -= w.list_lead
        if asks_contents and _LISTS_CONTENTS.search(candidate.sentence):
            score += w.contents
        out.append(replace(candidate, score=score))
    return sorted(out, key=lambda c: -c.score)


def _word_sets(candidate: Candidate) -> list[set[str]]:
    """The words of the sentence (or of a list's lead), then of the lead with each of its items in turn."""
    lead, *items = candidate.parts or (candidate.sentence,)
    lead_words = set(tokenize(lead))
    return [lead_words, *[lead_words | set(tokenize(item)) for item in items]]


def _answers(kind: QuestionType, candidate: Candidate) -> bool:
    """Whether the sentence itself gives the kind of answer asked for.

    Not every sentence of a definition passage defines: for "what is" the sentence must say what its subject is.
    """
    if kind is QuestionType.other:
        return False
    if kind is QuestionType.definition:
        return bool(DEFINES.search(candidate.sentence) or _SAYS_WHAT_IT_IS.match(candidate.sentence))
    return answers_type(kind, candidate.sentence, candidate.passage.kind)


def _choose(ranked: list[Candidate], limit: int) -> list[Candidate]:
    chosen: list[Candidate] = []
    seen_words: list[set[str]] = []
    for candidate in ranked:
        if len(chosen) >= limit or (chosen and candidate.score < MIN_SENTENCE):
            break
        words = set(tokenize(candidate.sentence))
        if any(len(words & other) / max(1, len(words | other)) > 0.6 for other in seen_words):
            continue
        chosen.append(candidate)
        seen_words.append(words)
    return chosen


def _full_stop(sentence: str) -> str:
    return sentence if re.search(r"[.!?]$", sentence) else sentence.rstrip(";,:") + "."


def phrase(candidate: Candidate) -> str:
    """The sentence as the answer says it: a case example names its setting, an added document is named."""
    text = _full_stop(candidate.sentence)
    if candidate.added:
        return f"Your document *{candidate.passage.source}* says: “{text}”"
    if candidate.asks:
        return f"A question to settle: “{text[0].upper() + text[1:]}”"
    if candidate.example:
        setting = setting_of(candidate.passage)
        if setting is None:
            return f"In one case example, {_lower_first(text)}"
        if setting.lower() not in text.lower():
            return f"In {_article(setting)} {setting}, {_lower_first(text)}"
        return f"In a case example, {_lower_first(text)}"
    return text[0].upper() + text[1:]


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    # An acronym or a name ("HR", "Tribes") keeps its capital.
    if len(first) > 1 and (first[1:2].isupper() or first in {"I"}):
        return text
    return text[0].lower() + text[1:]


def answer(
    retriever: Retriever,
    question: str,
    *,
    drivers: set[Driver] | None = None,
    k: int = 6,
    vector: list[float] | None = None,
) -> Answer:
    """`vector` is the question's embedding when the caller already has it."""
    # Embedded once: the same vector finds the passages and then ranks their sentences.
    query_vector = vector or retriever.embedder.embed_query(check_query(question))
    hits = relevant(retriever.scored(question, k, drivers=drivers, vector=query_vector), question, retriever)
    if not hits:
        return Answer(answer=NOT_FOUND, citations=[], found=False)
    candidates = _candidates(hits, retriever)
    if not candidates:
        return Answer(answer=NOT_FOUND, citations=[], found=False)
    ranked = _score(candidates, query_vector, read_intent(question), question, retriever)
    guidance = _choose([c for c in ranked if not c.added], MAX_SENTENCES)
    # An added document speaks after the guidance, once, and only in its own name.
    added = _choose([c for c in ranked if c.added], 1 if guidance else MAX_SENTENCES)
    citations: list[Citation] = []
    numbers: dict[str, int] = {}
    parts = []
    for candidate in [*guidance, *added]:
        numbers.setdefault(candidate.passage.id, len(numbers) + 1)
        citations.append(Citation.from_passage(candidate.passage, candidate.quote or candidate.sentence))
        parts.append(f"{phrase(candidate)} [{numbers[candidate.passage.id]}]")
    return Answer(answer=" ".join(parts), citations=citations, found=True)
