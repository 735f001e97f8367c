"""Searching the index, and keeping it right as documents come, change and go, or the store breaks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MODEL_SETTING
from langchain_core.documents import Document

import assistant.retrieval.indexer as indexer
import assistant.retrieval.store as store
from assistant import resources
from assistant.config import Settings, get_settings
from assistant.errors import DocumentError, InputError, StoreError
from assistant.knowledge.sources import bundled_sources, parse_source
from assistant.knowledge.text import normalize
from assistant.models import Driver, Passage, PassageKind
from assistant.retrieval.embedder import Embedder
from assistant.retrieval.indexer import add_documents, build_index
from assistant.retrieval.langchain import CIPRetriever
from assistant.retrieval.retriever import Retriever
from assistant.retrieval.store import DAMAGED, PassageStore, writer_lock

pytestmark = pytest.mark.slow

Cli = Callable[..., subprocess.CompletedProcess[str]]
HIT_FIELDS = {"id", "text", "source", "section", "driver", "kind", "score"}


def texts_of(retriever: Retriever) -> list[str]:
    return [normalize(p.text) for p in retriever.passages]


# ------------------------------------------------------------------------------------------------ search


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("how often should staff receive coaching", "coaching is provided at least monthly to relevant staff"),
        (
            "should we run job descriptions through a race equity review",
            "the new job descriptions are run through a race equity impact analysis",
        ),
        (
            "who coordinates fidelity assessments",
            "who will be responsible for coordinating fidelity assessments for the program or practice?",
        ),
        ("what does internal systems mean", "internal systems are often controlled by the district"),
        ("how can community partners help with fidelity observations", "makes use of one's 'wise mind'"),
        (
            "interpreters for families who speak languages other than English",
            "interpreters and translator services are available",
        ),
    ],
)
def test_clear_questions_find_the_passage_that_answers_them(
    real_retriever: Retriever, question: str, phrase: str
) -> None:
    hits = real_retriever.search(question, 5)
    assert any(phrase in normalize(hit.text) for hit in hits), [hit.text[:80] for hit in hits]


def test_monthly_coaching_is_a_best_practice_in_the_top_five(real_retriever: Retriever) -> None:
    hits = real_retriever.search("how often should staff receive coaching", 5)
    monthly = [h for h in hits if "at least monthly" in h.text]
    assert monthly and monthly[0].kind is PassageKind.best_practice and monthly[0].driver is Driver.coaching


def test_hits_carry_the_json_fields_of_the_contract(retriever: Retriever) -> None:
    hits = retriever.search("coaching plan", 5)
    assert len(hits) == 5
    sources = {path.name for path in bundled_sources(resources.knowledge_base() / "sources")}
    for hit in hits:
        data = hit.model_dump(mode="json")
        assert set(data) >= HIT_FIELDS
        assert isinstance(data["score"], float)
        assert data["source"] in sources
        assert data["kind"] in {kind.value for kind in PassageKind}
        assert data["driver"] is None or data["driver"] in {driver.value for driver in Driver}
        passage = retriever.passage(data["id"])
        assert passage is not None and passage.text == data["text"]
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)


def test_k_is_honoured_and_bounded(retriever: Retriever) -> None:
    assert len(retriever.search("training", 1)) == 1
    assert len(retriever.search("training", 12)) == 12
    for k in (0, 51):
        with pytest.raises(InputError, match="--k"):
            retriever.search("training", k)
    for empty in ("", "   \n\t"):
        with pytest.raises(InputError, match="empty"):
            retriever.search(empty)


def test_driver_filter_is_honoured(retriever: Retriever) -> None:
    hits = retriever.search("who is responsible for the data", 10, drivers={Driver.coaching})
    assert hits and all(hit.driver is Driver.coaching for hit in hits)
    two = retriever.search("leaders", 10, drivers={Driver.selection, Driver.leadership})
    assert two and {hit.driver for hit in two} <= {Driver.selection, Driver.leadership}


def test_kind_filter_is_honoured(retriever: Retriever) -> None:
    hits = retriever.search("fidelity data", 8, kinds={PassageKind.guiding_question})
    assert len(hits) == 8 and all(hit.kind is PassageKind.guiding_question for hit in hits)
    both = retriever.search("fidelity data", 5, drivers={Driver.fidelity}, kinds={PassageKind.case_example})
    assert both and all(h.kind is PassageKind.case_example and h.driver is Driver.fidelity for h in both)


def test_the_index_holds_exactly_the_parsed_passages(retriever: Retriever) -> None:
    parsed = [p for path in bundled_sources(resources.knowledge_base() / "sources") for p in parse_source(path)]

    def key(p: Passage) -> tuple[object, ...]:
        return (p.id, p.text, p.source, p.section, p.driver, p.kind, p.domain, p.heading, p.order)

    assert sorted(map(key, retriever.passages)) == sorted(map(key, parsed))


def test_langchain_retriever_returns_documents_with_citations(retriever: Retriever) -> None:
    documents = CIPRetriever(retriever=retriever, k=3).invoke("how often should staff receive coaching")
    assert len(documents) == 3
    for document in documents:
        assert isinstance(document, Document)
        meta = document.metadata
        assert {"id", "source", "section", "driver", "kind", "score"} <= set(meta)
        passage = retriever.passage(meta["id"])
        assert passage is not None and passage.text == document.page_content
        assert meta["source"] == passage.source and meta["section"] == passage.section
    only = CIPRetriever(retriever=retriever, k=4, drivers={Driver.fidelity}).invoke("data")
    assert only and all(document.metadata["driver"] == "fidelity" for document in only)


def test_searching_without_an_index_says_to_build_one(home: Path) -> None:
    with pytest.raises(StoreError, match="cip-assistant index"):
        Retriever(get_settings())


# ------------------------------------------------------------------------------------- incremental index


def test_reindexing_with_nothing_changed_reports_no_change(index_home: Path) -> None:
    manifest = get_settings().manifest_path.read_bytes()
    report = build_index(get_settings())
    assert not report.changed
    assert report.unchanged == 5 and report.passages > 150
    assert "up to date" in report.summary()
    assert get_settings().manifest_path.read_bytes() == manifest


def test_reindexing_with_nothing_changed_does_not_load_the_model(index_home: Path) -> None:
    script = (
        "import sys\n"
        "from assistant.retrieval.indexer import build_index\n"
        "report = build_index()\n"
        "assert not report.changed, report.summary()\n"
        "loaded = sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules)\n"
        "assert not loaded, loaded\n"
        "print(report.summary())\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**_environment(), "CIP_ASSISTANT_HOME": str(index_home)},
    )
    assert run.returncode == 0, run.stderr
    assert "up to date" in run.stdout


def _environment() -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("CIP_ASSISTANT_")}
    return {**env, MODEL_SETTING: os.environ[MODEL_SETTING]} if MODEL_SETTING in os.environ else env


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


PLAN_V1 = """# Lincoln Elementary reading plan

## Coaching

Our literacy coaches meet every Thursday with each new teacher using the zebra observation protocol.

## Data

The data team reviews quarterly benchmark results disaggregated by home language.
"""

PLAN_V2 = """# Lincoln Elementary reading plan

## Coaching

Our literacy coaches meet every second Tuesday with each new teacher using the giraffe observation protocol.
"""


def test_a_document_can_be_added_changed_and_removed(index_home: Path, tmp_path: Path, embedder: Embedder) -> None:
    settings = get_settings()
    before = len(Retriever(settings, embedder=embedder).passages)
    original = _write(tmp_path / "upload" / "lincoln-plan.md", PLAN_V1)

    add_documents([original], settings)
    report = build_index(settings)
    assert report.added == ["lincoln-plan.md"] and report.unchanged == 5
    retriever = Retriever(settings, embedder=embedder)
    top = retriever.search("zebra observation protocol for new teachers", 3)[0]
    assert "zebra observation protocol" in top.text
    assert top.source == "lincoln-plan.md" and top.driver is Driver.coaching
    assert top.section.startswith("lincoln-plan › Lincoln Elementary reading plan › Coaching")
    assert len(retriever.passages) == before + 2

    # The district edits the file and indexes it again: the new text replaces the old.
    _write(original, PLAN_V2)
    add_documents([original], settings)
    report = build_index(settings)
    assert report.updated == ["lincoln-plan.md"] and not report.added
    retriever = Retriever(settings, embedder=embedder)
    assert "giraffe observation protocol" in retriever.search("giraffe observation protocol", 3)[0].text
    assert not any("zebra" in text or "benchmark" in text for text in texts_of(retriever))
    assert len(retriever.passages) == before + 1

    # Taking it out of the home's documents takes its passages out of the index.
    (settings.documents_dir / "lincoln-plan.md").unlink()
    report = build_index(settings)
    assert report.removed == ["lincoln-plan.md"]
    retriever = Retriever(settings, embedder=embedder)
    assert not any(p.source == "lincoln-plan.md" for p in retriever.passages)
    assert len(retriever.passages) == before


def test_a_document_whose_name_starts_with_a_dot_is_indexed_and_can_be_removed(
    index_home: Path, tmp_path: Path, embedder: Embedder
) -> None:
    from assistant.retrieval.indexer import remove_documents

    settings = get_settings()
    before = len(Retriever(settings, embedder=embedder).passages)
    notes = _write(tmp_path / "upload" / ".notes.md", PLAN_V1)
    add_documents([notes], settings)
    # What a file manager leaves in a folder is not a document of the team's.
    (settings.documents_dir / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (settings.documents_dir / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")

    report = build_index(settings)
    assert report.added == [".notes.md"] and not report.updated
    retriever = Retriever(settings, embedder=embedder)
    top = retriever.search("zebra observation protocol for new teachers", 3)[0]
    assert top.source == ".notes.md" and "zebra observation protocol" in top.text
    assert not build_index(settings).changed

    assert remove_documents([".notes.md"], settings) == [".notes.md"]
    assert not (settings.documents_dir / ".notes.md").exists()
    assert len(Retriever(settings, embedder=embedder).passages) == before


def test_after_an_interrupted_run_every_vector_is_checked_and_a_sound_index_is_kept(index_home: Path) -> None:
    from assistant.retrieval.indexer import INTERRUPTED
    from assistant.retrieval.store import PassageStore

    settings = get_settings()
    assert PassageStore(settings.store_dir).unreachable() == []
    (settings.store_dir / INTERRUPTED).touch()  # as a killed run leaves it
    report = build_index(settings)
    assert not report.changed, "a sound index is not rebuilt"
    assert not (settings.store_dir / INTERRUPTED).exists()
    assert not (settings.home / "index.old").exists()


def test_an_interrupted_removal_is_finished_by_the_next_index_run(
    index_home: Path, tmp_path: Path, embedder: Embedder
) -> None:
    from assistant.retrieval.indexer import REMOVING, remove_documents
    from assistant.retrieval.store import Manifest

    settings = get_settings()
    add_documents([_write(tmp_path / "upload" / "lincoln-plan.md", PLAN_V1)], settings)
    build_index(settings)
    # As if the process died right after marking the document: the manifest says so, nothing else changed yet.
    manifest = Manifest.load(settings.manifest_path)
    manifest.documents["doc/lincoln-plan.md"][REMOVING] = True
    manifest.save()
    build_index(settings)
    assert "doc/lincoln-plan.md" not in Manifest.load(settings.manifest_path).documents
    assert not (settings.documents_dir / "lincoln-plan.md").exists()
    assert not any(p.source == "lincoln-plan.md" for p in Retriever(settings, embedder=embedder).passages)
    with pytest.raises(DocumentError, match="No added document"):
        remove_documents(["lincoln-plan.md"], settings)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("budget.xlsx", b"PK\x03\x04 not really a workbook", "is a .xlsx file"),
        ("empty.md", b"", "is empty"),
        ("blank.md", b"\n\n   \n", "has no text"),
    ],
)
def test_a_bad_document_leaves_the_index_as_it_was(
    index_home: Path, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    settings = get_settings()
    manifest = settings.manifest_path.read_bytes()
    count = PassageStore(settings.store_dir).count()
    good = _write(tmp_path / "upload" / "good.md", "# Notes\n\nCoaching happens monthly for every new teacher.\n")
    bad = tmp_path / "upload" / name
    bad.write_bytes(content)

    with pytest.raises(DocumentError, match=message):
        add_documents([good, bad], settings)
    assert not settings.documents_dir.exists() or not any(settings.documents_dir.iterdir())
    assert not build_index(settings).changed
    assert settings.manifest_path.read_bytes() == manifest
    assert PassageStore(settings.store_dir).count() == count


# ------------------------------------------------------------------------------------------ broken stores


def test_a_corrupted_store_says_rebuild_and_index_rebuild_recovers(index_home: Path, tmp_path: Path, cli: Cli) -> None:
    (index_home / "index" / "chroma.sqlite3").write_bytes(b"this is not a database " * 500)

    with pytest.raises(StoreError, match="rebuild"):
        Retriever(get_settings())

    searched = cli("search", "coaching", home=index_home)
    assert searched.returncode != 0
    assert searched.stderr.startswith("Error:") and "`cip-assistant index`" in searched.stderr
    assert len(searched.stderr.strip().splitlines()) == 1 and "Traceback" not in searched.stderr

    # A one-document knowledge base keeps the rebuild quick; what it shows is that the store is usable again.
    small_kb = _small_knowledge_base(tmp_path / "kb")
    env = {"CIP_ASSISTANT_KNOWLEDGE_BASE": str(small_kb)}
    rebuilt = cli("index", "--rebuild", "--json", home=index_home, env=env)
    assert rebuilt.returncode == 0, rebuilt.stderr
    report = json.loads(rebuilt.stdout)
    assert report["added"] == ["004_c790838b7d776522.txt"] and report["passages"] > 0
    assert not (index_home / "index.old").exists(), "the damaged index is gone once the new one is whole"

    found = cli("search", "what are external systems", "--k", "3", "--json", home=index_home, env=env)
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    assert hits and hits[0]["text"].startswith("External Systems include")


def _damage(path: Path, offset: int = 40960, size: int = 64 * 1024) -> None:
    """Overwrite part of a file in place, as a failing disk or a careless copy does."""
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(b"\xab" * size)


def test_a_damaged_store_is_one_sentence_for_every_command_and_plain_index_repairs_it(
    index_home: Path, tmp_path: Path, cli: Cli
) -> None:
    _damage(index_home / "index" / "chroma.sqlite3")

    with pytest.raises(StoreError, match=r"is damaged .*run `cip-assistant index`"):
        Retriever(get_settings())
    commands = [
        ["search", "coaching"],
        ["ask", "how often should coaching happen?"],
        ["coach-prep", "--driver", "coaching"],
        ["chat", "--mode", "ask"],
    ]
    for args in commands:
        result = cli(*args, home=index_home)
        assert result.returncode != 0, args
        assert result.stderr.startswith("Error: The index") and "is damaged" in result.stderr, result.stderr
        assert "run `cip-assistant index`" in result.stderr
        assert "Traceback" not in result.stderr and "panicked" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr

    env = {"CIP_ASSISTANT_KNOWLEDGE_BASE": str(_small_knowledge_base(tmp_path / "kb"))}
    repaired = cli("index", "--json", home=index_home, env=env)
    assert repaired.returncode == 0, repaired.stderr
    assert "damaged; rebuilding" in repaired.stderr
    assert json.loads(repaired.stdout)["added"] == ["004_c790838b7d776522.txt"]
    found = cli("search", "what are external systems", "--k", "3", "--json", home=index_home, env=env)
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)[0]["text"].startswith("External Systems include")


def test_a_panic_in_chroma_is_one_sentence_and_marks_the_store_for_rebuilding(
    index_home: Path, tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    _damage(index_home / "index" / "chroma.sqlite3")
    # Damage SQLite's quick check misses reaches Chroma, whose Rust core panics (a BaseException, not an Exception).
    for module in (store, indexer):
        monkeypatch.setattr(module, "store_is_sound", lambda directory: True)
    settings = Settings(home=index_home, knowledge_base=_small_knowledge_base(tmp_path / "kb"))
    with pytest.raises(StoreError, match=r"is damaged \(Chroma could not open it\); run `cip-assistant index`"):
        Retriever(settings, embedder=embedder)
    assert (settings.store_dir / DAMAGED).is_file()

    assert build_index(settings).added == ["004_c790838b7d776522.txt"]
    assert not (settings.store_dir / DAMAGED).exists()
    assert Retriever(settings, embedder=embedder).search("what are external systems", 1)


def _small_knowledge_base(target: Path) -> Path:
    shutil.copytree(resources.knowledge_base(), target, ignore=shutil.ignore_patterns("sources"))
    (target / "sources").mkdir()
    shutil.copy2(resources.knowledge_base() / "sources" / "004_c790838b7d776522.txt", target / "sources")
    return target


def test_a_second_writer_is_turned_away(index_home: Path, cli: Cli) -> None:
    settings = get_settings()
    with writer_lock(settings.home):
        with pytest.raises(StoreError, match="Another process"):
            build_index(settings)
        other = cli("index", home=index_home)
    assert other.returncode != 0
    assert other.stderr.startswith("Error: Another process is updating the index")
    assert "Traceback" not in other.stderr
    # Once the first writer is done, indexing works again.
    assert not build_index(Settings(home=index_home)).changed


def test_rebuilding_while_the_index_is_open_in_the_same_process(tmp_path: Path, embedder: Embedder) -> None:
    # A long-running process (the web UI) keeps the index open while a team asks for a rebuild.
    settings = Settings(home=tmp_path / "ui-home", knowledge_base=_small_knowledge_base(tmp_path / "kb"))
    build_index(settings)
    before = Retriever(settings, embedder=embedder)
    assert build_index(settings, rebuild=True).added == ["004_c790838b7d776522.txt"]
    after = Retriever(settings, embedder=embedder)
    assert [p.id for p in after.passages] == [p.id for p in before.passages]
    assert after.search("what are external systems", 1)[0].text.startswith("External Systems include")


def test_plain_index_rebuilds_a_damaged_store_instead_of_calling_it_up_to_date(
    index_home: Path, tmp_path: Path, cli: Cli
) -> None:
    (index_home / "index" / "chroma.sqlite3").write_bytes(b"this is not a database " * 500)
    env = {"CIP_ASSISTANT_KNOWLEDGE_BASE": str(_small_knowledge_base(tmp_path / "kb"))}
    result = cli("index", "--json", home=index_home, env=env)
    assert result.returncode == 0, result.stderr
    assert "damaged; rebuilding" in result.stderr
    assert json.loads(result.stdout)["added"] == ["004_c790838b7d776522.txt"]
    found = cli("search", "what are external systems", "--k", "3", "--json", home=index_home, env=env)
    assert found.returncode == 0 and json.loads(found.stdout)


def test_a_changed_embedding_model_is_detected_instead_of_mixing_vectors(index_home: Path, tmp_path: Path) -> None:
    from assistant.retrieval.embedder import bundled_model_path

    other = tmp_path / "other-model"
    # Links keep the copy cheap; only the configuration file is a real, changed copy.
    shutil.copytree(bundled_model_path(), other, copy_function=os.symlink)
    (other / "config.json").unlink()
    shutil.copy(bundled_model_path() / "config.json", other / "config.json")
    config = json.loads((other / "config.json").read_text(encoding="utf-8"))
    config["layer_norm_eps"] = 1e-6  # a different model configuration, hence a different model
    (other / "config.json").write_text(json.dumps(config), encoding="utf-8")
    settings = Settings(home=index_home, embedding_model=str(other))
    with pytest.raises(StoreError, match="different embedding model"):
        build_index(settings)
    with pytest.raises(StoreError, match="different embedding model"):
        Retriever(settings)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What does a fidelity assessment measure?", "definition"),
        ("What does the Culture behavior ask of leaders?", "definition"),
        ("What does the selection driver mean?", "definition"),
        ("What does the team do on Mondays?", "other"),
    ],
)
def test_a_question_about_what_a_thing_measures_or_involves_asks_for_a_definition(question: str, kind: str) -> None:
    from assistant.retrieval.intent import question_type

    assert question_type(question).value == kind
