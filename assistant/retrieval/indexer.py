"""Build and update the index incrementally: a document is (re)embedded only when its content hash changed.

Each document is committed to the store and then recorded in the manifest, so an interrupted run leaves every
finished document whole and the unfinished one simply re-indexed next time.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import Settings, get_settings
from assistant.errors import DocumentError, StoreError
from assistant.knowledge.text import content_hash
from assistant.models import Passage
from assistant.retrieval.store import DAMAGED, Manifest, PassageStore, store_is_sound, writer_lock

if TYPE_CHECKING:
    from assistant.retrieval.embedder import TextEmbedder

# Bump when parsing changes, so every document is re-read once.
PARSER_VERSION = "6"
# Present while an index run writes to the embedded store: if a run is killed, the next one checks every vector.
INTERRUPTED = ".writing"


@dataclass(frozen=True)
class SourceDocument:
    key: str
    path: Path
    bundled: bool

    def digest(self, extra: bytes = b"") -> str:
        return content_hash(PARSER_VERSION.encode() + extra + self.path.read_bytes())

    def passages(self) -> list[Passage]:
        if self.bundled:
            from assistant.knowledge.sources import parse_source

            return parse_source(self.path)
        from assistant.knowledge.documents import document_passages

        return document_passages(self.path)


@dataclass(frozen=True)
class Failure:
    """A document that could not be indexed: its file name and the one sentence saying why."""

    name: str
    reason: str


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    passages: int = 0
    failed: list[Failure] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        if not self.changed:
            return f"The index is up to date ({self.unchanged} documents, {self.passages} passages)."
        parts = []
        for label, names in (("added", self.added), ("updated", self.updated), ("removed", self.removed)):
            if names:
                parts.append(f"{label} {', '.join(names)}")
        return f"Indexed: {'; '.join(parts)}. {self.passages} passages in all."

    def failures(self) -> str:
        """One sentence per document that could not be indexed (empty when every one was)."""
        return " ".join(failure.reason for failure in self.failed)


def documents(settings: Settings) -> list[SourceDocument]:
    from assistant.knowledge.sources import bundled_sources

    docs = [SourceDocument(f"kb/{p.name}", p, True) for p in bundled_sources(settings.sources_dir)]
    docs += [SourceDocument(f"doc/{p.name}", p, False) for p in added_documents(settings)]
    return docs


def added_documents(settings: Settings) -> list[Path]:
    """The copies of added documents in the home, a name with a leading dot (".notes.md") included.

    What add_documents copies has a kind of document's extension; the folder's other files are not documents:
    its own temporary files (".plan.md.tmp") and what a file manager leaves (".DS_Store", "Thumbs.db").
    """
    from assistant.knowledge.documents import SUPPORTED_SUFFIXES

    folder = settings.documents_dir
    if not folder.is_dir():
        return []
    return [p for p in sorted(folder.iterdir()) if p.suffix.lower() in SUPPORTED_SUFFIXES and p.is_file()]


def _curated_fingerprint(settings: Settings) -> bytes:
    # Driver aliases decide which driver a passage belongs to, so they are part of a bundled document's hash.
    path = settings.knowledge_base / "drivers.yaml"
    return path.read_bytes() if path.is_file() else b""


def add_documents(paths: list[Path], settings: Settings | None = None) -> list[Path]:
    """Check every new document fully before copying any into the home, so one bad file changes nothing."""
    checked, failed = check_documents(paths)
    if failed:
        raise DocumentError(failed[0].reason)
    return _copy_documents(checked, settings or get_settings())


def add_each_document(paths: list[Path], settings: Settings | None = None) -> tuple[list[Path], list[Failure]]:
    """Copy into the home every document that reads well; the others are returned with the reason, untouched."""
    checked, failed = check_documents(paths)
    return _copy_documents(checked, settings or get_settings()), failed


def check_documents(paths: list[Path]) -> tuple[list[tuple[Path, bytes]], list[Failure]]:
    """Read and parse each document on its own: the bytes of those that can be indexed, and why the others cannot."""
    from assistant.knowledge.documents import document_passages, read_document

    checked: list[tuple[Path, bytes]] = []
    failed: list[Failure] = []
    names: set[str] = set()
    for path in paths:
        if path.name in names:
            reason = f"Two documents are named {path.name}; rename one so each can be cited apart."
            failed.append(Failure(path.name, reason))
            continue
        try:
            data = read_document(path)
            document_passages(path, data)
        except DocumentError as exc:
            failed.append(Failure(path.name, str(exc)))
            continue
        names.add(path.name)
        checked.append((path, data))
    return checked, failed


def _copy_documents(checked: list[tuple[Path, bytes]], settings: Settings) -> list[Path]:
    if not checked:
        return []
    settings.documents_dir.mkdir(parents=True, exist_ok=True)
    copies = []
    for path, data in checked:
        target = settings.documents_dir / path.name
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        copies.append(target)
    return copies


def _model_identity(settings: Settings) -> str:
    from assistant.retrieval.embedder import load_embedder

    return load_embedder(settings.embedding_model).identity


def _plan(
    settings: Settings, manifest: Manifest, model: str, store: PassageStore
) -> tuple[list[SourceDocument], list[str], dict[str, str]]:
    docs = documents(settings)
    extra = _curated_fingerprint(settings)
    hashes = {doc.key: doc.digest(extra if doc.bundled else b"") for doc in docs}
    store_ok = manifest.model == model and store.exists
    todo = [doc for doc in docs if not store_ok or manifest.documents.get(doc.key, {}).get("hash") != hashes[doc.key]]
    gone = [key for key in manifest.documents if key not in hashes]
    if store.remote:
        # A shared index holds documents other servers added; only `index --remove` takes one of those out.
        gone = [key for key in gone if key.startswith("kb/")]
    return todo, gone, hashes


def index_exists(settings: Settings) -> bool:
    """Whether there is an index to search, in the home or in the configured Chroma server."""
    if not settings.chroma_url:
        return (settings.store_dir / "chroma.sqlite3").is_file()
    return PassageStore.for_settings(settings).exists


def remove_documents(names: list[str], settings: Settings | None = None) -> list[str]:
    """Take added documents out of the index and the home; returns the names removed.

    The manifest marks a document as being removed before anything is deleted, so an interrupted removal is
    finished by the next index run instead of leaving a listed document without passages.
    """
    settings = settings or get_settings()
    removed = []
    with writer_lock(settings.home):
        store = PassageStore.for_settings(settings)
        manifest = Manifest.load(settings.manifest_path, store)
        for name in names:
            base = Path(name.strip()).name
            if not base or len(base.encode("utf-8", "replace")) > 255:
                raise DocumentError(f"'{name[:60]}' cannot name an added document; give its file name, e.g. plan.docx.")
            key = f"doc/{base}"
            copy = settings.documents_dir / base
            if key not in manifest.documents and not copy.is_file():
                known = ", ".join(sorted(d.split("/", 1)[1] for d in manifest.documents if d.startswith("doc/")))
                raise DocumentError(f"No added document is named {name}. Added documents: {known or 'none'}.")
            manifest.documents.setdefault(key, {"name": copy.name})[REMOVING] = True
            manifest.save()
            with _writing(settings, store):
                _finish_removal(settings, store, manifest, key)
            removed.append(copy.name)
    return removed


REMOVING = "removing"


def _finish_removal(settings: Settings, store: PassageStore, manifest: Manifest, key: str) -> None:
    """Delete the copy and the passages, then compact the store so no free page keeps the text.

    The manifest forgets the document last: if compacting fails, the next index run finishes the removal.
    """
    (settings.documents_dir / key.split("/", 1)[1]).unlink(missing_ok=True)
    if store.exists:
        store.delete_document(key)
        store.compact()
    manifest.documents.pop(key, None)
    manifest.save()


def build_index(
    settings: Settings | None = None,
    *,
    rebuild: bool = False,
    progress: Callable[[str], None] | None = None,
) -> IndexReport:
    settings = settings or get_settings()
    report = IndexReport()
    with writer_lock(settings.home), _scrubbed_memory():
        store = PassageStore.for_settings(settings)
        local = not store.remote
        _remove_leftovers(settings)
        damaged = (settings.store_dir / DAMAGED).exists() or not store_is_sound(settings.store_dir)
        if local and not rebuild and settings.store_dir.exists() and damaged:
            # A damaged store (or one Chroma failed to open) is rebuilt from the sources, all kept on disk, rather
            # than reported up to date.
            print("The index was damaged; rebuilding it from the sources.", file=sys.stderr)
            rebuild = True
        if local and not rebuild and (settings.store_dir / INTERRUPTED).exists():
            # Chroma can lose a vector it had acknowledged when killed mid-write; the sources are all on disk.
            if store.exists and store.unreachable():
                print("The last index run was interrupted; rebuilding the index from the sources.", file=sys.stderr)
                rebuild = True
            else:
                (settings.store_dir / INTERRUPTED).unlink(missing_ok=True)
        if rebuild:
            if local and settings.store_dir.exists():
                store.close()
                _set_aside(settings.store_dir)
            elif not local:
                _check_rebuild_possible(settings, Manifest.load(settings.manifest_path, store))
                store.drop()
            store = PassageStore.for_settings(settings)
        manifest = Manifest.load(settings.manifest_path, store)
        from assistant.retrieval.embedder import load_embedder

        embedder = load_embedder(settings.embedding_model)
        if manifest.model and manifest.model != embedder.identity and not rebuild:
            raise StoreError(
                "The index was built with a different embedding model; run `cip-assistant index --rebuild` "
                "so old and new vectors are not mixed."
            )
        for key in [k for k, entry in manifest.documents.items() if entry.get(REMOVING)]:
            _finish_removal(settings, store, manifest, key)  # a removal that was interrupted
        todo, gone, hashes = _plan(settings, manifest, embedder.identity, store)
        report.unchanged = len(hashes) - len(todo)
        if not todo and not gone:
            report.passages = sum(int(d.get("count", 0)) for d in manifest.documents.values())
            return report
        if not store.exists:
            manifest.documents.clear()
        manifest.model = embedder.identity
        with _writing(settings, store):
            _write_documents(settings, store, manifest, embedder, todo, gone, hashes, report, progress)
        if gone and local:
            store.compact()
        if rebuild and local:
            # The new index is whole; the old one would keep the text of every document removed since.
            _drop_set_aside(settings.store_dir)
        report.passages = sum(int(d.get("count", 0)) for d in manifest.documents.values())
        return report


# glibc's M_PERTURB: every block handed out is filled with a byte, and every block given back too.
_M_PERTURB = -6


@contextlib.contextmanager
def _scrubbed_memory() -> Iterator[None]:
    """While the index is written, memory the process reuses holds no text it held before.

    The vector index writes whole blocks of memory to disk, unused link slots included; without this a block
    reused from the text of a document just removed could carry words of it into the new index files."""
    libc = None
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_PERTURB, 0xA5)
    try:
        yield
    finally:
        if libc is not None:
            libc.mallopt(_M_PERTURB, 0)


@contextlib.contextmanager
def _writing(settings: Settings, store: PassageStore) -> Iterator[None]:
    """Mark the embedded store as being written until the run ends normally (an error ends it normally too)."""
    marker = settings.store_dir / INTERRUPTED
    if not store.remote:
        settings.store_dir.mkdir(parents=True, exist_ok=True)
        marker.touch()
    if store.exists:
        store.save_vectors_promptly()
    try:
        yield
    finally:
        if not store.remote:
            marker.unlink(missing_ok=True)


def _write_documents(
    settings: Settings,
    store: PassageStore,
    manifest: Manifest,
    embedder: TextEmbedder,
    todo: list[SourceDocument],
    gone: list[str],
    hashes: dict[str, str],
    report: IndexReport,
    progress: Callable[[str], None] | None,
) -> None:
    for key in gone:
        store.delete_document(key)
        manifest.documents.pop(key, None)
        manifest.save()
        report.removed.append(key.split("/", 1)[1])
    bar = _progress_bar(len(todo))
    try:
        for doc in todo:
            if progress:
                progress(doc.path.name)
            try:
                passages = doc.passages()
            except DocumentError:
                if doc.bundled:
                    raise
                # A stored document that no longer parses is skipped with a word, not fatal for the others.
                print(f"Skipped {doc.path.name}: it can no longer be read.", file=sys.stderr)
                report.failed.append(
                    Failure(doc.path.name, f"{doc.path.name} can no longer be read; add a readable copy or remove it.")
                )
                continue
            units = [(p.id, unit) for p in passages for unit in sentence_units(p)]
            vectors = embedder.embed([embedding_text(p) for p in passages] + [text for _, text in units])
            known = doc.key in manifest.documents
            store.delete_document(doc.key)
            store.add(doc.key, passages, vectors[: len(passages)], units, vectors[len(passages) :])
            manifest.documents[doc.key] = {"hash": hashes[doc.key], "count": len(passages), "name": doc.path.name}
            manifest.save()
            (report.updated if known else report.added).append(doc.path.name)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()


def _remove_leftovers(settings: Settings) -> None:
    """Temporary files of writes that a killed process never finished (the real files were never replaced)."""
    for folder, pattern in ((settings.store_dir, ".manifest.json.*.tmp"), (settings.documents_dir, ".*.tmp")):
        if folder.is_dir():
            for leftover in folder.glob(pattern):
                leftover.unlink(missing_ok=True)


def _check_rebuild_possible(settings: Settings, manifest: Manifest) -> None:
    """A shared index is rebuilt from this home's copies, so every added document must be here."""
    missing = sorted(
        key.split("/", 1)[1]
        for key in manifest.documents
        if key.startswith("doc/") and not (settings.documents_dir / key.split("/", 1)[1]).is_file()
    )
    if missing:
        raise StoreError(
            f"Cannot rebuild the shared index from here: {', '.join(missing)} were added on another server. "
            f"Copy them into {settings.documents_dir} first, or rebuild where they were added."
        )


def embedding_text(passage: Passage) -> str:
    """What the model sees: the heading path gives a short passage its context ("Coaching › …")."""
    return f"{passage.section}\n{passage.text}"


def sentence_units(passage: Passage) -> list[str]:
    """The sentences and list items of a passage worth a vector of their own (not its heading, not labels)."""
    from assistant.knowledge.text import sentences

    units = []
    for sentence in sentences(passage.text):
        if sentence == passage.heading or len(sentence) < 25 or (sentence.endswith(":") and len(sentence) < 60):
            continue
        units.append(sentence)
    return units if len(units) > 1 else []


def _set_aside(directory: Path) -> None:
    if "chromadb" in sys.modules:
        # Chroma keeps one open store per path for the life of the process; the new store must not reuse it.
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient._identifier_to_system.pop(str(directory), None)
    backup = _set_aside_path(directory)
    if backup.exists():
        shutil.rmtree(backup)
    directory.rename(backup)


def _set_aside_path(directory: Path) -> Path:
    """Where a rebuild keeps the old index until the new one is whole (a failed rebuild leaves it there)."""
    return directory.with_name(directory.name + ".old")


def _drop_set_aside(directory: Path) -> None:
    backup = _set_aside_path(directory)
    try:
        shutil.rmtree(backup)
    except FileNotFoundError:
        pass
    except OSError as exc:
        print(f"The old index could not be removed ({exc.strerror}); delete {backup} by hand.", file=sys.stderr)


def _progress_bar(total: int):  # type: ignore[no-untyped-def]
    if total < 2 or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="Indexing", unit="doc", file=sys.stderr)
