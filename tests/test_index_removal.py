"""What leaves the home when a document is removed or the index rebuilt: every byte of the document's text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant import resources
from assistant.config import Settings
from assistant.retrieval.indexer import add_documents, build_index, remove_documents
from assistant.retrieval.store import COLLECTION, SENTENCES, SYNC_THRESHOLD, PassageStore

pytestmark = pytest.mark.slow

PHRASE = "quizzical-heron walkthrough"

NOTES = f"""# Marigold Elementary coaching notes

## Coaching

Our coaches run the {PHRASE} every other Tuesday with each new teacher.

The {PHRASE} records what each teacher tried and what they will try next.

## Data

The data team reviews the {PHRASE} forms each quarter, broken down by home language.
"""


def files_holding(home: Path, phrase: str) -> dict[str, int]:
    """Every file under the home whose raw bytes hold the phrase, with how often."""
    needle = phrase.encode()
    found = {}
    for path in sorted(home.rglob("*")):
        if path.is_file() and (count := path.read_bytes().count(needle)):
            found[str(path.relative_to(home))] = count
    return found


@pytest.fixture
def settings(home: Path, tmp_path: Path) -> Settings:
    """A home indexing one bundled source, so each build is quick."""
    kb = tmp_path / "kb"
    shutil.copytree(resources.knowledge_base(), kb, ignore=shutil.ignore_patterns("sources"))
    (kb / "sources").mkdir()
    shutil.copy2(resources.knowledge_base() / "sources" / "004_c790838b7d776522.txt", kb / "sources")
    return Settings(home=home, knowledge_base=kb)


def _add_notes(settings: Settings, tmp_path: Path) -> None:
    upload = tmp_path / "upload" / "marigold-notes.md"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_text(NOTES, encoding="utf-8")
    add_documents([upload], settings)
    assert build_index(settings).added[-1] == "marigold-notes.md"
    assert files_holding(settings.home, PHRASE), "the phrase is indexed before it is removed"


def test_a_removed_document_leaves_no_text_anywhere_in_the_home(settings: Settings, tmp_path: Path) -> None:
    build_index(settings)
    _add_notes(settings, tmp_path)

    assert remove_documents(["marigold-notes.md"], settings) == ["marigold-notes.md"]
    assert files_holding(settings.home, PHRASE) == {}
    assert not (settings.documents_dir / "marigold-notes.md").exists()
    # The index still answers, without the document.
    store = PassageStore(settings.store_dir)
    assert store.count() > 0 and not any(p.source == "marigold-notes.md" for p in store.all_passages())
    assert not build_index(settings).changed


def test_a_document_removed_from_an_index_made_before_is_wiped_too(settings: Settings, tmp_path: Path) -> None:
    """An index whose collections still save their vectors every 1000 writes is switched over by the next writer."""
    build_index(settings)
    store = PassageStore(settings.store_dir)
    for name in (COLLECTION, SENTENCES):
        store.client.get_collection(name).modify(configuration={"hnsw": {"sync_threshold": 1000}})
    store.close()
    _add_notes(settings, tmp_path)

    remove_documents(["marigold-notes.md"], settings)
    assert files_holding(settings.home, PHRASE) == {}
    store = PassageStore(settings.store_dir)
    for name in (COLLECTION, SENTENCES):
        hnsw = store.client.get_collection(name).configuration.get("hnsw") or {}
        assert hnsw.get("sync_threshold") == SYNC_THRESHOLD


def test_an_interrupted_removal_is_wiped_by_the_next_index_run(settings: Settings, tmp_path: Path) -> None:
    from assistant.retrieval.indexer import REMOVING
    from assistant.retrieval.store import Manifest

    build_index(settings)
    _add_notes(settings, tmp_path)
    # As if the process died right after marking the document: the manifest says so, nothing else changed yet.
    manifest = Manifest.load(settings.manifest_path)
    manifest.documents["doc/marigold-notes.md"][REMOVING] = True
    manifest.save()

    build_index(settings)
    assert "doc/marigold-notes.md" not in Manifest.load(settings.manifest_path).documents
    assert files_holding(settings.home, PHRASE) == {}


def test_a_rebuild_leaves_no_copy_of_the_old_index(settings: Settings, tmp_path: Path) -> None:
    build_index(settings)
    _add_notes(settings, tmp_path)
    (settings.documents_dir / "marigold-notes.md").unlink()  # as if taken out of the folder by hand

    report = build_index(settings, rebuild=True)
    assert report.passages > 0 and "marigold-notes.md" not in report.added
    assert files_holding(settings.home, PHRASE) == {}
    assert not (settings.home / "index.old").exists()
