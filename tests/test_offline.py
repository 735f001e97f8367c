"""With no language model configured, nothing leaves the machine: every network connection is refused and logged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import cli_env

# Loaded by every Python process of the run (via PYTHONPATH), before the assistant's code.
BLOCKER = """
import os, socket

_LOG = os.environ["NETWORK_LOG"]


def _refuse(kind, target):
    with open(_LOG, "a", encoding="utf-8") as handle:
        handle.write(f"{kind} {target!r}\\n")
    raise OSError("network access is blocked in this test")


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def connect(self, address):
    if self.family == socket.AF_UNIX:
        return _connect(self, address)
    _refuse("connect", address)


def connect_ex(self, address):
    if self.family == socket.AF_UNIX:
        return _connect_ex(self, address)
    _refuse("connect_ex", address)


socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.getaddrinfo = lambda host, *a, **k: _refuse("getaddrinfo", host)
socket.create_connection = lambda address, *a, **k: _refuse("create_connection", address)
"""


def test_search_ask_index_and_a_planning_session_make_no_network_connection(index_home: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    log = tmp_path / "network.log"
    env = cli_env(
        index_home, {"PYTHONPATH": str(blocker), "NETWORK_LOG": str(log), "CIP_ASSISTANT_TODAY": "2026-11-22"}
    )
    doc = tmp_path / "district-notes.md"
    doc.write_text("# Literacy coaching\n\nCoaches meet every new teacher twice a month.\n", encoding="utf-8")
    runs = [
        (["index", str(doc)], ""),
        (["search", "how often should coaching happen", "--json"], ""),
        (["ask", "what should coaches base feedback on?"], ""),
        (
            [
                "chat",
                "--session",
                "offline",
                "--initiative",
                "Literacy",
                "--stage",
                "installation",
                "--driver",
                "coaching",
            ],
            "no\nDana Reyes will train the coaches by January 29, 2027\n/done\n",
        ),
    ]
    for args, stdin in runs:
        result = subprocess.run(
            [sys.executable, "-m", "assistant", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, (args, result.stderr)
    assert not log.exists(), log.read_text(encoding="utf-8")
