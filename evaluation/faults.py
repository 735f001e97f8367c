"""`python -m evaluation.faults`: kill -9 campaigns against real planning sessions and real index runs.

The product promises that nothing a team typed is lost and that an interrupted index run leaves every finished
document whole. This script checks both with real SIGKILLs against real `cip-assistant` processes:

- plan trials: `cip-assistant chat --mode plan --session NAME` reads one answer per line; the parent writes the
  answers, records what the child printed, and kills it at a random moment while turns are being written. Then the
  sessions database must pass `PRAGMA integrity_check`, every session must load, every reply the child printed must
  be in the transcript with the answer it replied to, turns must be whole (the user's line and the reply, saved
  together) and no earlier turn may change. The next trial resumes a session or starts a new one.
- index trials: `cip-assistant index FILES [--remove NAME]` adds, updates and removes Markdown, text, Word and PDF
  documents and is killed while it writes. Then, before anything repairs it, Chroma's database must pass
  `PRAGMA integrity_check`, the store must open and search, every document the manifest lists as current must
  have exactly its passages (and sentence vectors) in the store, and anything missing, partial or left over must
  be something the next run re-indexes or removes. The indexer then runs to completion: the index must be whole
  and a search must return passages of documents that exist.

Loading the embedding model and its libraries takes seconds in every new process, so by default children are
forked from a helper process that has imported them once (`--launcher fork`): each child still runs the real
command line (`assistant.cli.main`) in a process of its own, with its own pipes, files and exit, and is killed
with SIGKILL. `--launcher exec` starts every child as a fresh `cip-assistant` process instead, as a user would.

Kills are aimed at the write window: a plan kill is timed from the first reply shown (or lands a few milliseconds
after the sessions database's write-ahead log appears), an index kill from the first write to Chroma's database
(or a few milliseconds after one of its journals appears). Where each kill landed is recorded and summarised.

Usage: python -m evaluation.faults [--kind plan|checkin|index|all] [--trials N] [--seed S]
       [--out bench-results/faults.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import select
import shutil
import signal
import socket
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.config import PROJECT_ROOT
from evaluation.fuzz import make_pdf

DEFAULT_OUT = PROJECT_ROOT / "bench-results" / "faults.json"
TODAY = "2026-11-22"
# A child that neither finishes nor is killed within this many seconds is killed and reported.
CHILD_LIMIT = 600.0
POLL = 0.0005
AIM_JITTER = 0.015
# Uniform kills fall in this share of the estimated write window: estimates vary, and a kill after the end is lost.
WINDOW_SHARE = 0.85

# ================================================================================================ children


class Child:
    """A running command: its stdin, everything it printed (with when), its exit; subclasses start and kill it."""

    def __init__(self, pid: int, stdin_fd: int | None, stdout_fd: int) -> None:
        self.pid = pid
        self.started = time.monotonic()
        self.stdin_fd = stdin_fd
        self.output = bytearray()
        self.first_output: float | None = None
        self.last_output: float | None = None
        self.killed_at: float | None = None
        self._eof = threading.Event()
        self._reader = threading.Thread(target=self._read, args=(stdout_fd,), daemon=True)
        self._reader.start()

    def _read(self, fd: int) -> None:
        try:
            while chunk := os.read(fd, 65536):
                now = time.monotonic()
                self.output += chunk
                self.first_output = self.first_output or now
                self.last_output = now
        finally:
            os.close(fd)
            self._eof.set()

    def write(self, data: bytes) -> bool:
        """False once the child cannot read any more (it died or closed its input)."""
        if self.stdin_fd is None:
            return False
        try:
            os.write(self.stdin_fd, data)
            return True
        except (BrokenPipeError, OSError):
            return False

    def close_stdin(self) -> None:
        if self.stdin_fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.stdin_fd)
            self.stdin_fd = None

    def output_done(self, timeout: float = 10.0) -> bool:
        return self._eof.wait(timeout)

    def poll(self) -> int | None:
        raise NotImplementedError

    def wait(self, timeout: float) -> int | None:
        raise NotImplementedError

    def kill(self) -> None:
        raise NotImplementedError

    def finish(self, timeout: float = 60.0) -> int | None:
        """Wait for the exit and the end of the output; None if it did not end in time."""
        self.close_stdin()
        code = self.wait(timeout)
        self.output_done(10.0)
        return code


class ExecChild(Child):
    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        assert process.stdout is not None
        stdin_fd = os.dup(process.stdin.fileno()) if process.stdin is not None else None
        if process.stdin is not None:
            process.stdin.close()
        stdout_fd = os.dup(process.stdout.fileno())
        process.stdout.close()
        super().__init__(process.pid, stdin_fd, stdout_fd)

    def poll(self) -> int | None:
        return self.process.poll()

    def wait(self, timeout: float) -> int | None:
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        self.killed_at = time.monotonic()
        self.process.kill()


class Launcher:
    """Starts `cip-assistant ARGS` and checker calls as separate processes."""

    name = "base"

    def start(self, argv: Sequence[str], env: dict[str, str], cwd: Path, stderr: Path) -> Child:
        raise NotImplementedError

    def start_call(self, function: str, kwargs: dict[str, Any], stderr: Path) -> Child:
        raise NotImplementedError

    def call(self, function: str, kwargs: dict[str, Any], stderr: Path, timeout: float = 600.0) -> Any:
        """Run `evaluation.faults.FUNCTION(**kwargs)` in a process of its own; its JSON result."""
        child = self.start_call(function, kwargs, stderr)
        code = child.finish(timeout)
        if code != 0:
            if code is None:
                child.kill()
            raise RuntimeError(f"{function} failed ({code}): {_tail(stderr)}")
        return json.loads(bytes(child.output).decode("utf-8"))

    def close(self) -> None:
        """Stop whatever the launcher keeps running."""


# The one setting a campaign passes on to its commands: the embedding model it was started with (tests use the toy).
_KEPT = "CIP_ASSISTANT_EMBEDDING_MODEL"


def _child_env(env: dict[str, str]) -> dict[str, str]:
    base = {name: value for name, value in os.environ.items() if not name.startswith("CIP_ASSISTANT_") or name == _KEPT}
    base.update({"ANONYMIZED_TELEMETRY": "False", "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"})
    base.update(env)
    return base


class ExecLauncher(Launcher):
    """Every child is a fresh `cip-assistant` process: the real start-up, imports and model load each time."""

    name = "exec"

    def __init__(self) -> None:
        script = Path(sys.executable).parent / "cip-assistant"
        self.command = [str(script)] if script.is_file() else [sys.executable, "-m", "assistant"]

    def _popen(self, command: list[str], env: dict[str, str], cwd: Path, stderr: Path) -> ExecChild:
        with open(stderr, "wb") as err:
            process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, env=_child_env(env), cwd=cwd
            )
        return ExecChild(process)

    def start(self, argv: Sequence[str], env: dict[str, str], cwd: Path, stderr: Path) -> Child:
        return self._popen([*self.command, *argv], env, cwd, stderr)

    def start_call(self, function: str, kwargs: dict[str, Any], stderr: Path) -> Child:
        child = self._popen(
            [sys.executable, "-c", "from evaluation.faults import _call_main; _call_main()"], {}, PROJECT_ROOT, stderr
        )
        child.write(json.dumps({"call": function, "kwargs": kwargs}).encode())
        child.close_stdin()
        return child


class ForkChild(Child):
    def __init__(self, launcher: ForkLauncher, pid: int, stdin_fd: int, stdout_fd: int) -> None:
        self.launcher = launcher
        super().__init__(pid, stdin_fd, stdout_fd)

    def poll(self) -> int | None:
        return self.launcher.exit_code(self.pid, 0.0)

    def wait(self, timeout: float) -> int | None:
        return self.launcher.exit_code(self.pid, timeout)

    def kill(self) -> None:
        self.killed_at = time.monotonic()
        self.launcher.kill(self.pid)


# Modules every child needs; imported once in the helper so a forked child starts in a fraction of a second.
PRELOAD = (
    "torch",
    "transformers",
    "sentence_transformers",
    "chromadb",
    "docx",
    "pypdf",
    "assistant.cli.main",
    "assistant.retrieval.retriever",
    "assistant.retrieval.indexer",
    "assistant.retrieval.store",
    "assistant.retrieval.embedder",
    "assistant.dialogue.plan_mode",
    "assistant.planning.context",
    "assistant.storage.sessions",
    "assistant.knowledge.documents",
    "assistant.knowledge.sources",
    "assistant.llm",
)


class ForkLauncher(Launcher):
    """Children forked from a helper process that imported the heavy libraries once (but loaded no model).

    The helper gets each child's stdin, stdout and stderr as file descriptors over a Unix socket, forks, and
    reports exits; kills go through it too, so a signal can only reach a child it has not yet reaped.
    """

    name = "fork"

    def __init__(self, log: Path) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        with open(log, "wb") as err:
            self.helper = subprocess.Popen(
                [sys.executable, "-c", "from evaluation.faults import _zygote; _zygote()", str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
                env=_child_env({}),
                cwd=PROJECT_ROOT,
            )
        theirs.close()
        self.log = log
        self.sock = ours
        self._cond = threading.Condition()
        self._pids: dict[int, int] = {}
        self._codes: dict[int, int] = {}
        self._ready = False
        self._gone = False
        self._next = 0
        threading.Thread(target=self._listen, daemon=True).start()
        with self._cond:
            if not self._cond.wait_for(lambda: self._ready or self._gone, timeout=900):
                raise RuntimeError("the helper process did not start in 15 minutes")
        if self._gone:
            raise RuntimeError(f"the helper process ended: {_tail(log)}")

    def _listen(self) -> None:
        while True:
            try:
                data = self.sock.recv(65536)
            except OSError:
                data = b""
            with self._cond:
                if not data:
                    self._gone = True
                    self._cond.notify_all()
                    return
                message = json.loads(data)
                if "ready" in message:
                    self._ready = True
                elif "started" in message:
                    self._pids[int(message["started"])] = int(message["pid"])
                elif "exited" in message:
                    self._codes[int(message["exited"])] = int(message["code"])
                self._cond.notify_all()

    def _send(self, request: dict[str, Any], fds: list[int]) -> int:
        with self._cond:
            self._next += 1
            number = self._next
        request["id"] = number
        socket.send_fds(self.sock, [json.dumps(request).encode()], fds)
        for fd in fds:
            os.close(fd)
        with self._cond:
            if not self._cond.wait_for(lambda: number in self._pids or self._gone, timeout=60):
                raise RuntimeError("the helper process did not start a child")
            if self._gone:
                raise RuntimeError(f"the helper process ended: {_tail(self.log)}")
            return self._pids.pop(number)

    def _spawn(self, request: dict[str, Any], stderr: Path) -> ForkChild:
        child_in, stdin_fd = os.pipe()
        stdout_fd, child_out = os.pipe()
        err = os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        pid = self._send(request, [child_in, child_out, err])
        return ForkChild(self, pid, stdin_fd, stdout_fd)

    def start(self, argv: Sequence[str], env: dict[str, str], cwd: Path, stderr: Path) -> Child:
        return self._spawn({"argv": list(argv), "env": env, "cwd": str(cwd)}, stderr)

    def start_call(self, function: str, kwargs: dict[str, Any], stderr: Path) -> Child:
        child = self._spawn({"call": function, "kwargs": kwargs, "env": {}, "cwd": str(PROJECT_ROOT)}, stderr)
        child.close_stdin()
        return child

    def exit_code(self, pid: int, timeout: float) -> int | None:
        with self._cond:
            self._cond.wait_for(lambda: pid in self._codes or self._gone, timeout=timeout)
            return self._codes.get(pid)

    def kill(self, pid: int) -> None:
        self.sock.send(json.dumps({"kill": pid}).encode())

    def close(self) -> None:
        # A shutdown, not just a close: the listening thread's pending recv keeps the socket open otherwise.
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        try:
            self.helper.wait(30)
        except subprocess.TimeoutExpired:
            self.helper.kill()
            self.helper.wait(30)


def _zygote() -> None:
    """The helper behind ForkLauncher: import once, then fork one child per request and report its exit."""
    sock = socket.socket(fileno=int(sys.argv[1]))
    import importlib

    import assistant.config  # noqa: F401  (sets the offline and no-telemetry environment first)

    for module in PRELOAD:
        try:
            importlib.import_module(module)
        except Exception:  # a module that cannot be imported here is imported, and reported, by the child
            traceback.print_exc()
    sock.send(b'{"ready": true}')
    live: set[int] = set()
    while True:
        ready, _, _ = select.select([sock], [], [], 0.005)
        while live:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            live.discard(pid)
            sock.send(json.dumps({"exited": pid, "code": os.waitstatus_to_exitcode(status)}).encode())
        if not ready:
            continue
        data, fds, _, _ = socket.recv_fds(sock, 1 << 20, 3)
        if not data:
            break
        request = json.loads(data)
        if "kill" in request:
            if request["kill"] in live:
                os.kill(request["kill"], signal.SIGKILL)
            continue
        pid = os.fork()
        if pid == 0:
            sock.close()
            _forked(request, fds)
        for fd in fds:
            os.close(fd)
        live.add(pid)
        sock.send(json.dumps({"started": request["id"], "pid": pid}).encode())
    for pid in live:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _forked(request: dict[str, Any], fds: list[int]) -> None:
    """In a forked child: take the given stdin/stdout/stderr, the environment and the arguments, and run."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    for name in [n for n in os.environ if n.startswith("CIP_ASSISTANT_") and n != _KEPT]:
        del os.environ[name]
    os.environ.update(request["env"])
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115
    from assistant.config import reset_settings

    reset_settings()
    code: int | str | None = 0
    try:
        if "call" in request:
            sys.stdout.write(json.dumps(_dispatch(request["call"], request["kwargs"])))
        else:
            from assistant.cli.main import main

            sys.argv = ["cip-assistant", *request["argv"]]
            main()
    except SystemExit as exc:
        code = exc.code
        if isinstance(code, str):
            print(code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()
        code = 1
    # The exit handlers run and the files are flushed as at any exit; the interpreter's teardown of torch and its
    # friends (seconds on a busy machine) writes nothing and is skipped.
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code if isinstance(code, int) else (0 if code is None else 1))


def _call_main() -> None:
    """`--launcher exec` runs checker calls through this: one JSON request on stdin, the JSON result on stdout."""
    request = json.loads(sys.stdin.read())
    sys.stdout.write(json.dumps(_dispatch(request["call"], request["kwargs"])))


def _dispatch(function: str, kwargs: dict[str, Any]) -> Any:
    calls: dict[str, Callable[..., Any]] = {"check_index": check_index}
    return calls[function](**kwargs)


def _tail(path: Path, chars: int = 800) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-chars:].strip()
    except OSError:
        return ""


# ================================================================================================ kill timing


@dataclass
class Aim:
    """When to kill: `uniform` waits `delay` seconds after the anchor; `aimed` waits for the `target`-th write
    (after the anchor) and kills `jitter` seconds after it began."""

    mode: str
    delay: float = 0.0
    target: int = 1
    jitter: float = 0.0


@dataclass
class KillRecord:
    mode: str
    killed: bool = False
    finished_first: bool = False
    timed_out: bool = False
    anchor_seen: bool = False
    since_start: float | None = None
    since_anchor: float | None = None
    writes_seen: int = 0
    run_seconds: float = 0.0
    write_span: float | None = None


def drive(
    child: Child,
    aim: Aim,
    writing: Callable[[], bool],
    *,
    anchor_on_output: bool,
    tick: Callable[[], None] | None = None,
    limit: float = CHILD_LIMIT,
    kill: bool = True,
) -> KillRecord:
    """Watch the child (its output and `writing()`, true while a write is under way) and kill it as aimed."""
    record = KillRecord(aim.mode)
    writes: list[float] = []
    was_writing = False
    anchor: float | None = None
    while True:
        now = time.monotonic()
        if child.poll() is not None:
            record.finished_first = True
            break
        busy = writing()
        if busy and not was_writing:
            writes.append(now)
        was_writing = busy
        if anchor is None:
            anchor = child.first_output if anchor_on_output else (writes[0] if writes else None)
        if tick is not None:
            tick()
        if kill and anchor is not None:
            after = [t for t in writes if t >= anchor]
            due = (
                anchor + aim.delay
                if aim.mode == "uniform"
                else (after[aim.target - 1] + aim.jitter if len(after) >= aim.target else None)
            )
            if due is not None and now >= due:
                child.kill()
                record.killed = True
                break
        if now - child.started > limit:
            child.kill()
            record.killed = record.timed_out = True
            break
        time.sleep(POLL)
    end = child.killed_at or time.monotonic()
    record.run_seconds = round(end - child.started, 4)
    record.writes_seen = len(writes)
    record.anchor_seen = anchor is not None
    if record.killed:
        record.since_start = record.run_seconds
        record.since_anchor = round(end - anchor, 4) if anchor is not None else None
    if writes:
        record.write_span = round(end - writes[0], 4)
    return record


class Estimate:
    """A running estimate (exponentially weighted) of how long something takes."""

    def __init__(self, value: float, weight: float = 0.25) -> None:
        self.value = value
        self.weight = weight

    def update(self, sample: float) -> None:
        if sample > 0:
            self.value = (1 - self.weight) * self.value + self.weight * sample


# ================================================================================================ plan trials


def wal_state(db: Path) -> str:
    """Where a kill left the sessions database's write-ahead log, read before anything opens the database.

    "none": no log (the kill fell between saves); "open": a log with uncommitted frames or none at all (killed
    inside a transaction); "committed": every frame committed (killed after a commit, before the log was merged).
    """
    wal = db.with_name(db.name + "-wal")
    try:
        data = wal.read_bytes()
    except FileNotFoundError:
        return "none"
    if len(data) < 32:
        return "open"
    page_size = struct.unpack(">I", data[8:12])[0]
    salt = data[16:24]
    last_commit = 0
    frames = 0
    offset = 32
    while offset + 24 <= len(data):
        header = data[offset : offset + 24]
        if header[8:16] != salt:
            break
        frames += 1
        if struct.unpack(">I", header[4:8])[0]:
            last_commit = frames
        offset += 24 + page_size
    return "committed" if frames and last_commit == frames else "open"


@dataclass
class PlanCheck:
    violations: list[str] = field(default_factory=list)
    transcript: list[tuple[str, str, str]] = field(default_factory=list)
    saved_answers: int = 0
    acknowledged: int = 0
    exists: bool = False


def _segments(texts: list[str]) -> bytes:
    return b"".join(f"{text}\n\n".encode() for text in texts)


def check_plan_kill(
    db: Path,
    session: str,
    before: Sequence[tuple[str, str, str]],
    lines: Sequence[str],
    output: bytes,
) -> PlanCheck:
    """What a killed `chat --mode plan` run must have kept.

    `before` is the session's transcript (role, text, time) before the run, `lines` what was typed into it and
    `output` everything it printed. Every reply is saved before it is printed, so what was printed must be a
    prefix of the replies saved by this run; the answers saved must be the first lines typed, each saved together
    with its reply; nothing from before may change; the plan and state must load.
    """
    from assistant.errors import NotFoundError
    from assistant.storage.sessions import SessionStore

    check = PlanCheck()
    if not db.is_file():
        if output:
            check.violations.append("a reply was printed but there is no sessions database")
        return check
    try:
        with contextlib.closing(sqlite3.connect(db)) as raw:
            integrity = [row[0] for row in raw.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        integrity = [f"cannot open: {exc}"]
    if integrity != ["ok"]:
        check.violations.append(f"PRAGMA integrity_check: {'; '.join(integrity)[:300]}")
        return check
    try:
        loaded = SessionStore(db).load(session)
    except NotFoundError:
        if output or before:
            check.violations.append(f"session {session!r} is missing though it was saved or shown")
        return check
    except Exception as exc:
        check.violations.append(f"session {session!r} does not load: {type(exc).__name__}: {str(exc)[:300]}")
        return check
    check.exists = True
    transcript: list[tuple[str, str, str]] = [(str(t.role), t.text, t.at.isoformat()) for t in loaded.transcript]
    check.transcript = transcript
    if transcript[: len(before)] != list(before):
        lost = next(
            (n for n, (a, b) in enumerate(zip(before, transcript, strict=False)) if a != b),
            min(len(before), len(transcript)),
        )
        check.violations.append(f"earlier turns changed or were lost from turn {lost} (had {len(before)})")
        return check
    new = transcript[len(before) :]
    replies: list[str] = []
    answers: list[str] = []
    # A reopened session whose opening is the one it last showed saves no new opening: it was saved before.
    reopened = bool(before) and before[-1][0] == "assistant" and (not new or new[0][0] == "user")
    if reopened and output.startswith(_segments([before[-1][1]])[: len(output)]):
        new = [before[-1], *new]
    if new:
        if new[0][0] != "assistant":
            check.violations.append("this run's first saved turn is not the assistant's opening")
        replies.append(new[0][1])
        pairs = new[1:]
        if len(pairs) % 2:
            check.violations.append(f"a turn is not whole: {len(pairs)} turns after the opening")
        for user, reply in zip(pairs[::2], pairs[1::2], strict=False):
            if user[0] != "user" or reply[0] != "assistant" or user[2] != reply[2]:
                check.violations.append(f"a turn is not whole: {user[0]} then {reply[0]} ({user[2]} / {reply[2]})")
                break
            answers.append(user[1])
            replies.append(reply[1])
    check.saved_answers = len(answers)
    if answers != list(lines[: len(answers)]):
        check.violations.append(f"the saved answers are not the first {len(answers)} lines typed")
    expected = _segments(replies)
    if not expected.startswith(output):
        at = next((n for n, (a, b) in enumerate(zip(output, expected, strict=False)) if a != b), len(expected))
        shown = output[max(0, at - 60) : at + 120].decode("utf-8", "replace")
        check.violations.append(f"printed text that was not saved, from byte {at} of {len(output)}: {shown!r}")
    starts = [len(_segments(replies[:n])) for n in range(len(replies))]
    check.acknowledged = max(0, sum(1 for start in starts if start < len(output)) - 1)
    if check.acknowledged and lines[check.acknowledged - 1] not in answers:
        check.violations.append(f"the last acknowledged answer is not saved: {lines[check.acknowledged - 1]!r}")
    with contextlib.closing(sqlite3.connect(db)) as raw:
        plan, state = raw.execute("SELECT plan, state FROM sessions WHERE name = ?", (session,)).fetchone()
    try:
        type(loaded.plan).model_validate_json(plan)
        json.loads(state)
    except ValueError as exc:
        check.violations.append(f"the saved plan or state is not valid JSON of its model: {str(exc)[:300]}")
    return check


def check_other_sessions(db: Path, known: dict[str, list[tuple[str, str, str]]], skip: str) -> list[str]:
    """Every other session still loads with exactly the turns it had."""
    from assistant.storage.sessions import SessionStore

    problems = []
    store = SessionStore(db)
    for name, transcript in known.items():
        if name == skip:
            continue
        try:
            loaded = store.load(name)
        except Exception as exc:
            problems.append(f"session {name!r} no longer loads: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        if [(t.role, t.text, t.at.isoformat()) for t in loaded.transcript] != transcript:
            problems.append(f"session {name!r} changed although no run touched it")
    return problems


OWNERS = (
    "Dana Reyes, our instructional coach,",
    "The principal",
    "Sam Ortiz",
    "Our data team",
    "Ana Díaz, the assistant principal,",
    "The district literacy lead",
    "Mr. O'Neil",
    "Our family liaison",
    "Priya Natarajan (grade 3 lead)",
    "The MTSS team",
)
DOINGS = (
    "will schedule monthly coaching cycles for every K-3 teacher",
    "will draft implementation criteria with teachers",
    "will publish the coaching plan to staff and families",
    "will set up a data dashboard disaggregated by race/ethnicity and language",
    "will train new staff on the fidelity checklist",
    "will hold listening sessions with families in Spanish and Vietnamese",
    "will review walkthrough data with the leadership team",
    "will pick an observation tool and pilot it in two classrooms",
    "will budget substitute days so teachers can attend training",
    "will write a selection rubric for interventionists",
)
WHENS = (
    "by January 29, 2027",
    "by December 15, 2026",
    "every quarter",
    "by the end of the semester",
    "starting next week and every month after that",
    "before spring break",
    "",
    "by 2027-03-01",
)
OTHER_LINES = (
    "/plan",
    "/why",
    "/skip",
    "/back",
    "/help",
    "/more",
    "yes",
    "no",
    "in place",
    "partially",
    "not in place",
    "",
    "Dana Reyes",
    "by June 1, 2027",
    "We are not sure yet — maybe the coach? 🤔",
    "ask the team; we'll decide at the next meeting",
)
INITIATIVES = (
    "Structured literacy K-3",
    "PBIS",
    "Math fluency grades 4-6",
    "Attendance for all",
    "Restorative practices",
)
STAGES = ("exploration", "installation", "initial_implementation", "full_implementation")
DRIVERS = ("coaching", "data systems", "training", "fidelity", "selection", "leadership", "DIDM", "external systems")


def plan_script(rng: random.Random, trial: int, count: int) -> list[str]:
    """What a team types: answers with owners and dates, short replies, commands, odd and long text."""
    lines = []
    for n in range(count):
        roll = rng.random()
        if roll < 0.55:
            when = rng.choice(WHENS)
            text = f"{rng.choice(OWNERS)} {rng.choice(DOINGS)}{' ' + when if when else ''} (note {trial}.{n})"
            if rng.random() < 0.1:
                text += " Details: " + " ".join(rng.choice(DOINGS) for _ in range(rng.randint(10, 40)))
            lines.append(text)
        else:
            lines.append(rng.choice(OTHER_LINES))
    return lines


CHECKIN_LINES = (
    "finished it",
    "done, the calendar went out on the 3rd",
    "halfway there",
    "in progress, two of five grade levels so far",
    "haven't started",
    "stuck on scheduling subs",
    "blocked until the budget is approved",
    "https://drive.example.org/folder/coaching-log",
    "sign-in sheets from the sessions",
    "the schedule changed twice",
    "move it to March 15",
    "nothing changes",
    "/skip",
    "/back",
    "/help",
    "",
    "not sure, ask dana 🤔",
)


def checkin_script(rng: random.Random, trial: int, count: int) -> list[str]:
    """What a team types at a check-in: statuses, evidence, obstacles, commands, odd text."""
    lines = []
    for n in range(count):
        line = rng.choice(CHECKIN_LINES)
        if line and not line.startswith("/") and rng.random() < 0.3:
            line += f" (note {trial}.{n})"
        lines.append(line)
    return lines


def _planned_sessions(db: Path) -> dict[str, list[tuple[str, str, str]]]:
    """The saved plans that have actions, with their transcripts: what a check-in can review."""
    from assistant.storage.sessions import SessionStore

    found: dict[str, list[tuple[str, str, str]]] = {}
    store = SessionStore(db)
    for row in store.list():
        if row.damaged or row.mode != "plan":
            continue
        session = store.load(row.name)
        if session.plan.actions:
            found[row.name] = [(str(t.role), t.text, t.at.isoformat()) for t in session.transcript]
    return found


class Feeder:
    """Types one answer at a time, each a moment after the previous reply began to appear."""

    def __init__(self, child: Child, lines: Sequence[str], gap: float) -> None:
        self.child = child
        self.lines = lines
        self.gap = gap
        self.fed = 0
        self.seen = 0

    def tick(self) -> None:
        child = self.child
        if self.fed >= len(self.lines) or child.first_output is None or len(child.output) <= self.seen:
            return
        if child.last_output is not None and time.monotonic() - child.last_output < self.gap:
            return
        self.seen = len(child.output)
        child.write((self.lines[self.fed] + "\n").encode())
        self.fed += 1
        if self.fed == len(self.lines):
            child.close_stdin()


@dataclass
class PlanTrial:
    trial: int
    aim: Aim
    session: str
    resumed: bool
    lines: int
    paced: bool
    kill: KillRecord
    wal: str
    acknowledged: int
    saved_answers: int
    violations: list[str]
    seconds: float
    exit_code: int | None = None
    reproduce: dict[str, Any] | None = None


def run_plan_trials(
    launcher: Launcher,
    work: Path,
    base_home: Path,
    trials: int,
    seed: int,
    say: Callable[[str], None] = print,
    modes: Sequence[str] = ("uniform", "aimed"),
    chat: str = "plan",
) -> list[PlanTrial]:
    """`trials` killed planning sessions in one home whose sessions database grows from trial to trial.

    With `chat="checkin"` each trial is a check-in on one of the plans the plan trials saved in that home (a few
    plans are made first, unkilled, when there are none), killed the same way and checked the same way.
    """
    home = work / "plan-home"
    if not (home / "index").is_dir():
        home.mkdir(parents=True, exist_ok=True)
        shutil.copytree(base_home / "index", home / "index")
    db = home / "sessions.sqlite3"
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    known: dict[str, list[tuple[str, str, str]]] = {}
    if chat == "checkin":
        known = _planned_sessions(db) if db.is_file() else {}
        for n in range(max(0, 4 - len(known))):
            rng = random.Random(f"{seed}:checkin-plan:{n}")
            name = f"checkin-{n:02d}"
            lines = [f"{rng.choice(OWNERS)} {rng.choice(DOINGS)} {rng.choice(WHENS[:3])}" for _ in range(4)]
            setup = ["--initiative", rng.choice(INITIATIVES), "--stage", "installation", "--driver", "coaching"]
            child = launcher.start(
                ["chat", "--mode", "plan", "--session", name, *setup],
                {"CIP_ASSISTANT_HOME": str(home), "CIP_ASSISTANT_TODAY": TODAY},
                home,
                logs / f"checkin-plan-{n:02d}.err",
            )
            child.write("".join(line + "\n" for line in [*lines, "/done"]).encode())
            child.close_stdin()
            if child.finish(300) != 0:
                raise RuntimeError(f"making a plan to check in on failed: {_tail(logs / f'checkin-plan-{n:02d}.err')}")
        known = _planned_sessions(db)
    # Seconds per answer, typed all at once or one at a time, to spread uniform kills over the write window.
    per_turn = {False: Estimate(0.1), True: Estimate(0.15)}
    results = []
    for trial in range(trials):
        began = time.monotonic()
        rng = random.Random(f"{seed}:{chat}:{trial}")
        resumed = chat == "checkin" or (bool(known) and rng.random() < 0.5)
        if chat == "checkin":
            name = rng.choice(sorted(known))
            options: list[str] = []
        elif resumed:
            recent = sorted(known)[-6:]
            name = rng.choice(recent)
            options = []
        else:
            name = f"team-{trial:04d}"
            options = ["--initiative", rng.choice(INITIATIVES), "--stage", rng.choice(STAGES)]
            for driver in rng.sample(DRIVERS, rng.randint(1, 3)):
                options += ["--driver", driver]
        script = checkin_script if chat == "checkin" else plan_script
        lines = script(rng, trial, rng.randint(3, 14))
        paced = rng.random() < 0.3
        gap = rng.uniform(0.0, 0.05)
        if rng.choice(modes) == "aimed":
            # Quick answers (commands) save within a millisecond of each other and read as one write, so the
            # target stays below the number of answers.
            target = rng.randint(1, max(1, round(WINDOW_SHARE * len(lines))))
            aim = Aim("aimed", target=target, jitter=rng.uniform(0.0, AIM_JITTER))
        else:
            aim = Aim("uniform", delay=rng.uniform(0.0, WINDOW_SHARE * len(lines) * per_turn[paced].value))
        before = known.get(name, [])
        argv = ["chat", "--mode", chat, "--session", name, *options]
        stderr = logs / f"{chat}-{trial:04d}.err"
        child = launcher.start(argv, {"CIP_ASSISTANT_HOME": str(home), "CIP_ASSISTANT_TODAY": TODAY}, home, stderr)
        wal = db.with_name(db.name + "-wal")
        feed = Feeder(child, lines, gap)
        if not paced:
            child.write("".join(line + "\n" for line in lines).encode())
            child.close_stdin()

        record = drive(child, aim, wal.exists, anchor_on_output=True, tick=feed.tick if paced else None)
        code = child.finish(120)
        landing = wal_state(db)
        check = check_plan_kill(db, name, before, lines, bytes(child.output))
        if code is None:
            check.violations.append("the child did not end after it was killed")
        elif not record.killed and code != 0:
            check.violations.append(f"the chat ended with exit code {code}: {_tail(stderr, 300)}")
        check.violations += check_other_sessions(db, known, name)
        if check.exists:
            known[name] = check.transcript
        if record.finished_first and child.first_output is not None and child.last_output is not None:
            per_turn[paced].update((child.last_output - child.first_output) / max(1, check.saved_answers))
        elif record.killed and check.acknowledged >= 3 and record.since_anchor:
            per_turn[paced].update(record.since_anchor / (check.acknowledged + 0.5))
        result = PlanTrial(
            trial=trial,
            aim=aim,
            session=name,
            resumed=resumed,
            lines=len(lines),
            paced=paced,
            kill=record,
            wal=landing,
            acknowledged=check.acknowledged,
            saved_answers=check.saved_answers,
            violations=check.violations,
            seconds=round(time.monotonic() - began, 3),
            exit_code=code,
        )
        if check.violations:
            snapshot = work / "failures" / f"{chat}-{trial:04d}"
            shutil.copytree(home, snapshot, ignore=shutil.ignore_patterns("index"), dirs_exist_ok=True)
            result.reproduce = {
                "argv": argv,
                "lines": lines,
                "output_tail": bytes(child.output[-600:]).decode("utf-8", "replace"),
                "snapshot": str(snapshot),
                "stderr": str(stderr),
            }
            say(f"{chat} trial {trial}: VIOLATION {check.violations}")
        results.append(result)
        if (trial + 1) % 20 == 0 or trial + 1 == trials:
            say(_progress_line(chat, results))
    return results


# ================================================================================================ index trials


def _document_keys(settings: Any) -> dict[str, Any]:
    from assistant.retrieval import indexer

    return {doc.key: doc for doc in indexer.documents(settings)}


def _fresh_parse(doc: Any) -> list[Any]:
    """The passages a document gives now; a district's document is parsed here rather than in a worker process."""
    if not doc.bundled:
        try:
            from assistant.knowledge.documents import parse_passages
        except ImportError:
            pass
        else:
            return list(parse_passages(doc.path, doc.path.read_bytes()))
    return list(doc.passages())


def check_index(home: str, settled: bool = False, focus: Sequence[str] = (), query: str = "") -> dict[str, Any]:
    """What an index must look like after a kill, before anything repairs it (or, `settled`, after a full run).

    Every document the manifest lists with its current content hash must have exactly the passages and sentence
    vectors a fresh parse gives; a document missing, partial or stale in the store must be one the next run redoes
    (absent from the manifest, or listed with another hash); passages of a document that is neither listed nor
    present would never be removed. `settled`: nothing may be pending at all. `focus` names documents whose state
    is reported (complete, absent, partial...), to tell where a kill landed. `query`: a search through the
    retriever must return passages, and only of documents that exist.
    """
    from assistant.config import Settings
    from assistant.errors import AssistantError
    from assistant.retrieval import indexer
    from assistant.retrieval.embedder import load_embedder
    from assistant.retrieval.store import Manifest, PassageStore

    violations: list[str] = []
    pending: list[str] = []
    states: dict[str, str] = {}
    settings = Settings(home=Path(home))
    database = settings.store_dir / "chroma.sqlite3"
    result: dict[str, Any] = {"violations": violations, "pending": pending, "states": states}
    try:
        manifest = Manifest.load(settings.manifest_path)
    except AssistantError as exc:
        violations.append(f"the manifest does not load: {exc}")
        return result
    if not database.is_file():
        if settled:
            violations.append("there is no index after a full run")
        pending += sorted(manifest.documents)
        return result
    try:
        with contextlib.closing(sqlite3.connect(database)) as raw:
            integrity = [row[0] for row in raw.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        integrity = [f"cannot open: {exc}"]
    if integrity != ["ok"]:
        violations.append(f"Chroma's database fails PRAGMA integrity_check: {'; '.join(integrity)[:300]}")
        return result
    store = PassageStore(settings.store_dir)
    try:
        passages = store.collection.get(include=["metadatas", "documents"])
        units = store.sentences.get(include=["metadatas"])
        total = store.count()
        # A unit vector of the store's own dimension (the toy embedder's differs from the model's).
        sample = store.collection.get(limit=1, include=["embeddings"])["embeddings"]
        size = len(sample[0]) if sample is not None and len(sample) else 384
        probe = [1.0] + [0.0] * (size - 1)
        nearest = (
            store.collection.query(query_embeddings=[probe], n_results=total, include=["distances"])  # type: ignore[arg-type]
            if total
            else None
        )
    except Exception as exc:
        violations.append(f"the store does not open or search: {type(exc).__name__}: {str(exc)[:300]}")
        return result
    stored: dict[str, dict[str, str]] = {}
    for pid, text, meta in zip(passages["ids"], passages["documents"] or [], passages["metadatas"] or [], strict=True):
        stored.setdefault(str(meta.get("document", "")), {})[pid] = text
    stored_units: dict[str, set[str]] = {}
    for uid, meta in zip(units["ids"], units["metadatas"] or [], strict=True):
        stored_units.setdefault(str(meta.get("document", "")), set()).add(uid)
    reachable = set(nearest["ids"][0]) if nearest is not None else set()
    # The vector index is approximate: a passage a far-off probe misses must still be among the candidates a
    # search takes for its own vector.
    lost = _unfindable(store, sorted(set(passages["ids"]) - reachable), total)
    if lost and not settled and (settings.store_dir / indexer.INTERRUPTED).exists():
        pending += lost  # the interrupted run's marker makes the next run check every vector and rebuild
    elif lost:
        violations.append(f"{len(lost)} of {total} stored passages cannot be found by vector search: {lost[:5]}")
    docs = _document_keys(settings)
    extra = indexer._curated_fingerprint(settings)
    hashes = {key: doc.digest(extra if doc.bundled else b"") for key, doc in docs.items()}
    expected_cache: dict[str, tuple[dict[str, str], set[str]]] = {}

    def expected(key: str) -> tuple[dict[str, str], set[str]]:
        if key not in expected_cache:
            parsed = _fresh_parse(docs[key])
            unit_ids = [
                f"{p.id}:{n}" for n, (p, _) in enumerate((p, u) for p in parsed for u in indexer.sentence_units(p))
            ]
            expected_cache[key] = ({p.id: p.text for p in parsed}, set(unit_ids))
        return expected_cache[key]

    def state(key: str) -> str:
        have, have_units = stored.get(key, {}), stored_units.get(key, set())
        if key not in docs:
            return "left over" if have or have_units else "gone"
        want, want_units = expected(key)
        if have == want and have_units == want_units:
            return "complete"
        if not have and not have_units:
            return "absent"
        if set(have) <= set(want) and have_units <= want_units:
            return "partial"
        return "other version"

    if manifest.documents:
        identity = load_embedder(settings.embedding_model).identity
        if manifest.model != identity:
            violations.append(f"the manifest names model {manifest.model!r}, not {identity!r}")
    for key, entry in sorted(manifest.documents.items()):
        if entry.get(indexer.REMOVING):
            # Marked for removal: the next index run finishes it (a settled index may have none left).
            if settled:
                violations.append(f"{key} is still marked for removal after a full run")
            pending.append(key)
            continue
        if key in hashes and entry.get("hash") == hashes[key]:
            want, want_units = expected(key)
            have, have_units = stored.get(key, {}), stored_units.get(key, set())
            if have != want:
                missing, extra_ids = len(set(want) - set(have)), len(set(have) - set(want))
                changed = sum(1 for pid in set(want) & set(have) if want[pid] != have[pid])
                violations.append(
                    f"{key} is listed as indexed but the store has {len(have)} passages, not {len(want)} "
                    f"({missing} missing, {extra_ids} extra, {changed} with other text)"
                )
            elif have_units != want_units:
                violations.append(
                    f"{key} is listed as indexed but has {len(have_units)} sentence vectors, not {len(want_units)}"
                )
            if int(entry.get("count", -1)) != len(want):
                violations.append(
                    f"{key}: the manifest counts {entry.get('count')} passages, a fresh parse {len(want)}"
                )
        else:
            pending.append(key)
    for key in sorted(set(docs) - set(manifest.documents)):
        pending.append(key)
    for key in sorted((set(stored) | set(stored_units)) - set(manifest.documents)):
        if key not in docs:
            violations.append(
                f"{len(stored.get(key, {}))} passages of {key!r} are in the store, but it is neither listed in the "
                "manifest nor present, so no run will remove them"
            )
    if settled and pending:
        violations.append(f"not up to date after a full run: {', '.join(pending)}")
    if settled:
        counted = sum(int(entry.get("count", 0)) for entry in manifest.documents.values())
        if counted != total:
            violations.append(f"the manifest counts {counted} passages, the store holds {total}")
    for key in focus:
        states[key] = state(key)
    if query and not violations:
        violations += _search(settings, query, {str(m.get("source", "")) for m in passages["metadatas"] or []})
    result["passages"] = total
    result["documents"] = len(manifest.documents)
    return result


def _unfindable(store: Any, ids: list[str], total: int) -> list[str]:
    """The passages among `ids` that a search with their own stored vector does not return."""
    if not ids:
        return []
    from assistant.retrieval.retriever import CANDIDATES

    got = store.collection.get(ids=ids, include=["embeddings"])
    lost = []
    for pid, vector in zip(got["ids"], got["embeddings"], strict=True):
        found = store.collection.query(
            query_embeddings=[list(vector)], n_results=min(CANDIDATES, total), include=["distances"]
        )
        if pid not in found["ids"][0]:
            lost.append(pid)
    return lost


def _search(settings: Any, query: str, sources: set[str]) -> list[str]:
    """A search returns passages, and only of documents the index holds."""
    from assistant.retrieval.retriever import Retriever

    try:
        hits = Retriever(settings).search(query, 5)
    except Exception as exc:
        return [f"search fails: {type(exc).__name__}: {str(exc)[:300]}"]
    if not hits:
        return [f"search for {query!r} returns nothing"]
    ghosts = sorted({hit.source for hit in hits if hit.source not in sources})
    return [f"search returns passages of documents the index does not hold: {ghosts}"] if ghosts else []


TOPICS = {
    "Coaching": (
        "Coaches observe each teacher {n} times a month and give written feedback within a week.",
        "Coaching cycles follow the fidelity checklist and end with a shared goal.",
        "New teachers get a coach for their first {n} years.",
    ),
    "Training": (
        "Teachers attend {n} full-day sessions on the new routines before the school year.",
        "Trainers visit classrooms in {month} to see the routines in use.",
        "Training materials are offered in English, Spanish and Vietnamese.",
    ),
    "Data review": (
        "The data team reviews screening results every {n} weeks, disaggregated by race and language.",
        "Families see the school's results at the {month} community night.",
        "Benchmark targets: {n}0% of students at or above benchmark by spring.",
    ),
    "Fidelity": (
        "Walkthroughs use a {n}-item observation tool agreed with teachers.",
        "Fidelity data are shared with coaches within {n} days of each walkthrough.",
    ),
    "Selection": (
        "Interventionists are chosen with a rubric that includes community partners.",
        "Interview questions ask about culturally responsive practice.",
    ),
    "Leadership": (
        "The principal protects {n} hours a month for the implementation team.",
        "The leadership team removes barriers that coaches report in {month}.",
    ),
}
MONTHS = ("September", "October", "November", "January", "February", "March")


def document_sections(rng: random.Random, title: str, version: int) -> list[tuple[str, list[str]]]:
    """Headings and paragraphs of a made-up district document; `version` changes its text."""
    sections = [(title, [f"Version {version} of this plan was agreed by the school team in {rng.choice(MONTHS)}."])]
    for topic in rng.sample(sorted(TOPICS), rng.randint(1, 4)):
        paragraphs = []
        for _ in range(rng.randint(1, 3)):
            sentences = [
                rng.choice(TOPICS[topic]).format(n=rng.randint(2, 9), month=rng.choice(MONTHS))
                for _ in range(rng.randint(1, 3))
            ]
            paragraphs.append(" ".join(sentences))
        sections.append((topic, paragraphs))
    return sections


def write_document(path: Path, sections: list[tuple[str, list[str]]]) -> Path:
    """The sections as a Markdown, text, Word or PDF file, by the path's extension."""
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix
    if suffix == ".md":
        body = [f"# {sections[0][0]}", ""]
        for n, (heading, paragraphs) in enumerate(sections):
            if n:
                body += [f"## {heading}", ""]
            body += [p + "\n" for p in paragraphs]
        path.write_text("\n".join(body), encoding="utf-8")
    elif suffix == ".txt":
        body = []
        for heading, paragraphs in sections:
            body += [heading.upper(), "", *[p + "\n" for p in paragraphs]]
        path.write_text("\n".join(body), encoding="utf-8")
    elif suffix == ".docx":
        import docx

        document = docx.Document()
        for n, (heading, paragraphs) in enumerate(sections):
            document.add_heading(heading, level=0 if n == 0 else 1)
            for paragraph in paragraphs:
                document.add_paragraph(paragraph)
        document.save(str(path))
    elif suffix == ".pdf":
        lines = [line for heading, paragraphs in sections for line in (heading, *paragraphs, "")]
        path.write_bytes(make_pdf([lines[i : i + 40] for i in range(0, len(lines), 40)]))
    else:
        raise ValueError(f"cannot write {suffix} documents")
    return path


@dataclass
class IndexTrial:
    trial: int
    argv: list[str]
    aim: Aim
    added: list[str]
    updated: list[str]
    removed: list[str]
    kill: KillRecord
    journal: bool
    manifest_tmp: bool
    recorded: int
    landing: str
    focus: dict[str, str]
    violations: list[str]
    seconds: float
    exit_code: int | None = None
    completion_seconds: float = 0.0
    repaired: str = ""
    reproduce: dict[str, Any] | None = None


def _landing(
    journal: bool, manifest_tmp: bool, states: dict[str, str], pending: set[str], todo: list[str], removed: list[str]
) -> str:
    """Where an index kill landed, from the files it left and the state of this run's documents.

    `states` come from `check_index` (complete, absent, partial, other version, left over, gone); `pending` are
    the documents the next run redoes; `todo` the ones this run adds or updates, `removed` the ones it removes.
    """
    if journal:
        return "inside a Chroma transaction"
    if manifest_tmp:
        return "writing the manifest"
    gone = [states.get(key) for key in removed]
    if any(state != "complete" for state in gone) and not all(state == "gone" for state in gone):
        return "removing a document"
    waiting = [states.get(key) for key in todo if key in pending]
    if "partial" in waiting:
        return "between a document's writes"
    if "complete" in waiting:
        return "after a document's writes, before the manifest"
    done = len(todo) - len(waiting)
    if not done:
        return "before the first document" if not removed or all(s == "complete" for s in gone) else "after removing"
    return "after the last document" if done == len(todo) else "between documents"


MID_WRITE = {
    "inside a Chroma transaction",
    "writing the manifest",
    "between a document's writes",
    "after a document's writes, before the manifest",
    "removing a document",
}


def _supports_remove(launcher: Launcher, work: Path) -> bool:
    child = launcher.start(["index", "--help"], {"CIP_ASSISTANT_HOME": str(work / "help-home")}, work, work / "h.err")
    child.finish(300)
    return b"--remove" in bytes(child.output)


def _repair(launcher: Launcher, home: Path, env: dict[str, str], work: Path, removed: list[str], log: Path) -> str:
    """Make the index sound again so later trials mean something: first as a user would, by running the
    interrupted removal again, then, if that is not enough, by rebuilding it from the sources."""
    from assistant.retrieval.store import Manifest

    listed = Manifest.load(home / "index" / "manifest.json").documents
    again = [n for n in removed if f"doc/{n}" in listed or (home / "documents" / n).is_file()]
    steps = []
    if again:
        argv = ["index", *(arg for name in again for arg in ("--remove", name))]
        code = launcher.start(argv, env, work, log).finish(600)
        problems = launcher.call("check_index", {"home": str(home), "settled": True}, log.with_suffix(".check"))
        steps.append(f"`{' '.join(argv)}` (exit {code}): {'; '.join(problems['violations']) or 'sound'}")
        if code == 0 and not problems["violations"]:
            return "; ".join(steps)
    code = launcher.start(["index", "--rebuild"], env, work, log).finish(1800)
    problems = launcher.call("check_index", {"home": str(home), "settled": True}, log.with_suffix(".check"))
    steps.append(f"`index --rebuild` (exit {code}): {'; '.join(problems['violations']) or 'sound'}")
    return "; ".join(steps)


def run_index_trials(
    launcher: Launcher,
    work: Path,
    base_home: Path,
    trials: int,
    seed: int,
    say: Callable[[str], None] = print,
    modes: Sequence[str] = ("uniform", "aimed"),
) -> list[IndexTrial]:
    """`trials` killed index runs on one home, each followed by a full run; documents come, change and go."""
    home = work / "index-home"
    if not (home / "index").is_dir():
        home.mkdir(parents=True, exist_ok=True)
        shutil.copytree(base_home / "index", home / "index")
    corpus = work / "corpus"
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = {"CIP_ASSISTANT_HOME": str(home), "CIP_ASSISTANT_TODAY": TODAY}
    can_remove = _supports_remove(launcher, work)
    per_doc = Estimate(1.0)
    writes_per_doc = Estimate(4.0)
    versions: dict[str, int] = {}
    journal = home / "index" / "chroma.sqlite3-journal"
    index_dir = home / "index"
    # Temporary manifests an earlier kill left behind stay there; only new ones tell of a write under way.
    stale: set[str] = set()

    def manifest_temps() -> set[str]:
        try:
            return {name for name in os.listdir(index_dir) if name.startswith(".manifest.json.")} - stale
        except FileNotFoundError:
            return set()

    def writing() -> bool:
        return journal.exists() or bool(manifest_temps())

    results = []
    serial = 0
    for trial in range(trials):
        began = time.monotonic()
        rng = random.Random(f"{seed}:index:{trial}")
        present = sorted(p.name for p in (home / "documents").glob("*") if not p.name.startswith("."))
        removed = []
        if len(present) > 20 or (len(present) > 5 and rng.random() < 0.35):
            removed = rng.sample(present, rng.randint(1, 3 if len(present) > 20 else 2))
        keep = [name for name in present if name not in removed]
        updated = rng.sample(keep, min(len(keep), rng.randint(0, 3)))
        added = []
        for _ in range(rng.randint(1 if len(present) < 8 else 0, 2)):
            serial += 1
            added.append(f"doc-{trial:04d}-{serial:03d}{rng.choice(('.md', '.md', '.txt', '.docx', '.pdf'))}")
        if not added and not updated and not removed:
            updated = [rng.choice(keep)]
        paths = []
        for name in added + updated:
            versions[name] = versions.get(name, 0) + 1
            title = f"{rng.choice(('Lincoln', 'Jefferson', 'Roosevelt', 'Adams'))} school plan {name.split('.')[0]}"
            paths.append(str(write_document(corpus / name, document_sections(rng, title, versions[name]))))
        argv = ["index", *paths]
        if can_remove:
            for name in removed:
                argv += ["--remove", name]
        else:
            for name in removed:
                (home / "documents" / name).unlink()
        todo = len(added) + len(updated)
        if rng.choice(modes) == "uniform":
            aim = Aim("uniform", delay=rng.uniform(0.0, WINDOW_SHARE * max(0.05, todo * per_doc.value)))
        else:
            aim = Aim(
                "aimed",
                target=rng.randint(1, max(1, round(todo * writes_per_doc.value) + 2 * len(removed))),
                jitter=rng.uniform(0.0, AIM_JITTER),
            )
        stderr = logs / f"index-{trial:04d}.err"
        stale |= manifest_temps()
        child = launcher.start(argv, env, work, stderr)
        record = drive(child, aim, writing, anchor_on_output=False)
        code = child.finish(120)
        left_journal = journal.is_file() and journal.stat().st_size > 0
        left_tmp = bool(manifest_temps())
        snapshot = work / "last-kill"
        if snapshot.exists():
            shutil.rmtree(snapshot)
        shutil.copytree(home, snapshot)
        focus = [f"doc/{name}" for name in added + updated + removed]
        violations: list[str] = []
        if code is None:
            violations.append("the index run did not end after it was killed")
        elif not record.killed and code != 0:
            violations.append(f"the index run ended with exit code {code}: {_tail(stderr, 300)}")
        after = launcher.call("check_index", {"home": str(home), "focus": focus}, logs / f"check-{trial:04d}.err")
        violations += after["violations"]
        states: dict[str, str] = after["states"]
        recorded = sum(1 for key in focus[:todo] if key not in after["pending"])
        if record.finished_first and record.write_span:
            per_doc.update(record.write_span / max(1, todo))
            writes_per_doc.update(record.writes_seen / max(1, todo))
        # The indexer runs to completion, as the next `cip-assistant index` would.
        done_at = time.monotonic()
        stale |= manifest_temps()
        complete = launcher.start(["index"], env, work, logs / f"complete-{trial:04d}.err")
        full = drive(complete, Aim("uniform"), writing, anchor_on_output=False, kill=False)
        complete_code = complete.finish(1800)
        redone = len(after["pending"])
        if full.write_span and redone:
            per_doc.update(full.write_span / redone)
            writes_per_doc.update(full.writes_seen / redone)
        if complete_code != 0:
            failed = _tail(logs / f"complete-{trial:04d}.err", 300)
            violations.append(f"the full run after the kill failed ({complete_code}): {failed}")
        query = rng.choice(("coaching feedback for new teachers", "data disaggregated by race", "training sessions"))
        settled = launcher.call(
            "check_index", {"home": str(home), "settled": True, "query": query}, logs / f"settled-{trial:04d}.err"
        )
        violations += [f"after a full run: {v}" for v in settled["violations"]]
        completion = round(time.monotonic() - done_at, 3)
        repaired = ""
        if settled["violations"]:
            repaired = _repair(launcher, home, env, work, removed, logs / f"repair-{trial:04d}.err")
        landing = (
            _landing(left_journal, left_tmp, states, set(after["pending"]), focus[:todo], focus[todo:])
            if record.killed
            else "finished before the kill"
        )
        result = IndexTrial(
            trial=trial,
            argv=argv,
            aim=aim,
            added=added,
            updated=updated,
            removed=removed,
            kill=record,
            journal=left_journal,
            manifest_tmp=left_tmp,
            recorded=recorded,
            landing=landing,
            focus=states,
            violations=violations,
            seconds=round(time.monotonic() - began, 3),
            exit_code=code,
            completion_seconds=completion,
            repaired=repaired,
        )
        if violations:
            kept = work / "failures" / f"index-{trial:04d}-after-kill"
            if kept.exists():
                shutil.rmtree(kept)
            kept.parent.mkdir(parents=True, exist_ok=True)
            snapshot.rename(kept)
            result.reproduce = {"argv": argv, "snapshot": str(kept), "stderr": str(stderr), "seed": seed}
            say(f"index trial {trial}: VIOLATION {violations}")
        results.append(result)
        if (trial + 1) % 20 == 0 or trial + 1 == trials:
            say(_progress_line("index", results))
    return results


# ================================================================================================ the campaign


def _progress_line(kind: str, results: Sequence[PlanTrial | IndexTrial]) -> str:
    bad = sum(1 for r in results if r.violations)
    killed = sum(1 for r in results if r.kill.killed)
    mean = statistics.fmean(r.seconds for r in results)
    return f"  {kind}: {len(results)} trials, {killed} killed, {bad} with violations, {mean:.2f} s per trial"


def _seconds(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    return {
        "mean": round(statistics.fmean(ordered), 3),
        "p50": round(ordered[len(ordered) // 2], 3),
        "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3),
        "max": round(ordered[-1], 3),
    }


def _deciles(values: list[float]) -> dict[str, int]:
    counts = Counter(min(9, int(v * 10)) for v in values)
    return {f"{d * 10}-{d * 10 + 10}%": counts.get(d, 0) for d in range(10)}


def summarise_plan(results: list[PlanTrial], seconds: float) -> dict[str, Any]:
    killed = [r for r in results if r.kill.killed and not r.kill.timed_out]
    in_window = [r for r in killed if r.kill.anchor_seen]
    return {
        "trials": len(results),
        "trials_with_violations": sum(1 for r in results if r.violations),
        "resumed_sessions": sum(1 for r in results if r.resumed),
        "kills": {
            "killed": len(killed),
            "finished_before_kill": sum(1 for r in results if r.kill.finished_first),
            "timed_out": sum(1 for r in results if r.kill.timed_out),
            "landed_in_write_window": len(in_window),
            "mid_write": sum(1 for r in killed if r.wal != "none"),
            "by_mode": dict(Counter(r.kill.mode for r in killed)),
            "wal_at_kill": dict(Counter(r.wal for r in killed)),
            "answers_acknowledged_at_kill_share_of_lines": _deciles(
                [r.acknowledged / r.lines for r in in_window if r.lines]
            ),
            "saved_but_not_shown": sum(1 for r in killed if r.saved_answers > r.acknowledged),
            "seconds_after_first_reply": _seconds([r.kill.since_anchor for r in in_window if r.kill.since_anchor]),
        },
        "answers_typed": sum(r.lines for r in results),
        "answers_acknowledged": sum(r.acknowledged for r in results),
        "answers_saved": sum(r.saved_answers for r in results),
        "total_seconds": round(seconds, 1),
        "per_trial_seconds": _seconds([r.seconds for r in results]),
        "child_seconds": _seconds([r.kill.run_seconds for r in results]),
    }


def summarise_index(results: list[IndexTrial], seconds: float) -> dict[str, Any]:
    killed = [r for r in results if r.kill.killed and not r.kill.timed_out]
    in_window = [r for r in killed if r.kill.anchor_seen]
    todo = [(r.recorded, len(r.added) + len(r.updated)) for r in in_window]
    return {
        "trials": len(results),
        "trials_with_violations": sum(1 for r in results if r.violations),
        "documents": {
            "added": sum(len(r.added) for r in results),
            "updated": sum(len(r.updated) for r in results),
            "removed": sum(len(r.removed) for r in results),
        },
        "kills": {
            "killed": len(killed),
            "finished_before_kill": sum(1 for r in results if r.kill.finished_first),
            "timed_out": sum(1 for r in results if r.kill.timed_out),
            "landed_in_write_window": len(in_window),
            "mid_write": sum(1 for r in killed if r.landing in MID_WRITE),
            "by_mode": dict(Counter(r.kill.mode for r in killed)),
            "landing": dict(Counter(r.landing for r in results)),
            "hot_chroma_journal": sum(1 for r in killed if r.journal),
            "documents_recorded_at_kill_share": _deciles([done / total for done, total in todo if total]),
            "seconds_after_first_write": _seconds([r.kill.since_anchor for r in in_window if r.kill.since_anchor]),
        },
        "total_seconds": round(seconds, 1),
        "per_trial_seconds": _seconds([r.seconds for r in results]),
        "killed_run_seconds": _seconds([r.kill.run_seconds for r in results]),
        "completion_seconds": _seconds([r.completion_seconds for r in results]),
    }


def build_base(launcher: Launcher, work: Path) -> Path:
    """A home with the bundled knowledge base indexed, built by the command line once for all trials."""
    base = work / "base-home"
    if not (base / "index" / "manifest.json").is_file():
        child = launcher.start(["index"], {"CIP_ASSISTANT_HOME": str(base)}, work, work / "base.err")
        if child.finish(1800) != 0:
            raise RuntimeError(f"building the base index failed: {_tail(work / 'base.err')}")
    return base


def run_campaign(
    kinds: Sequence[str],
    trials: int,
    seed: int,
    work: Path,
    launcher_name: str = "fork",
    base_home: Path | None = None,
    say: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Run the campaigns and return the report (trials, kills, where they landed, failures, times)."""
    began = time.monotonic()
    work.mkdir(parents=True, exist_ok=True)
    startup = time.monotonic()
    launcher: Launcher = ForkLauncher(work / "helper.err") if launcher_name == "fork" else ExecLauncher()
    report: dict[str, Any] = {
        "seed": seed,
        "launcher": launcher.name,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "load_average_at_start": list(os.getloadavg())},
        "launcher_start_seconds": round(time.monotonic() - startup, 1),
        "kinds": {},
        "failures": [],
        "trials": {},
    }
    try:
        base = base_home or build_base(launcher, work)
        for kind in kinds:
            say(f"{kind} trials: {trials}")
            started = time.monotonic()
            if kind in {"plan", "checkin"}:
                plan_results = run_plan_trials(launcher, work, base, trials, seed, say, chat=kind)
                report["kinds"][kind] = summarise_plan(plan_results, time.monotonic() - started)
                records: list[Any] = plan_results
            else:
                index_results = run_index_trials(launcher, work, base, trials, seed, say)
                report["kinds"]["index"] = summarise_index(index_results, time.monotonic() - started)
                records = index_results
            report["trials"][kind] = [asdict(r) for r in records]
            report["failures"] += [
                {"kind": kind, "trial": r.trial, "violations": r.violations, "reproduce": r.reproduce}
                for r in records
                if r.violations
            ]
    finally:
        launcher.close()
    report["machine"]["load_average_at_end"] = list(os.getloadavg())
    report["total_seconds"] = round(time.monotonic() - began, 1)
    return report


def print_summary(report: dict[str, Any]) -> None:
    print(f"kill -9 campaign, seed {report['seed']}, launcher {report['launcher']}: {report['total_seconds']} s")
    for kind, summary in report["kinds"].items():
        kills = summary["kills"]
        print(
            f"{kind}: {summary['trials']} trials, {kills['killed']} killed ({kills['landed_in_write_window']} in the "
            f"write window, {kills['mid_write']} mid-write), {kills['finished_before_kill']} finished first; "
            f"{summary['trials_with_violations']} with violations; {summary['per_trial_seconds'].get('mean')} s "
            f"per trial, {summary['total_seconds']} s in all"
        )
        where = kills.get("landing") or kills.get("wal_at_kill")
        print(f"  kills landed: {where}")
    for failure in report["failures"][:20]:
        print(f"FAIL {failure['kind']} trial {failure['trial']}: {'; '.join(failure['violations'])[:400]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.faults", description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=["plan", "checkin", "index", "all"], default="all")
    parser.add_argument("--trials", type=int, default=200, help="trials of each kind")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the JSON report")
    parser.add_argument("--launcher", choices=["fork", "exec"], default="fork", help="how children are started")
    parser.add_argument("--work", type=Path, help="keep the homes, logs and failure snapshots in this folder")
    args = parser.parse_args(argv)
    if args.trials < 1:
        parser.error("--trials must be at least 1")
    kinds = ["index", "plan", "checkin"] if args.kind == "all" else [args.kind]
    with contextlib.ExitStack() as stack:
        work = args.work or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cip-faults-")))
        report = run_campaign(kinds, args.trials, args.seed, work.resolve(), args.launcher)
        if report["failures"] and args.work is None:
            kept = Path(tempfile.mkdtemp(prefix="cip-faults-failures-"))
            shutil.copytree(work / "failures", kept, dirs_exist_ok=True)
            report["failures_kept_in"] = str(kept)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    print_summary(report)
    print(f"Wrote {args.out}")
    return 1 if report["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
