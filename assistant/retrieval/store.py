"""The Chroma store of passages and vectors, and the manifest of what is indexed from which document.

By default both live in the home (an embedded Chroma store and a JSON manifest). With a Chroma server configured
(`chroma_url`), passages, vectors and the manifest all live in the server, so several web servers share one index.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import StoreError
from assistant.models import Driver, Passage, PassageKind

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

    from assistant.config import Settings as AppSettings

# Network failures talking to a Chroma server: the index is fine, the server is not answering.
_UNREACHABLE = {"ConnectError", "ConnectTimeout", "ReadTimeout", "RemoteProtocolError", "ConnectionError"}

COLLECTION = "passages"
SENTENCES = "sentences"
# In a Chroma server the manifest is the metadata of a collection of its own, read and replaced in one request.
MANIFEST_COLLECTION = "cip_manifest"
MANIFEST_VERSION = 1
# Chroma keeps every write, text included, in its log (the `embeddings_queue` table) until the vector index is
# saved to disk, by default every 1000 vectors. Saving after every write lets Chroma drop a document's text from
# the log as soon as the document is deleted; 2 is the smallest threshold Chroma accepts.
SYNC_THRESHOLD = 2
_COLLECTION_METADATA = {"hnsw:space": "cosine", "hnsw:sync_threshold": SYNC_THRESHOLD}
# Left in the index folder when Chroma could not open or read it, so the next `cip-assistant index` rebuilds it.
DAMAGED = ".damaged"
# SQLite result codes that mean the file itself is broken (not busy, locked or unreadable for lack of rights).
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


def chroma_failed(exc: BaseException) -> bool:
    """Whether `exc` is a failure of Chroma rather than a request to stop.

    Chroma's Rust core reports a damaged store as a pyo3 PanicException, which derives from BaseException.
    """
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def store_is_sound(directory: Path) -> bool:
    """A quick SQLite check of Chroma's database file, without importing Chroma (so it stays fast).

    Only a file SQLite calls corrupt fails it; one that cannot be opened here (a read-only folder) is left to Chroma.
    """
    import sqlite3

    path = directory / "chroma.sqlite3"
    if not path.is_file():
        return True
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return bool(db.execute("PRAGMA quick_check").fetchone()[0] == "ok")
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", None)
        return code is not None and code & 0xFF not in _CORRUPT_CODES


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
    """Which documents are in the index, by content hash, and which embedding model made the vectors.

    `generation` grows with every save, so a long-running server can tell cheaply that another process changed
    the index and reload it.
    """

    path: Path
    model: str = ""
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    generation: int = 0
    store: PassageStore | None = field(default=None, repr=False, compare=False)

    @classmethod
    def load(cls, path: Path, store: PassageStore | None = None) -> Manifest:
        """The manifest beside the embedded store, or inside the Chroma server when `store` is remote."""
        if store is not None and store.remote:
            return cls._parse(path, store.read_manifest(), store)
        if not path.is_file():
            return cls(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise StoreError(f"The index manifest {path} cannot be read ({exc.strerror}).") from exc
        return cls._parse(path, text, None)

    @classmethod
    def _parse(cls, path: Path, text: str | None, store: PassageStore | None) -> Manifest:
        if not text:
            return cls(path, store=store)
        try:
            data = json.loads(text)
            return cls(
                path,
                str(data.get("model", "")),
                dict(data.get("documents", {})),
                int(data.get("generation", 0)),
                store,
            )
        except (ValueError, AttributeError, TypeError) as exc:
            raise StoreError(f"The index manifest {path} is damaged; run `cip-assistant index --rebuild`.") from exc

    def save(self) -> None:
        self.generation += 1
        payload = {
            "version": MANIFEST_VERSION,
            "model": self.model,
            "documents": self.documents,
            "generation": self.generation,
        }
        text = json.dumps(payload, indent=1, sort_keys=True)
        if self.store is not None and self.store.remote:
            self.store.write_manifest(text)
        else:
            atomic_write_text(self.path, text)


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


def _server_address(url: str) -> tuple[str, int, bool]:
    """Host, port and TLS of a Chroma server URL such as http://127.0.0.1:8000."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise StoreError(f"'{url}' is not a Chroma server address; use a URL like http://127.0.0.1:8000.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise StoreError(f"'{url}' is not a Chroma server address; use a URL like http://127.0.0.1:8000.")
    tls = parts.scheme == "https"
    return parts.hostname, port or (443 if tls else 8000), tls


class PassageStore:
    """Passages and their vectors in Chroma collections (cosine space): embedded in a directory, or on a server."""

    def __init__(self, directory: Path, url: str = "") -> None:
        self.directory = directory
        self.url = url.strip()
        self._client: Any = None
        self._collection: Collection | None = None
        self._sentences: Collection | None = None

    @classmethod
    def for_settings(cls, settings: AppSettings) -> PassageStore:
        return cls(settings.store_dir, settings.chroma_url)

    @property
    def remote(self) -> bool:
        return bool(self.url)

    @property
    def where(self) -> str:
        """Where the index lives, for messages."""
        return f"the Chroma server at {self.url}" if self.remote else str(self.directory)

    @property
    def exists(self) -> bool:
        if not self.remote:
            return (self.directory / "chroma.sqlite3").is_file()
        with self._guard("looking for the index"):
            names = {getattr(c, "name", c) for c in self.client.list_collections()}
            return COLLECTION in names and self.collection.count() > 0

    @property
    def client(self) -> Any:
        if self._client is None:
            os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
            if not self.remote and not store_is_sound(self.directory):
                raise self._damaged("chroma.sqlite3 fails SQLite's integrity check")
            try:
                import chromadb
                from chromadb.config import Settings as ChromaSettings

                chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
                if self.remote:
                    host, port, tls = _server_address(self.url)
                    self._client = chromadb.HttpClient(host=host, port=port, ssl=tls, settings=chroma_settings)
                else:
                    self._client = chromadb.PersistentClient(path=str(self.directory), settings=chroma_settings)
            except StoreError:
                raise
            except BaseException as exc:
                if not chroma_failed(exc):
                    raise
                if self.remote:
                    raise StoreError(
                        f"Cannot reach the Chroma server at {self.url}; check that it is running and that "
                        "CIP_ASSISTANT_CHROMA_URL points at it."
                    ) from exc
                raise self._damaged("Chroma could not open it") from exc
        return self._client

    def _damaged(self, reason: str) -> StoreError:
        """The error for an embedded store Chroma cannot use, marked so that the next index run rebuilds it."""
        if "chromadb" in sys.modules:
            # Chroma keeps a store that failed to start for the life of the process; opening it again starts afresh.
            from chromadb.api.shared_system_client import SharedSystemClient

            SharedSystemClient._identifier_to_system.pop(str(self.directory), None)
        with contextlib.suppress(OSError):
            (self.directory / DAMAGED).touch()
        return StoreError(
            f"The index in {self.directory} is damaged ({reason}); "
            "run `cip-assistant index` to rebuild it from the sources."
        )

    @property
    def collection(self) -> Collection:
        if self._collection is None:
            client = self.client
            try:
                self._collection = client.get_or_create_collection(
                    COLLECTION, embedding_function=None, metadata=_COLLECTION_METADATA
                )
                self._sentences = client.get_or_create_collection(
                    SENTENCES, embedding_function=None, metadata=_COLLECTION_METADATA
                )
            except StoreError:
                raise
            except BaseException as exc:
                if not chroma_failed(exc):
                    raise
                if not self.remote:
                    raise self._damaged("Chroma could not read it") from exc
                raise StoreError(
                    f"The index in {self.where} cannot be opened ({type(exc).__name__}); "
                    "run `cip-assistant index --rebuild` to rebuild it from the sources."
                ) from exc
        return self._collection

    def save_vectors_promptly(self) -> None:
        """Switch collections made with Chroma's default of saving vectors every 1000 writes to SYNC_THRESHOLD."""
        with self._guard("preparing the index for writing"):
            for collection in (self.collection, self.sentences):
                hnsw = (getattr(collection, "configuration", None) or {}).get("hnsw") or {}
                if int(hnsw.get("sync_threshold") or 0) > SYNC_THRESHOLD:
                    collection.modify(configuration={"hnsw": {"sync_threshold": SYNC_THRESHOLD}})

    def close(self) -> None:
        """Let go of the Chroma client, so its SQLite connections close unless another store here shares them."""
        client, self._client = self._client, None
        self._collection = self._sentences = None
        if client is None:
            return
        close = getattr(client, "close", None)
        if callable(close):
            close()
        elif not self.remote and "chromadb" in sys.modules:
            # Chroma before 1.1 has no close(); forgetting its store for this path makes the next client open afresh.
            from chromadb.api.shared_system_client import SharedSystemClient

            SharedSystemClient._identifier_to_system.pop(str(self.directory), None)

    def compact(self) -> None:
        """Rewrite the embedded store's SQLite file, so deleted passages leave no text in its free space.

        Chroma has no call for it; its client is closed first so the rewrite does not wait on its connections.
        """
        if self.remote:
            return
        self.close()
        path = self.directory / "chroma.sqlite3"
        if not path.is_file():
            return
        import sqlite3

        try:
            db = sqlite3.connect(path, timeout=30, isolation_level=None)
            try:
                db.execute("VACUUM")
            finally:
                db.close()
        except sqlite3.Error as exc:
            raise StoreError(
                f"The index in {self.directory} could not be compacted ({exc}); removed text may remain in "
                "chroma.sqlite3 until `cip-assistant index` runs again."
            ) from exc

    def read_manifest(self) -> str | None:
        """The manifest kept in the server, or None when the index there has none yet."""
        with self._guard("reading the manifest"):
            names = {getattr(c, "name", c) for c in self.client.list_collections()}
            if MANIFEST_COLLECTION not in names:
                return None
            metadata = self.client.get_collection(MANIFEST_COLLECTION, embedding_function=None).metadata or {}
        text = metadata.get("manifest")
        return str(text) if text else None

    def write_manifest(self, text: str) -> None:
        with self._guard("saving the manifest"):
            collection = self.client.get_or_create_collection(
                MANIFEST_COLLECTION, embedding_function=None, metadata={"manifest": text}
            )
            collection.modify(metadata={"manifest": text})

    def drop(self) -> None:
        """Remove every collection of the index from the server (a rebuild starts from nothing)."""
        with self._guard("clearing the index"):
            names = {getattr(c, "name", c) for c in self.client.list_collections()}
            for name in (COLLECTION, SENTENCES, MANIFEST_COLLECTION):
                if name in names:
                    self.client.delete_collection(name)
        self._collection = self._sentences = None

    def _guard(self, action: str) -> contextlib.AbstractContextManager[None]:
        where = self.where

        @contextlib.contextmanager
        def guard() -> Iterator[None]:
            try:
                yield
            except StoreError:
                raise
            except BaseException as exc:
                if not chroma_failed(exc):
                    raise
                if not self.remote and not isinstance(exc, Exception):
                    raise self._damaged(f"Chroma failed while {action}") from exc
                if type(exc).__name__ in _UNREACHABLE:
                    raise StoreError(
                        f"Lost the connection to {where} while {action}; check that it is running and try again."
                    ) from exc
                raise StoreError(
                    f"The index in {where} failed while {action} ({type(exc).__name__}); "
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

    def unreachable(self, batch: int = 64) -> list[str]:
        """Ids of stored vectors that a search with their own vector does not return (a damaged vector index)."""
        lost: list[str] = []
        with self._guard("checking the vectors"):
            for collection in (self.collection, self.sentences):
                total = collection.count()
                if total == 0:
                    continue
                got = collection.get(include=["embeddings"])
                ids, vectors = got["ids"], got["embeddings"]
                for start in range(0, len(ids), batch):
                    chunk = ids[start : start + batch]
                    found = collection.query(
                        query_embeddings=[list(v) for v in vectors[start : start + batch]],  # type: ignore[arg-type,index]
                        n_results=min(10, total),
                        include=["distances"],
                    )
                    # A sentence repeated more than ten times may crowd out its own id: an identical vector counts.
                    distances = found["distances"] or [[] for _ in chunk]
                    for uid, near, dist in zip(chunk, found["ids"], distances, strict=True):
                        if uid not in near and not (dist and dist[0] < 1e-6):
                            lost.append(uid)
        return lost

    def all_passages(self) -> list[Passage]:
        with self._guard("reading passages"):
            got = self.collection.get(include=["documents", "metadatas"])
        ids = got["ids"]
        texts = got["documents"] or []
        metas = got["metadatas"] or []
        passages = [_passage(pid, text, dict(meta)) for pid, text, meta in zip(ids, texts, metas, strict=True)]
        return sorted(passages, key=lambda p: (p.source, p.id))

    def vectors(self) -> list[tuple[str, list[float], str]]:
        """Every stored vector as (passage id, vector, text embedded): the passages' own and their sentences', for
        in-memory search. A passage's own text is given empty, since what was embedded was its heading path too."""
        out: list[tuple[str, list[float], str]] = []
        with self._guard("reading the vectors"):
            for collection in (self.collection, self.sentences):
                got = collection.get(include=["embeddings", "metadatas", "documents"])
                metas = got["metadatas"] or []
                vectors = got["embeddings"]
                if vectors is None:
                    continue
                texts = got["documents"] or [""] * len(got["ids"])
                for uid, meta, vector, text in zip(got["ids"], metas, vectors, texts, strict=True):
                    passage = (meta or {}).get("passage")
                    out.append((str(passage or uid), [float(x) for x in vector], str(text or "") if passage else ""))
        return out

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
