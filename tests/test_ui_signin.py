"""Guessing the team's password: a few wrong passwords, then that computer waits, even with the right one; other
computers sign in as usual, and after the wait the right password works again. The clock is a fake one."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from test_ui_app import free_port, planned

from assistant.cli.ui import checker
from assistant.config import Settings
from assistant.retrieval.retriever import Retriever
from ui.signin import FAILURE_WINDOW, LOCK_SECONDS, MAX_FAILURES, SignInAttempts, client_of
from ui.state import Workspace

PASSWORD = "correct horse battery staple"
GUESS = "hunter2-guess"


@dataclass
class Clock:
    now: float = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_is_locked_out_after_repeated_wrong_passwords_and_only_that_client(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    attempts = SignInAttempts(clock, delay=0)
    caplog.set_level(logging.INFO, logger="cip_assistant.ui.signin")
    for _ in range(MAX_FAILURES):
        assert attempts.begin("203.0.113.7") == 0
        attempts.failed("203.0.113.7")
    assert attempts.locked_for("203.0.113.7") == LOCK_SECONDS
    assert attempts.begin("203.0.113.7") > 0, "refused before the password is even checked"
    assert attempts.begin("198.51.100.2") == 0, "another computer is not affected"
    attempts.succeeded("198.51.100.2")

    clock.now += LOCK_SECONDS - 1
    assert attempts.begin("203.0.113.7") > 0
    clock.now += 1
    assert attempts.begin("203.0.113.7") == 0, "the lock is over"
    attempts.succeeded("203.0.113.7")
    for _ in range(MAX_FAILURES - 1):
        assert attempts.begin("203.0.113.7") == 0, "and the count starts afresh"
        attempts.failed("203.0.113.7")

    failures = [r for r in caplog.records if "wrong password from" in r.getMessage()]
    locks = [r for r in caplog.records if "locked out" in r.getMessage()]
    assert len(failures) == 2 * MAX_FAILURES - 1 and len(locks) == 1
    assert all("203.0.113.7" in r.getMessage() for r in failures + locks)


def test_wrong_passwords_are_counted_over_a_window() -> None:
    clock = Clock()
    attempts = SignInAttempts(clock, delay=0)
    for _ in range(MAX_FAILURES * 3):
        assert attempts.begin("203.0.113.7") == 0
        attempts.failed("203.0.113.7")
        clock.now += FAILURE_WINDOW / (MAX_FAILURES - 1) + 1  # spread out, never MAX_FAILURES in one window
    assert attempts.locked_for("203.0.113.7") == 0


def test_attempts_sent_at_once_get_no_more_checks_than_one_by_one() -> None:
    attempts = SignInAttempts(Clock(), delay=0)
    let_through = [attempts.begin("203.0.113.7") == 0 for _ in range(50)]
    assert sum(let_through) == MAX_FAILURES


def test_clients_are_told_apart_by_address_and_an_ipv6_network_counts_as_one() -> None:
    assert client_of({"client": ("203.0.113.7", 5000)}) == "203.0.113.7"
    assert client_of({"client": ("::ffff:203.0.113.7", 5000)}) == "203.0.113.7"
    assert client_of({"client": ("2001:db8:1:2:aaaa::1", 1)}) == client_of({"client": ("2001:db8:1:2:bbbb::9", 1)})
    assert client_of({"client": ("2001:db8:1:2::1", 1)}) != client_of({"client": ("2001:db8:1:3::1", 1)})
    assert client_of({"client": ("::1", 1)}) == "::1"
    assert client_of({}) == "unknown"


@dataclass
class Served:
    url: str
    clock: Clock
    export: Path


@pytest.fixture
def served(index_home: Path, retriever: Retriever, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Served]:
    from ui.app import launch

    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio"))  # put back afterwards; the app sets its own
    ws = Workspace(Settings(home=index_home), retriever=retriever)
    planned(ws, "lincoln")
    export = ws.export("lincoln", "md").resolve()
    clock = Clock()
    port = free_port()
    attempts = SignInAttempts(clock, delay=0)
    demo = launch("127.0.0.1", port, checker(None, PASSWORD), ws.settings, workspace=ws, block=False, sign_in=attempts)
    try:
        yield Served(f"http://127.0.0.1:{port}", clock, export)
    finally:
        demo.close()


def sign_in(served: Served, password: str, client: str) -> httpx.Response:
    # As the proxy in front of the app reports the address it serves (the server trusts it from loopback only).
    return httpx.post(
        f"{served.url}/login",
        data={"username": "team", "password": password},
        headers={"X-Forwarded-For": client},
        timeout=30,
    )


@pytest.mark.slow
def test_the_server_locks_out_a_guessing_computer_and_no_other(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="cip_assistant.ui.signin")
    attacker, colleague = "203.0.113.7", "198.51.100.2"
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda n: sign_in(served, f"{GUESS}{n}", attacker).status_code, range(60)))
    assert statuses.count(400) == MAX_FAILURES and statuses.count(429) == 60 - MAX_FAILURES, statuses

    refused = sign_in(served, PASSWORD, attacker)
    assert refused.status_code == 429, "refused even with the right password"
    assert refused.json()["detail"] == "Too many wrong passwords from this computer; try again in 15 minutes."
    assert int(refused.headers["retry-after"]) == LOCK_SECONDS
    assert "set-cookie" not in refused.headers

    welcomed = sign_in(served, PASSWORD, colleague)
    assert welcomed.status_code == 200, "another computer signs in as usual"
    with httpx.Client(base_url=served.url, cookies=welcomed.cookies, timeout=30) as client:
        assert client.get(f"/gradio_api/file={served.export}").status_code == 200

    served.clock.now += LOCK_SECONDS
    assert sign_in(served, PASSWORD, attacker).status_code == 200, "after the wait the right password works"

    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert logged.count("wrong password from 203.0.113.7") == MAX_FAILURES
    assert logged.count("locked out 203.0.113.7") == 1
    assert GUESS not in logged and PASSWORD not in logged, "no password is ever logged"
