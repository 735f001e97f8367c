"""The Chroma persistent store of passages and vectors, and the manifest of what is indexed from which document."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import StoreError
from assistant.models import Driver, Passage, PassageKind

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

COLLECTION = "passages"
SENTENCES = "sentences"
MANIFEST_VERSION = 1


def atomic_write_text(path: Path, text: str) -> None:
    """Write through a temporary file and a rename, so a crash leaves the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@dataclass
class Manifest:
    """Which documents are in the index, by content hash, and which embedding model made the vectors."""

    path: Path
    model: str = ""
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        if not path.is_file():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, str(data.get("model", "")), dict(data.get("documents", {})))
        except (OSError, ValueError, AttributeError) as exc:
            raise StoreError(f"The index manifest {path} is damaged; run `cip-assistant index --rebuild`.") from exc

    def save(self) -> None:
        payload = {"version": MANIFEST_VERSION, "model": self.model, "documents": self.documents}
        atomic_write_text(self.path, json.dumps(payload, indent=1, sort_keys=True))


@contextlib.contextmanager
def writer_lock(directory: Path) -> Iterator[None]:
    """One writer per index directory: a second one gets a clear message instead of corrupting the store."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "writer.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise StoreError(
                f"Another process is updating the index in {directory}; wait for it to finish and try again."
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _metadata(passage: Passage, document: str) -> dict[str, str | int]:
    return {
        "source": passage.source,
        "section": passage.section,
        "driver": passage.driver.value if passage.driver else "",
        "kind": passage.kind.value,
        "domain": passage.domain or "",
        "heading": passage.heading or "",
        "order": passage.order,
        "document": document,
    }


def _passage(pid: str, text: str, meta: dict[str, Any]) -> Passage:
    return Passage(
        id=pid,
        text=text,
        source=str(meta.get("source", "")),
        section=str(meta.get("section", "")),
        driver=Driver(meta["driver"]) if meta.get("driver") else None,
        kind=PassageKind(meta.get("kind", "summary")),
        domain=str(meta.get("domain") or "") or None,
        heading=str(meta.get("heading") or "") or None,
        order=int(meta.get("order") or 0),
    )


class PassageStore:
    """Passages and their vectors in a Chroma persistent collection (cosine space)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._collection: Collection | None = None
        self._sentences: Collection | None = None

    @property
    def exists(self) -> bool:
        return (self.directory / "chroma.sqlite3").is_file()

    @property
    def collection(self) -> Collection:
        if self._collection is None:
            os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
            try:
                import chromadb
                from chromadb.config import Settings as ChromaSettings

                client = chromadb.PersistentClient(
                    path=str(self.directory),
                    settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False),
                )
                self._collection = client.get_or_create_collection(
                    COLLECTION, embedding_function=None, metadata={"hnsw:space": "cosine"}
                )
                self._sentences = client.get_or_create_collection(
                    SENTENCES, embedding_function=None, metadata={"hnsw:space": "cosine"}
                )
            except StoreError:
                raise
            except Exception as exc:
                raise StoreError(
                    f"The index in {self.directory} cannot be opened ({type(exc).__name__}); "
                    "run `cip-assistant index --rebuild` to rebuild it from the sources."
                ) from exc
        return self._collection

    def _guard(self, action: str) -> contextlib.AbstractContextManager[None]:
        directory = self.directory

        @contextlib.contextmanager
        def guard() -> Iterator[None]:
            try:
                yield
            except StoreError:
                raise
            except Exception as exc:
                raise StoreError(
                    f"The index in {directory} failed while {action} ({type(exc).__name__}); "
                    "run `cip-assistant index --rebuild`."
                ) from exc

        return guard()

    @property
    def sentences(self) -> Collection:
        """One vector per sentence or list item, pointing at its passage: a long cell is found by any of its lines."""
        if self._sentences is None:
            _ = self.collection
        assert self._sentences is not None
        return self._sentences

    def count(self) -> int:
        with self._guard("counting passages"):
            return int(self.collection.count())

    def add(
        self,
        document: str,
        passages: list[Passage],
        embeddings: list[list[float]],
        units: list[tuple[str, str]] | None = None,
        unit_embeddings: list[list[float]] | None = None,
    ) -> None:
        """Store passages and, optionally, their sentence units as (passage id, text) with vectors."""
        if not passages:
            return
        by_id = {p.id: p for p in passages}
        with self._guard("adding passages"):
            self.collection.upsert(
                ids=[p.id for p in passages],
                documents=[p.text for p in passages],
                metadatas=[_metadata(p, document) for p in passages],
                embeddings=embeddings,  # type: ignore[arg-type]
            )
            if units and unit_embeddings:
                self.sentences.upsert(
                    ids=[f"{pid}:{n}" for n, (pid, _) in enumerate(units)],
                    documents=[text for _, text in units],
                    metadatas=[{**_metadata(by_id[pid], document), "passage": pid} for pid, _ in units],
                    embeddings=unit_embeddings,  # type: ignore[arg-type]
                )

    def delete_document(self, document: str) -> None:
        with self._guard("removing a document"):
            self.collection.delete(where={"document": document})
            self.sentences.delete(where={"document": document})

    def all_passages(self) -> list[Passage]:
        with self._guard("reading passages"):
            got = self.collection.get(include=["documents", "metadatas"])
        ids = got["ids"]
        texts = got["documents"] or []
        metas = got["metadatas"] or []
        passages = [_passage(pid, text, dict(meta)) for pid, text, meta in zip(ids, texts, metas, strict=True)]
        return sorted(passages, key=lambda p: (p.source, p.id))

    def query(self, embedding: list[float], n: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """Ids of the nearest passages with their cosine similarity, a passage scoring as its best sentence."""
        best: dict[str, float] = {}
        with self._guard("searching"):
            for collection, many in ((self.collection, n), (self.sentences, 3 * n)):
                total = collection.count()
                if total == 0:
                    continue
                got = collection.query(
                    query_embeddings=[embedding],  # type: ignore[arg-type]
                    n_results=min(many, total),
                    where=where,
                    include=["distances", "metadatas"],
                )
                metas = (got["metadatas"] or [[]])[0]
                distances = (got["distances"] or [[]])[0]
                for uid, meta, distance in zip(got["ids"][0], metas, distances, strict=True):
                    pid = str(meta.get("passage") or uid)
                    best[pid] = max(best.get(pid, -1.0), 1.0 - float(distance))
        return sorted(best.items(), key=lambda item: -item[1])[:n]
