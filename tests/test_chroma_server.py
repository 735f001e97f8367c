"""The same code against a Chroma server: one shared index for several web servers, each with a home of its own."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.errors import DocumentError, StoreError
from assistant.retrieval.embedder import Embedder
from assistant.retrieval.indexer import build_index, index_exists, remove_documents
from assistant.retrieval.retriever import Retriever
from assistant.retrieval.store import Manifest, PassageStore
from tests.conftest import run_cli

pytestmark = pytest.mark.slow

CHROMA = Path(sys.executable).with_name("chroma")
QUERY = "how often should coaches observe teachers"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Chroma server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/api/v2/heartbeat", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the Chroma server did not start")


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Chroma server on loopback with a data directory of its own, for this module."""
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    process = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def shared(chroma_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Server A's settings: it built the shared index from the bundled knowledge base."""
    settings = Settings(home=tmp_path_factory.mktemp("server-a") / "home", chroma_url=chroma_url)
    report = build_index(settings)
    assert report.changed and report.passages > 150
    return settings


def other_server(tmp_path: Path, url: str) -> Settings:
    return Settings(home=tmp_path / "server-b", chroma_url=url)


def test_the_index_lives_in_the_server_not_in_the_home(shared: Settings) -> None:
    assert not (shared.store_dir / "chroma.sqlite3").exists()
    assert not shared.manifest_path.exists()
    assert index_exists(shared)
    assert build_index(shared).changed is False


def test_a_second_server_searches_the_same_index_and_finds_what_the_embedded_store_finds(
    shared: Settings, tmp_path: Path, embedder: Embedder, retriever: Retriever
) -> None:
    remote = Retriever(other_server(tmp_path, shared.chroma_url), embedder=embedder)
    assert len(remote.passages) == len(retriever.passages)
    assert [h.id for h in remote.search(QUERY, k=5)] == [h.id for h in retriever.search(QUERY, k=5)]


def test_a_document_added_on_one_server_reaches_the_other_and_is_not_dropped_by_it(
    shared: Settings, tmp_path: Path, embedder: Embedder
) -> None:
    b = other_server(tmp_path, shared.chroma_url)
    reader = Retriever(b, embedder=embedder)
    assert not reader.stale()

    doc = tmp_path / "bell-schedule.md"
    doc.write_text("# Bell schedule\n\nThe Zanzibar block runs on Wednesdays so grade teams can meet for 50 minutes.\n")
    from assistant.retrieval.indexer import add_documents

    add_documents([doc], shared)
    assert build_index(shared).added == ["bell-schedule.md"]

    assert reader.stale(), "the other server must notice the index changed"
    fresh = Retriever(b, embedder=embedder)
    assert "Zanzibar" in fresh.search("when does the Zanzibar block run", k=1)[0].text

    # Server B has no copy of the document: indexing there keeps it, and a rebuild there is refused.
    assert build_index(b).removed == []
    assert "doc/bell-schedule.md" in Manifest.load(b.manifest_path, PassageStore.for_settings(b)).documents
    with pytest.raises(StoreError, match=r"bell-schedule\.md"):
        build_index(b, rebuild=True)

    # Taking it out is explicit, and works from any server.
    assert remove_documents(["bell-schedule.md"], b) == ["bell-schedule.md"]
    after = Retriever(b, embedder=embedder)
    assert not any("Zanzibar" in p.text for p in after.passages)
    with pytest.raises(DocumentError, match="No added document"):
        remove_documents(["bell-schedule.md"], b)


def test_a_different_embedding_model_is_refused_against_the_server_too(shared: Settings, tmp_path: Path) -> None:
    store = PassageStore.for_settings(shared)
    manifest = Manifest.load(shared.manifest_path, store)
    original = manifest.model
    manifest.model = "some-other-model"
    manifest.save()
    try:
        with pytest.raises(StoreError, match="different embedding model"):
            Retriever(other_server(tmp_path, shared.chroma_url))
        with pytest.raises(StoreError, match="different embedding model"):
            build_index(shared)
    finally:
        manifest.model = original
        manifest.save()


def test_the_command_line_uses_the_server(shared: Settings, tmp_path: Path) -> None:
    home = tmp_path / "cli-home"
    result = run_cli("search", QUERY, "--json", home=home, env={"CIP_ASSISTANT_CHROMA_URL": shared.chroma_url})
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits and "Building the index" not in result.stderr
    assert not (home / "index").exists()


def test_an_unreachable_server_is_one_clear_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = run_cli("search", QUERY, home=tmp_path / "home", env={"CIP_ASSISTANT_CHROMA_URL": url})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"Chroma server at {url}" in result.stderr


def test_a_malformed_server_address_is_refused(tmp_path: Path) -> None:
    result = run_cli("search", QUERY, home=tmp_path / "home", env={"CIP_ASSISTANT_CHROMA_URL": "ftp://nowhere"})
    assert result.returncode != 0
    assert "is not a Chroma server address" in result.stderr and "Traceback" not in result.stderr
