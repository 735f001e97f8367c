"""The request guard in front of the web app: what another web page could make a team's browser send is refused.

It sits before Gradio as ASGI middleware (see `ui.app.launch`), and gives a full queue's refusal a sentence.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any
from urllib.parse import unquote, urlsplit

log = logging.getLogger("cip_assistant.ui")

# What an API client reads when the queue is full; a browser shows Gradio's own "busy, try again" notice.
BUSY = "The assistant is busy with other teams' requests; try again in a moment."
REFUSED = "This request came from another web page or address; open CIP Assistant at its own address to use it."
NOT_SERVED = "CIP Assistant serves only its own files, never an address on the network."
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
# Gradio's routes that serve what the path names: its file route, in both spellings, and its proxy (for apps
# loaded from elsewhere, which this one never is).
_FILE_ROUTE = re.compile(r"/gradio_api/(file=|file/|proxy=)(.*)", re.DOTALL)
# A web address rather than a file here: a scheme of two letters or more ("C:" is a Windows drive), or a
# scheme-relative "//host" (a Windows share when written with backslashes), after any blanks or control characters.
_ADDRESS = re.compile(r"[\x00-\x20]*(?:[a-z][a-z0-9+.-]+:|//)", re.IGNORECASE)
# How many more times a target is percent-decoded when looking for an address in it: whatever decodes it later
# (a proxy, a browser, Gradio) must not find one either.
ADDRESS_DECODINGS = 4


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def _host_name(host: str) -> str:
    """The name in a Host header or an origin's address, without the port: "[::1]:7860" → "::1"."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host[1:]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class RequestGuard:
    """Refuses what a web page elsewhere could make a team's browser send here, before Gradio sees it.

    Gradio's strict CORS only withholds the CORS headers: a form on another site can still post an upload, and a
    DNS-rebinding page (its own name pointed at 127.0.0.1) gets full access. So: a server on loopback answers only
    to loopback names; a request that names an origin must come from this very address (scheme aside, for a TLS
    proxy in front); a browser's cross-site subresource fetch is refused; and the file route never fetches a URL,
    so the app makes no request off the machine on anyone's behalf. It also gives a full queue's refusal a sentence.
    """

    def __init__(self, app: ASGIApp, hosts: frozenset[str] | None = None) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope.get("headers", [])}
        reason = self.refusal(str(scope.get("path", "")), headers)
        if reason is not None:
            log.warning(
                "refused %s %s (Host %r, Origin %r, Sec-Fetch-Site %r)",
                scope.get("method", "WS"),
                scope.get("path"),
                headers.get("host"),
                headers.get("origin"),
                headers.get("sec-fetch-site"),
            )
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            await _respond(send, 403, json.dumps({"detail": reason, "error": reason}).encode())
            return
        if scope["type"] == "http" and _joins_queue(str(scope.get("path", ""))):
            send = _busy_sentence(send)
        await self.app(scope, receive, send)

    def refusal(self, path: str, headers: dict[str, str]) -> str | None:
        """Why the request is refused, or None to let it through."""
        host = headers.get("host", "")
        if self.hosts is not None and _host_name(host) not in self.hosts:
            return REFUSED
        origin = headers.get("origin")
        if origin is not None and (origin == "null" or urlsplit(origin).netloc.lower() != host.strip().lower()):
            return REFUSED
        site, mode = headers.get("sec-fetch-site"), headers.get("sec-fetch-mode")
        # A link followed from elsewhere opens the page; anything else another site's page makes a browser fetch
        # (an image, a script, an iframe of a file), or a link straight to a file or an API route, is not for it.
        if site in ("cross-site", "same-site") and (mode != "navigate" or path not in ("", "/")):
            return REFUSED
        route = _FILE_ROUTE.match(path)
        if route and (route.group(1) == "proxy=" or names_an_address(route.group(2))):
            return NOT_SERVED
        return None


def names_an_address(target: str) -> bool:
    """Whether what a file route is asked for is a web address (in any spelling), not a file on this machine.

    Gradio fetches an http(s) address given to its file route itself, and its check that the address is public
    asks a DNS service on the internet about any that is not, so no address may reach it at all.
    """
    for _ in range(ADDRESS_DECODINGS + 1):
        if _ADDRESS.match(target.replace("\\", "/")):
            return True
        decoded = unquote(target)
        if decoded == target:
            return False
        target = decoded
    return True  # still encoded after that many decodings: no file of the app is named that way


def _joins_queue(path: str) -> bool:
    return path.endswith("/queue/join") or "/call/" in path


async def _respond(send: Send, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _busy_sentence(send: Send) -> Send:
    """A send that replaces the body of a "queue is full" refusal (503) with a sentence saying what to do."""
    busy = [False]

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start" and message.get("status") == 503:
            busy[0] = True
            await _respond(send, 503, json.dumps({"detail": BUSY, "error": BUSY}).encode())
            return
        if busy[0]:
            return  # the replacement body is sent already
        await send(message)

    return wrapped


def allowed_hosts(host: str, extra: Sequence[str] = ()) -> frozenset[str] | None:
    """The Host names a server on `host` answers to: loopback names on loopback, any name otherwise.

    `extra` names a proxy in front may pass on (a TLS proxy on this machine forwarding plans.district.org).
    """
    name = _host_name(host)
    if name in LOOPBACK_NAMES or name.startswith("127."):
        return LOOPBACK_NAMES | {name} | {_host_name(h) for h in extra}
    return None
