"""The web server against hostile requests: pages on other sites, DNS rebinding, and paths that try to reach the
sessions, the index or the documents. Each test runs the real server on loopback and speaks raw HTTP to it."""

from __future__ import annotations

import http.client
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_ui_app import free_port, planned
from test_ui_load import call_post, call_result

from assistant.config import Settings
from assistant.retrieval.retriever import Retriever
from ui.state import Workspace

pytestmark = pytest.mark.slow

EVIL = "http://evil.example"
DOCUMENT_SECRET = b"Confidential district staffing notes 5f1c"
UPLOAD_SECRET = b"Uploaded from another site 9d2e"
REFUSED = "This request came from another web page or address; open CIP Assistant at its own address to use it."


@dataclass
class Live:
    """The app served on a free loopback port in this process, with one plan ('lincoln') exported as Markdown."""

    url: str
    port: int
    ws: Workspace
    demo: Any

    @property
    def home(self) -> Path:
        return self.ws.settings.home.resolve()

    @property
    def export(self) -> Path:
        return self.ws.settings.exports_dir.resolve() / "lincoln" / "lincoln.md"

    @property
    def cache(self) -> Path:
        return Path(os.environ["GRADIO_TEMP_DIR"])

    def fn_index(self, api_name: str) -> int:
        return next(index for index, fn in self.demo.fns.items() if fn.api_name == api_name)


@pytest.fixture
def live(index_home: Path, retriever: Retriever, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Live]:
    from ui.app import launch

    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio"))  # put back afterwards; the app sets its own
    ws = Workspace(Settings(home=index_home, today="2026-11-22"), retriever=retriever)
    planned(ws, "lincoln")
    ws.export("lincoln", "md")
    documents = ws.settings.documents_dir
    documents.mkdir(parents=True, exist_ok=True)
    (documents / "staffing.md").write_bytes(b"# Staffing\n\n" + DOCUMENT_SECRET + b"\n")
    port = free_port()
    demo = launch("127.0.0.1", port, None, ws.settings, workspace=ws, block=False)
    try:
        assert demo.share is False
        yield Live(f"http://127.0.0.1:{port}/", port, ws, demo)
    finally:
        demo.close()


def raw(live: Live, path: str, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """A request sent exactly as written: an HTTP library would resolve "../" and re-encode before sending it."""
    connection = http.client.HTTPConnection("127.0.0.1", live.port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def holding(root: Path, secret: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and not p.is_symlink() and secret in p.read_bytes()]


# ------------------------------------------------------------------------------------------ the file route


def test_the_file_route_serves_exports_and_nothing_else(live: Live) -> None:
    home, export, parent = live.home, live.export, live.export.parent
    with httpx.Client(base_url=live.url, timeout=10) as client:
        page = client.get("/")
        assert page.status_code == 200 and "CIP Assistant" in page.text
        ok = client.get(f"/gradio_api/file={export}")
        assert ok.status_code == 200 and b"Structured literacy K-3" in ok.content
    assert raw(live, f"/gradio_api/file={export}")[0] == 200

    # Links planted in the folders the server does serve, pointing at what it must not.
    (parent / "passwd.md").symlink_to("/etc/passwd")
    (parent / "sessions.md").symlink_to(home / "sessions.sqlite3")
    (parent / "index").symlink_to(home / "index", target_is_directory=True)
    (parent / "documents").symlink_to(home / "documents", target_is_directory=True)
    live.cache.mkdir(parents=True, exist_ok=True)
    (live.cache / "sessions.md").symlink_to(home / "sessions.sqlite3")
    database = (home / "sessions.sqlite3").read_bytes()[:16]
    refused = [
        "/gradio_api/file=/etc/passwd",
        "/gradio_api/file=%2Fetc%2Fpasswd",
        "/gradio_api/file=//etc/passwd",
        "/gradio_api/file=/proc/self/environ",
        f"/gradio_api/file={home}/sessions.sqlite3",
        f"/gradio_api/file={home}/sessions.sqlite3-wal",
        f"/gradio_api/file={home}/index/chroma.sqlite3",
        f"/gradio_api/file={home}/index/manifest.json",
        f"/gradio_api/file={home}/documents/staffing.md",
        f"/gradio_api/file={home}/DOCUMENTS/staffing.md",
        # ../ in every spelling: plain, percent-encoded, double-encoded, backslashes, overlong UTF-8.
        f"/gradio_api/file={parent}/../../sessions.sqlite3",
        f"/gradio_api/file={parent}/..%2F..%2Fsessions.sqlite3",
        f"/gradio_api/file={parent}/%2e%2e%2f%2e%2e%2fsessions.sqlite3",
        f"/gradio_api/file={parent}/%252e%252e%252f%252e%252e%252fsessions.sqlite3",
        f"/gradio_api/file={parent}/..%5c..%5csessions.sqlite3",
        f"/gradio_api/file={parent}/%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afsessions.sqlite3",
        f"/gradio_api/file={parent}/../../documents/staffing.md",
        f"/gradio_api/file={parent}/%2e%2e/%2e%2e/index/chroma.sqlite3",
        f"/gradio_api/file={export}%00.md",
        "/gradio_api/file=../../../../../../etc/passwd",
        "/gradio_api/file=..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/gradio_api/file=pyproject.toml",
        f"/gradio_api/file={Path(__file__).resolve()}",
        f"/gradio_api/file={Path(__file__).resolve().parent.parent / 'pyproject.toml'}",
        # Through the planted links.
        f"/gradio_api/file={parent}/passwd.md",
        f"/gradio_api/file={parent}/sessions.md",
        f"/gradio_api/file={parent}/index/chroma.sqlite3",
        f"/gradio_api/file={parent}/documents/staffing.md",
        f"/gradio_api/file={live.cache}/sessions.md",
        # Other routes, and a URL for the server to fetch on the caller's behalf.
        "/file=/etc/passwd",
        "/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/assets/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/gradio_api/file=http://127.0.0.1/etc/passwd",
        "/gradio_api/file=https%3A%2F%2Fexample.com%2Fplan.md",
    ]
    for path in refused:
        status, body = raw(live, path)
        assert status >= 400, path
        assert b"root:" not in body and database not in body and DOCUMENT_SECRET not in body, path
        assert b"Dana Reyes" not in body, path


# ------------------------------------------------------------------------------------------ other origins


def test_a_page_on_another_site_cannot_start_a_plan_but_the_apps_own_page_can(live: Live) -> None:
    # The form's fields as the page sends them: name, initiative, stage, drivers, school or district, team.
    start = ["from-elsewhere", "Planted initiative", "installation", ["coaching"], "", ""]
    for headers in (
        {"Origin": EVIL},
        {"Origin": "null"},  # a sandboxed frame or a file:// page
        {"Origin": f"http://127.0.0.1:{live.port + 1}"},  # another program on this machine
        {"Origin": f"https://127.0.0.1:{live.port}.evil.example"},
    ):
        refused = call_post(live.url, "start", start, headers)
        assert refused.status_code == 403, headers
        assert refused.json()["detail"] == REFUSED
    assert not live.ws.store.exists("from-elsewhere")

    # The queue's own entry point, as the page uses it, is closed to other sites too.
    body = {"data": start, "fn_index": live.fn_index("start"), "session_hash": "s3ss10n", "trigger_id": None}
    joined = httpx.post(f"{live.url}gradio_api/queue/join", json=body, headers={"Origin": EVIL}, timeout=10)
    assert joined.status_code == 403 and not live.ws.store.exists("from-elsewhere")

    # The same request from the app's own page, at either of its addresses, works.
    for host in ("127.0.0.1", "localhost"):
        name = f"own-page-{host}"
        own = {"Origin": f"http://{host}:{live.port}", "Host": f"{host}:{live.port}"}
        accepted = call_post(live.url, "start", [name, "Attendance", "installation", ["coaching"], "", ""], own)
        assert accepted.status_code == 200, accepted.text
        assert "cip-error" not in call_result(live.url, "start", accepted.json()["event_id"])
        assert live.ws.store.exists(name)


def test_a_dns_rebinding_page_is_refused_everything(live: Live) -> None:
    # The attacker's name resolves to 127.0.0.1, so the browser sends its own name as the Host, from its own origin.
    rebound = {"Host": f"evil.example:{live.port}", "Origin": f"{EVIL}:{live.port}"}
    assert call_post(live.url, "start", ["rebound", "", "installation", []], rebound).status_code == 403
    assert not live.ws.store.exists("rebound")
    navigation = {"Host": f"evil.example:{live.port}"}
    for path in ("/", "/config", "/gradio_api/info", f"/gradio_api/file={live.export}"):
        status, body = raw(live, path, headers=navigation)
        assert status == 403 and b"Structured literacy" not in body, path
    upload = httpx.post(
        f"{live.url}gradio_api/upload", files={"files": ("notes.md", UPLOAD_SECRET)}, headers=rebound, timeout=10
    )
    assert upload.status_code == 403
    assert holding(live.home, UPLOAD_SECRET) == []


def test_an_upload_from_another_site_is_refused_and_leaves_no_file(live: Live) -> None:
    for origin in (EVIL, "null"):
        refused = httpx.post(
            f"{live.url}gradio_api/upload",
            files={"files": ("notes.md", UPLOAD_SECRET)},
            headers={"Origin": origin},
            timeout=10,
        )
        assert refused.status_code == 403
    assert holding(live.home, UPLOAD_SECRET) == [] and holding(live.cache, UPLOAD_SECRET) == []

    accepted = httpx.post(
        f"{live.url}gradio_api/upload",
        files={"files": ("notes.md", UPLOAD_SECRET)},
        headers={"Origin": f"http://127.0.0.1:{live.port}"},
        timeout=10,
    )
    assert accepted.status_code == 200
    [stored] = json.loads(accepted.text)
    # Uploads land in the cache inside the home, where they can be cleaned, not in a folder the machine shares.
    assert Path(stored).read_bytes() == UPLOAD_SECRET and Path(stored).is_relative_to(live.home)


def test_another_site_cannot_embed_the_files_but_a_link_opens_the_app(live: Live) -> None:
    embedded = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image"}
    status, body = raw(live, f"/gradio_api/file={live.export}", headers=embedded)
    assert status == 403 and b"Structured literacy" not in body
    followed = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
    status, body = raw(live, "/", headers=followed)
    assert status == 200 and b"CIP Assistant" in body
    # A link from elsewhere straight to a file or an API route is not the page: it is refused.
    for site in ("cross-site", "same-site"):
        for path in (
            f"/gradio_api/file={live.export}",
            f"/gradio_api/file/{live.export}",
            "/gradio_api/info",
            "/config",
            "/gradio_api/queue/data?session_hash=s3ss10n",
            "/theme.css",
        ):
            status, body = raw(live, path, headers={**followed, "Sec-Fetch-Site": site})
            assert status == 403 and b"Structured literacy" not in body, (site, path)
    typed = {"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
    assert raw(live, f"/gradio_api/file={live.export}", headers=typed)[0] == 200, "an address typed in the bar works"
    same = {"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors", "Origin": live.url.rstrip("/")}
    assert raw(live, f"/gradio_api/file={live.export}", headers=same)[0] == 200


def test_the_request_guard_reads_hosts_and_origins_as_a_browser_sends_them() -> None:
    from ui.guard import LOOPBACK_NAMES, RequestGuard, allowed_hosts

    assert allowed_hosts("127.0.0.1") == LOOPBACK_NAMES and allowed_hosts("::1") == LOOPBACK_NAMES
    assert allowed_hosts("0.0.0.0") is None, "on the network the server answers to whatever name it is reached by"

    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("not reached")

    guard = RequestGuard(app, allowed_hosts("127.0.0.1"))
    assert guard.refusal("/", {"host": "[::1]:7860", "origin": "http://[::1]:7860"}) is None
    assert guard.refusal("/", {"host": "LOCALHOST:7860", "origin": "http://localhost:7860"}) is None
    assert guard.refusal("/", {"host": "127.0.0.1.evil.example:7860"}) == REFUSED
    assert guard.refusal("/", {"host": "127.0.0.1:7860", "origin": "http://127.0.0.1:7861"}) == REFUSED
    proxied = RequestGuard(app, allowed_hosts("127.0.0.1", ["plans.district.org"]))
    assert proxied.refusal("/", {"host": "plans.district.org", "origin": "https://plans.district.org"}) is None
    assert proxied.refusal("/", {"host": "evil.example"}) == REFUSED
    for target in (
        "http://127.0.0.2:9/x",
        "HTTPS://a.example",
        " http://a",
        "http%3A%2F%2Fa",
        "http%25253A%2F%2Fa",
        "//a.example/x",
        "\\\\a\\share",
        "ftp://a",
        "file:///etc/passwd",
        "data:text/plain,x",
    ):
        assert guard.refusal(f"/gradio_api/file={target}", {"host": "127.0.0.1:7860"}) is not None, target
        assert guard.refusal(f"/gradio_api/file/{target}", {"host": "127.0.0.1:7860"}) is not None, target
    assert guard.refusal("/gradio_api/proxy=/tmp/x", {"host": "127.0.0.1:7860"}) is not None, "the app loads no Space"
    for target in ("/home/team/.cip/exports/lincoln/lincoln.md", "/tmp/50%-plan.md", "C:\\cip\\exports\\plan.md"):
        assert guard.refusal(f"/gradio_api/file={target}", {"host": "127.0.0.1:7860"}) is None, target
    network = RequestGuard(app, allowed_hosts("0.0.0.0"))
    assert network.refusal("/", {"host": "plans.district.org", "origin": "https://plans.district.org"}) is None
    assert network.refusal("/", {"host": "plans.district.org", "origin": EVIL}) == REFUSED
