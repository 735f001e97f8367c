"""The web server makes no network connection on anyone's behalf: every route it has is walked, with web addresses
in every place a request can carry one, while every connection and name lookup beyond this machine is refused and
logged. Without a language model the app has no reason to leave the machine, whoever asks."""

from __future__ import annotations

import http.client
import http.server
import ipaddress
import json
import re
import socket
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from test_ui_app import free_port, planned

from assistant.config import Settings
from assistant.retrieval.retriever import Retriever
from ui.state import Workspace

pytestmark = pytest.mark.slow

SECRET = b"Served by another program on this machine 41c7"
# Every spelling of an address a request can put where the server expects a file: the scheme in any case, percent
# encoded once and twice, scheme-relative, Windows shares, other schemes, and leading blanks.
ADDRESSES = (
    "http://127.0.0.2:9/x",
    "http://unresolvable.invalid/x.md",
    "https://unresolvable.invalid/x.md",
    "HTTP://unresolvable.invalid/x.md",
    "http%3A%2F%2Funresolvable.invalid%2Fx.md",
    "http%253A%252F%252Funresolvable.invalid%252Fx.md",
    "//unresolvable.invalid/x.md",
    "%2F%2Funresolvable.invalid%2Fx.md",
    "%5C%5Cunresolvable.invalid%5Cshare%5Cx.md",
    "http:%5C%5Cunresolvable.invalid%5Cx.md",
    "%20http://unresolvable.invalid/x.md",
    "ftp://unresolvable.invalid/x.md",
    "file://unresolvable.invalid/etc/passwd",
)
# The routes that serve a file named in the path: Gradio's file route in both spellings, and its proxy.
FILE_ROUTES = ("/gradio_api/file=", "/gradio_api/file/", "/gradio_api/proxy=")


def _local(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host is None:
        return True
    name = str(host).strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name.split("%")[0]).is_loopback
    except ValueError:
        return False


@dataclass
class Network:
    """Every attempt to reach beyond this machine, each refused: connections and name lookups alike."""

    attempts: list[str] = field(default_factory=list)

    def refuse(self, kind: str, target: object) -> None:
        self.attempts.append(f"{kind} {target!r}")
        raise OSError(f"network access beyond this machine is blocked in this test ({kind} {target!r})")

    def unresolved(self, kind: str, target: object) -> None:
        self.attempts.append(f"{kind} {target!r}")
        raise socket.gaierror(socket.EAI_NONAME, "name lookups beyond this machine are blocked in this test")


@pytest.fixture
def network(monkeypatch: pytest.MonkeyPatch) -> Network:
    """Loopback and local sockets work; anything else is refused and logged, at the socket and in the event loop.

    The server runs on uvloop, which resolves names and connects in C without the socket module, so its loop's
    methods are guarded as well as Python's sockets.
    """
    net = Network()
    connect, connect_ex, getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def guarded_connect(self: socket.socket, address: Any) -> None:
        if self.family == socket.AF_UNIX or _local(address[0]):
            return connect(self, address)
        net.refuse("connect", address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        if self.family == socket.AF_UNIX or _local(address[0]):
            return connect_ex(self, address)
        net.refuse("connect_ex", address)
        return 1

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if _local(host):
            return getaddrinfo(host, *args, **kwargs)
        net.unresolved("getaddrinfo", host)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    for name in ("gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        real = getattr(socket, name)
        monkeypatch.setattr(socket, name, _guarded_lookup(net, name, real))
    try:
        import uvloop
    except ImportError:
        return net
    loop_getaddrinfo, loop_connection, loop_sock_connect = (
        uvloop.Loop.getaddrinfo,
        uvloop.Loop.create_connection,
        uvloop.Loop.sock_connect,
    )
    loop_datagram = uvloop.Loop.create_datagram_endpoint

    async def loop_guarded_getaddrinfo(self: Any, host: Any, *args: Any, **kwargs: Any) -> Any:
        if _local(host):
            return await loop_getaddrinfo(self, host, *args, **kwargs)
        net.unresolved("loop.getaddrinfo", host)

    async def loop_guarded_connection(
        self: Any, factory: Any, host: Any = None, port: Any = None, **kwargs: Any
    ) -> Any:
        if _local(host):
            return await loop_connection(self, factory, host, port, **kwargs)
        net.refuse("loop.create_connection", (host, port))

    async def loop_guarded_sock_connect(self: Any, sock: socket.socket, address: Any) -> Any:
        if sock.family == socket.AF_UNIX or _local(address[0]):
            return await loop_sock_connect(self, sock, address)
        net.refuse("loop.sock_connect", address)

    async def loop_guarded_datagram(
        self: Any, factory: Any, local_addr: Any = None, remote_addr: Any = None, **kw: Any
    ) -> Any:
        if remote_addr is None or _local(remote_addr[0]):
            return await loop_datagram(self, factory, local_addr, remote_addr, **kw)
        net.refuse("loop.create_datagram_endpoint", remote_addr)

    monkeypatch.setattr(uvloop.Loop, "getaddrinfo", loop_guarded_getaddrinfo)
    monkeypatch.setattr(uvloop.Loop, "create_connection", loop_guarded_connection)
    monkeypatch.setattr(uvloop.Loop, "sock_connect", loop_guarded_sock_connect)
    monkeypatch.setattr(uvloop.Loop, "create_datagram_endpoint", loop_guarded_datagram)
    return net


def _guarded_lookup(net: Network, name: str, real: Any) -> Any:
    def lookup(host: Any, *args: Any) -> Any:
        if _local(host):
            return real(host, *args)
        net.unresolved(name, host)

    return lookup


@dataclass
class Served:
    """Another program on this machine serving a secret; the app must never fetch from it."""

    port: int
    hits: list[str]


@pytest.fixture
def neighbour() -> Iterator[Served]:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/markdown")
            self.end_headers()
            self.wfile.write(SECRET)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(server.server_address[1], hits)
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class App:
    port: int
    demo: Any
    export: Path


@pytest.fixture
def app(
    network: Network, index_home: Path, retriever: Retriever, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[App]:
    """The app served on loopback in this process, started with the network guard already in place."""
    from ui.app import launch

    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio"))  # put back afterwards; the app sets its own
    ws = Workspace(Settings(home=index_home, today="2026-11-22"), retriever=retriever)
    planned(ws, "lincoln")
    export = ws.export("lincoln", "md").resolve()
    port = free_port()
    demo = launch("127.0.0.1", port, None, ws.settings, workspace=ws, block=False)
    try:
        yield App(port, demo, export)
    finally:
        demo.close()


def routes(app: Any) -> list[tuple[str, frozenset[str]]]:
    """Every route of the server as (path template, methods), routers included under their prefixes."""

    def walk(items: Iterable[Any], prefix: str) -> Iterator[tuple[str, frozenset[str]]]:
        for route in items:
            if hasattr(route, "original_router"):  # FastAPI's lazily included router
                yield from walk(route.original_router.routes, prefix + route.include_context.prefix)
            elif hasattr(route, "routes") and hasattr(route, "path"):  # a mount
                yield from walk(route.routes, prefix + route.path)
            elif hasattr(route, "path"):
                yield prefix + route.path, frozenset(getattr(route, "methods", None) or {"GET"})

    return sorted(set(walk(app.routes, "")))


_PARAMETER = re.compile(r"\{(\w+)(?::\w+)?\}")


def filled(template: str, probe: str) -> Iterator[str]:
    """The template with each of its parameters in turn set to the probe, the others to a harmless value."""
    for target in _PARAMETER.findall(template):

        def value(match: re.Match[str], target: str = target) -> str:
            return probe if match.group(1) == target else "x"

        yield _PARAMETER.sub(value, template)


def send(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    """One request exactly as written; an event stream is left unread (it would stay open)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"} if body is not None else {}
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        if response.getheader("content-type", "").startswith("text/event-stream"):
            return response.status, b""
        return response.status, response.read()
    finally:
        connection.close()


def events(port: int, path: str) -> list[dict[str, Any]]:
    """The messages of an event stream, read until it says the work is done."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    messages: list[dict[str, Any]] = []
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        event = ""
        while line := response.readline():
            text = line.decode().strip()
            if text.startswith("event:"):
                event = text.split(":", 1)[1].strip()
            elif text.startswith("data:"):
                data = text.split(":", 1)[1].strip()
                message = json.loads(data) if data.startswith(("{", "[")) else {"data": data}
                message = message if isinstance(message, dict) else {"data": message}
                messages.append({"event": event, **message})
                if event in ("complete", "error") or message.get("msg") in ("process_completed", "close_stream"):
                    break
    finally:
        connection.close()
    return messages


def file_data(address: str) -> dict[str, Any]:
    """What Gradio takes for a file in a request's data: given a web address, it would download it."""
    return {"path": address, "url": address, "orig_name": "notes.md", "meta": {"_type": "gradio.FileData"}}


def test_no_route_reaches_beyond_the_machine_whatever_address_a_request_names(
    app: App, network: Network, neighbour: Served
) -> None:
    assert network.attempts == [], "starting the server reached beyond the machine"
    neighbours = (f"http://127.0.0.1:{neighbour.port}/notes.md", f"http://[::1]:{neighbour.port}/notes.md")
    addresses = (*ADDRESSES, *neighbours)
    served = routes(app.demo.server_app)
    assert any(path.startswith("/gradio_api/file") for path, _ in served), "the file routes are walked"

    walked = refused = 0
    for template, methods in served:
        method = "GET" if "GET" in methods else "POST" if "POST" in methods else None
        if method is None:
            continue
        paths = [p for address in addresses for p in filled(template, address)] or [template]
        body = json.dumps({"data": [file_data(addresses[0])]}).encode() if method == "POST" else None
        for path in paths:
            status, content = send(app.port, method, path, body)
            walked += 1
            refused += status >= 400
            assert SECRET not in content, path
            if path.startswith(FILE_ROUTES):
                assert status in (403, 404), (path, status, content[:200])
    file_probes = 0
    for route in FILE_ROUTES:
        for address in addresses:
            for method in ("GET", "HEAD"):
                status, content = send(app.port, method, route + address)
                file_probes += 1
                assert status in (403, 404), (route + address, status, content[:200])
                assert SECRET not in content and b"Structured literacy" not in content, route + address

    # A file given as an address in the data of any of the app's events, as a script or the page would send it.
    calls = failed = 0  # an event whose inputs are all kept on the server ignores what is sent
    for fn_index, fn in app.demo.fns.items():
        if fn.api_name is None or not fn.inputs:
            continue
        for address in (ADDRESSES[0], ADDRESSES[1], neighbours[0]):
            data = [file_data(address) for _ in fn.inputs]
            status, content = send(
                app.port, "POST", f"/gradio_api/call/{fn.api_name}", json.dumps({"data": data}).encode()
            )
            assert status == 200, content
            outcome = events(app.port, f"/gradio_api/call/{fn.api_name}/{json.loads(content)['event_id']}")
            assert SECRET not in json.dumps(outcome).encode(), fn.api_name
            failed += outcome[-1]["event"] == "error"
            session = f"probe{fn_index}"
            joined = {"data": data, "fn_index": fn_index, "session_hash": session, "trigger_id": None}
            status, content = send(app.port, "POST", "/gradio_api/queue/join", json.dumps(joined).encode())
            assert status == 200, content
            outcome = events(app.port, f"/gradio_api/queue/data?session_hash={session}")
            done = [m for m in outcome if m.get("msg") == "process_completed"]
            assert done and SECRET not in json.dumps(outcome).encode(), fn.api_name
            failed += done[0]["success"] is False
            calls += 2

    # The app still serves its own files and its page.
    assert send(app.port, "GET", f"/gradio_api/file={app.export}")[0] == 200
    assert send(app.port, "GET", "/")[0] == 200
    assert network.attempts == [], network.attempts[:10]
    assert neighbour.hits == []
    print(
        f"\nroutes: {len(served)}; requests along them: {walked} ({refused} refused); file-route addresses: "
        f"{file_probes} (all refused); event calls with an address as a file: {calls} ({failed} refused); "
        f"connections or lookups beyond loopback: {len(network.attempts)}; "
        f"requests to the neighbour: {len(neighbour.hits)}"
    )
