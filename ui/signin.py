"""Sign-in attempts: a client that keeps giving wrong passwords is slowed down, then locked out for a while.

Without this, a script can try hundreds of passwords a second against the team's password. Each client (its
address, as the proxy in front reports it) may give `MAX_FAILURES` wrong passwords within `FAILURE_WINDOW`; then it
is refused for `LOCK_SECONDS`, even with the right password. Other clients are unaffected.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

log = logging.getLogger("cip_assistant.ui.signin")

MAX_FAILURES = 5
"""Wrong passwords a client may give within `FAILURE_WINDOW` before it is locked out."""
FAILURE_WINDOW = 15 * 60.0
"""Seconds over which a client's wrong passwords are counted."""
LOCK_SECONDS = 15 * 60.0
"""How long a locked-out client is refused, whatever password it gives."""
FAILURE_DELAY = 1.0
"""Seconds each wrong password waits for its answer, so that even the allowed attempts come slowly."""
MAX_CLIENTS = 10_000
"""Clients remembered at once; past it, those whose failures are oldest are forgotten first."""
LOCKED = "Too many wrong passwords from this computer; try again in {wait}."

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def client_of(scope: Scope) -> str:
    """Who is signing in: its address (behind a proxy on this machine, the one the proxy forwards).

    An IPv6 address counts by its /64: a home or office network gets a whole /64, and counting each address alone
    would give it billions of attempts.
    """
    host = (scope.get("client") or ("unknown", 0))[0]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return str(host)
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        if not address.is_loopback:
            return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


class SignInAttempts:
    """Each client's recent wrong passwords and lock, on a clock that tests can set."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        *,
        max_failures: int = MAX_FAILURES,
        window: float = FAILURE_WINDOW,
        lock_seconds: float = LOCK_SECONDS,
        delay: float = FAILURE_DELAY,
    ) -> None:
        self.clock = clock
        self.max_failures = max_failures
        self.window = window
        self.lock_seconds = lock_seconds
        self.delay = delay
        self._failures: dict[str, list[float]] = {}
        self._locked_until: dict[str, float] = {}
        self._guard = threading.Lock()

    def locked_for(self, client: str) -> float:
        """Seconds until the client may try again; 0 when it may now."""
        with self._guard:
            return self._locked(client, self.clock())

    def begin(self, client: str) -> float:
        """Counts an attempt before its answer is known; the seconds it must wait instead, or 0 to let it through.

        The attempt counts as a failure until it succeeds, so a client sending many at once gets no more than
        `max_failures` of them checked.
        """
        with self._guard:
            now = self.clock()
            wait = self._locked(client, now)
            if wait:
                return wait
            recent = [t for t in self._failures.get(client, []) if now - t < self.window]
            if len(recent) >= self.max_failures:
                return self.lock_seconds  # its earlier attempts are still being answered
            recent.append(now)
            self._failures[client] = recent
            self._forget_oldest()
            return 0.0

    def failed(self, client: str) -> None:
        """The attempt `begin` let through had a wrong password: log it, and lock the client out at the limit."""
        with self._guard:
            now = self.clock()
            count = len([t for t in self._failures.get(client, []) if now - t < self.window])
            log.warning("wrong password from %s (%d in %d minutes)", client, count, round(self.window / 60))
            if count >= self.max_failures and client not in self._locked_until:
                self._locked_until[client] = now + self.lock_seconds
                log.warning(
                    "locked out %s for %d minutes after %d wrong passwords",
                    client,
                    round(self.lock_seconds / 60),
                    count,
                )

    def succeeded(self, client: str) -> None:
        """The right password: the client's count starts afresh."""
        with self._guard:
            self._failures.pop(client, None)

    def _locked(self, client: str, now: float) -> float:
        until = self._locked_until.get(client)
        if until is None:
            return 0.0
        if now >= until:
            del self._locked_until[client]
            self._failures.pop(client, None)  # a fresh start once the lock is over
            return 0.0
        return until - now

    def _forget_oldest(self) -> None:
        excess = len(self._failures) - MAX_CLIENTS
        if excess > 0:
            for client in sorted(self._failures, key=lambda c: self._failures[c][-1])[:excess]:
                del self._failures[client]


def _is_sign_in(scope: Scope) -> bool:
    return scope["type"] == "http" and scope.get("method") == "POST" and scope.get("path", "").rstrip("/") == "/login"


class SignInGuard:
    """ASGI middleware that puts each sign-in through `SignInAttempts`: refused when locked out, slowed when wrong."""

    def __init__(self, app: ASGIApp, attempts: SignInAttempts) -> None:
        self.app = app
        self.attempts = attempts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _is_sign_in(scope):
            await self.app(scope, receive, send)
            return
        client = client_of(scope)
        wait = self.attempts.begin(client)
        if wait:
            log.info("refused a sign-in from %s: locked out for %d more seconds", client, round(wait))
            await _refuse(send, wait)
            return
        outcome: list[int] = []

        async def answer(message: Message) -> None:
            if message["type"] == "http.response.start":
                outcome.append(int(message["status"]))
                if outcome[0] == 200:
                    self.attempts.succeeded(client)
                else:
                    self.attempts.failed(client)
                    if self.attempts.delay:
                        await asyncio.sleep(self.attempts.delay)
            await send(message)

        try:
            await self.app(scope, receive, answer)
        finally:
            if not outcome:  # no answer at all (the client went away): it still counts
                self.attempts.failed(client)


async def _refuse(send: Send, wait: float) -> None:
    minutes = max(1, round(wait / 60))
    sentence = LOCKED.format(wait=f"{minutes} minute" if minutes == 1 else f"{minutes} minutes")
    body = json.dumps({"detail": sentence, "error": sentence}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(max(1, round(wait))).encode()),
    ]
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": body})
