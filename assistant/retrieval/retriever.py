"""Hybrid retrieval: dense (Chroma) and BM25 rankings fused by reciprocal rank, with driver and kind filters."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.config import Settings, get_settings
from assistant.errors import InputError, StoreError
from assistant.models import Driver, Passage, PassageKind, SearchHit
from assistant.retrieval.bm25 import BM25
from assistant.retrieval.embedder import TextEmbedder, load_embedder
from assistant.retrieval.indexer import embedding_text
from assistant.retrieval.intent import Intent, QuestionType, answers_type, read_intent
from assistant.retrieval.lexicon import expand
from assistant.retrieval.store import Manifest, PassageStore

MAX_K = 50
MAX_QUERY_CHARS = 2000
CANDIDATES = 40
# Queries embedded together by search_many.
BATCH = 64


@dataclass(frozen=True)
class Weights:
    """How the rankings are fused and nudged; chosen on the tuned part of the gold set (see evaluation/README.md).

    Boosts are in reciprocal-rank units: a first place in one list is worth weight / (rrf_k + 1).
    """

    rrf_k: int = 30
    dense: float = 1.0
    sparse: float = 0.7
    # Weight of the lexicon's source words relative to the words the user typed.
    expansion: float = 0.6
    # A passage of the kind of text the question asks for ("how often" → a rhythm, "what is" → a definition).
    type_match: float = 0.01
    # Case examples come after best practice unless the question asks for an example.
    example_penalty: float = 0.0
    # A passage of a driver the question names.
    driver_match: float = 0.0


WEIGHTS = Weights()


@dataclass(frozen=True)
class Scored:
    passage: Passage
    score: float
    dense: float
    sparse: float


def check_query(query: str) -> str:
    cleaned = " ".join(query.split())
    if not cleaned:
        raise InputError("The question is empty; type a few words about what you are looking for.")
    if len(cleaned) > MAX_QUERY_CHARS:
        raise InputError(f"The question is {len(cleaned)} characters long; keep it under {MAX_QUERY_CHARS}.")
    return cleaned


def check_k(k: int) -> int:
    if not 1 <= k <= MAX_K:
        raise InputError(f"--k must be between 1 and {MAX_K}, not {k}.")
    return k


class Retriever:
    """Loads the passages and their vectors once; each search embeds the query and fuses the two rankings.

    The vectors (a passage's own and its sentences') sit in one matrix in memory: over a few hundred passages a
    matrix product is faster than a vector index, and the query's embedding is most of a search's time.
    """

    def __init__(
        self, settings: Settings | None = None, embedder: TextEmbedder | None = None, weights: Weights | None = None
    ) -> None:
        self.settings = settings or get_settings()
        self.weights = weights or WEIGHTS
        self.store = PassageStore.for_settings(self.settings)
        if not self.store.exists:
            raise StoreError("There is no index yet; run `cip-assistant index` first.")
        self.embedder = embedder or load_embedder(self.settings.embedding_model)
        manifest = Manifest.load(self.settings.manifest_path, self.store)
        self.generation = manifest.generation
        built_with = manifest.model
        if built_with and built_with != self.embedder.identity:
            raise StoreError(
                "The index was built with a different embedding model than the one configured; "
                "run `cip-assistant index --rebuild` so queries and passages use the same model."
            )
        self.passages = self.store.all_passages()
        if not self.passages:
            raise StoreError("The index is empty; run `cip-assistant index --rebuild`.")
        self.by_id = {p.id: p for p in self.passages}
        # Document order (source, then position in it) for anything shown as a sequence.
        self.passages_in_order = sorted(self.passages, key=lambda p: (p.source, p.order))
        self.position = {p.id: i for i, p in enumerate(self.passages)}
        self.bm25 = BM25([embedding_text(p) for p in self.passages])
        self._load_vectors()
        from assistant.knowledge.sources import bundled_sources

        sources = self.settings.sources_dir
        self.bundled = {path.name for path in bundled_sources(sources)} if sources.is_dir() else set()

    def is_added(self, passage: Passage) -> bool:
        """Whether a passage comes from a document a district added rather than from the bundled guidance."""
        return passage.source not in self.bundled

    def _load_vectors(self) -> None:
        stored = [row for row in self.store.vectors() if row[0] in self.position]
        rows = [(self.position[pid], vector) for pid, vector, _ in stored]
        # The sentences' vectors serve answers too: composing one then embeds only the question.
        self.embedder.remember({text: vector for _, vector, text in stored if text})
        if not rows:
            self.matrix = np.zeros((0, 1), dtype=np.float32)
            self.owner = np.zeros(0, dtype=np.int64)
            return
        self.matrix = np.asarray([vector for _, vector in rows], dtype=np.float32)
        self.owner = np.asarray([index for index, _ in rows], dtype=np.int64)
        # Passages known by type, so a question's type nudges them without reading their text at every search.
        self._kinds = np.asarray([p.kind.value for p in self.passages])
        self._drivers = np.asarray([p.driver.value if p.driver else "" for p in self.passages])
        self._type_match = {
            kind: np.asarray([answers_type(kind, p.text, p.kind) for p in self.passages], dtype=bool)
            for kind in QuestionType
        }

    def dense_scores(self, vector: list[float] | np.ndarray) -> np.ndarray:
        """Cosine similarity of every passage to the query: the best of its own vector and its sentences'."""
        best = np.full(len(self.passages), -1.0, dtype=np.float32)
        if len(self.owner):
            np.maximum.at(best, self.owner, self.matrix @ np.asarray(vector, dtype=np.float32))
        return best

    def embed_queries(self, queries: list[str]) -> list[list[float]]:
        """Query vectors in one batch (a batch of searches pays the model's per-call cost once)."""
        return self.embedder.embed([check_query(q) for q in queries])

    def stale(self) -> bool:
        """Whether another process has changed the index since these passages were loaded."""
        return Manifest.load(self.settings.manifest_path, self.store).generation != self.generation

    def passage(self, pid: str) -> Passage | None:
        return self.by_id.get(pid)

    def _allowed(self, passage: Passage, drivers: set[Driver] | None, kinds: set[PassageKind] | None) -> bool:
        return (not drivers or passage.driver in drivers) and (not kinds or passage.kind in kinds)

    def scored(
        self,
        query: str,
        k: int = 5,
        *,
        drivers: set[Driver] | None = None,
        kinds: set[PassageKind] | None = None,
        vector: list[float] | None = None,
    ) -> list[Scored]:
        """`vector` is the query's embedding when the caller already has it."""
        query = check_query(query)
        check_k(k)
        vector = vector or self.embedder.embed_query(query)
        w = self.weights
        allowed = np.asarray([self._allowed(p, drivers, kinds) for p in self.passages], dtype=bool)
        dense_all = self.dense_scores(vector)
        sparse_all = np.asarray(self.bm25.scores(query, expand(query), w.expansion), dtype=np.float64)
        depth = max(CANDIDATES, k)
        fused = np.zeros(len(self.passages), dtype=np.float64)
        for weight, ranking in self._rankings(query, vector, dense_all, sparse_all, allowed, depth):
            fused[ranking] += weight / (w.rrf_k + np.arange(1, len(ranking) + 1))
        fused += self._nudges(read_intent(query), fused > 0, drivers, kinds)
        order = sorted(np.flatnonzero(fused > 0), key=lambda i: (-fused[i], i))[:k]
        return [
            Scored(self.passages[i], float(fused[i]), float(max(dense_all[i], 0.0)), float(sparse_all[i]))
            for i in order
        ]

    def _rankings(
        self,
        query: str,
        vector: list[float],
        dense: np.ndarray,
        sparse: np.ndarray,
        allowed: np.ndarray,
        depth: int,
    ) -> list[tuple[float, np.ndarray]]:
        """The lists to fuse, each as passage indexes best first, with its weight."""
        dense_rank = [i for i in np.argsort(-dense, kind="stable") if allowed[i]][:depth]
        sparse_rank = [i for i in np.argsort(-sparse, kind="stable") if allowed[i] and sparse[i] > 0][:depth]
        return [
            (self.weights.dense, np.asarray(dense_rank, dtype=np.int64)),
            (self.weights.sparse, np.asarray(sparse_rank, dtype=np.int64)),
        ]

    def _nudges(
        self, intent: Intent, found: np.ndarray, drivers: set[Driver] | None, kinds: set[PassageKind] | None
    ) -> np.ndarray:
        """Soft boosts from what the question asks for; a caller's own driver or kind filter takes their place."""
        w = self.weights
        out = np.zeros(len(self.passages), dtype=np.float64)
        if kinds:
            return out
        if intent.type is not QuestionType.other:
            out += w.type_match * self._type_match[intent.type]
        if not intent.wants_example:
            out -= w.example_penalty * (self._kinds == PassageKind.case_example.value)
        if intent.drivers and not drivers:
            out += w.driver_match * np.isin(self._drivers, [d.value for d in intent.drivers])
        return np.asarray(out * found, dtype=np.float64)

    def search_many(
        self,
        queries: list[str],
        k: int = 5,
        *,
        drivers: set[Driver] | None = None,
        kinds: set[PassageKind] | None = None,
    ) -> list[list[SearchHit]]:
        """Several searches with their queries embedded in one batch: each query after the first costs little."""
        out: list[list[SearchHit]] = []
        for start in range(0, len(queries), BATCH):
            chunk = queries[start : start + BATCH]
            for query, vector in zip(chunk, self.embed_queries(chunk), strict=True):
                scored = self.scored(query, k, drivers=drivers, kinds=kinds, vector=vector)
                out.append([SearchHit.from_passage(s.passage, s.score) for s in scored])
        return out

    def search(
        self,
        query: str,
        k: int = 5,
        *,
        drivers: set[Driver] | None = None,
        kinds: set[PassageKind] | None = None,
    ) -> list[SearchHit]:
        return [SearchHit.from_passage(s.passage, s.score) for s in self.scored(query, k, drivers=drivers, kinds=kinds)]
