"""Hybrid retrieval: dense (Chroma) and BM25 rankings fused by reciprocal rank, with driver and kind filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.config import Settings, get_settings
from assistant.errors import InputError, StoreError
from assistant.models import Driver, Passage, PassageKind, SearchHit
from assistant.retrieval.bm25 import BM25
from assistant.retrieval.embedder import TextEmbedder, load_embedder
from assistant.retrieval.indexer import embedding_text
from assistant.retrieval.lexicon import expand
from assistant.retrieval.store import Manifest, PassageStore

MAX_K = 50
MAX_QUERY_CHARS = 2000
# Reciprocal-rank fusion constant and weights, chosen on the evaluation set (see evaluation/README.md).
RRF_K = 30
DENSE_WEIGHT = 1.0
SPARSE_WEIGHT = 0.7
# Weight of the lexicon's source words relative to the words the user typed.
EXPANSION_WEIGHT = 0.6
CANDIDATES = 40


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
    """Loads the passages once; each search embeds the query and fuses the two rankings."""

    def __init__(self, settings: Settings | None = None, embedder: TextEmbedder | None = None) -> None:
        self.settings = settings or get_settings()
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
        where = _where(drivers, kinds)
        vector = vector or self.embedder.embed_query(query)
        dense = self.store.query(vector, max(CANDIDATES, k), where)
        dense_sim = dict(dense)
        sparse_all = self.bm25.scores(query, expand(query), EXPANSION_WEIGHT)
        sparse = sorted(
            (
                (self.passages[i].id, s)
                for i, s in enumerate(sparse_all)
                if s > 0 and self._allowed(self.passages[i], drivers, kinds)
            ),
            key=lambda item: -item[1],
        )[: max(CANDIDATES, k)]
        sparse_score = dict(sparse)
        fused: dict[str, float] = {}
        for weight, ranking in ((DENSE_WEIGHT, dense), (SPARSE_WEIGHT, sparse)):
            for rank, (pid, _) in enumerate(ranking):
                fused[pid] = fused.get(pid, 0.0) + weight / (RRF_K + rank + 1)
        ranked = sorted(fused.items(), key=lambda item: (-item[1], self.position.get(item[0], 0)))
        out = []
        for pid, score in ranked[:k]:
            passage = self.by_id.get(pid)
            if passage is not None:
                out.append(Scored(passage, score, dense_sim.get(pid, 0.0), sparse_score.get(pid, 0.0)))
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


def _where(drivers: set[Driver] | None, kinds: set[PassageKind] | None) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if drivers:
        clauses.append({"driver": {"$in": sorted(d.value for d in drivers)}})
    if kinds:
        clauses.append({"kind": {"$in": sorted(k.value for k in kinds)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}
