"""Parse a user's document in a worker process that has a time limit and a memory limit.

A crafted upload (a zip bomb, a PDF whose objects refer to each other without end, a megabyte-long line aimed at a
regular expression) can make a parser run for ever or allocate without bound. The parse therefore runs in a
separate process, started with 'forkserver' (or 'spawn' where there is none; never a plain fork, which would copy a
parent that may hold torch and its threads). The worker caps its own address space with RLIMIT_AS before it imports
a parser, and the server waits at most `TIME_LIMIT_SECONDS` for an answer before it kills the worker.

One worker reads document after document, so the parsers are imported once, not per file; it leaves on its own
after `IDLE_SECONDS` without work and is replaced after `MAX_JOBS` documents or any failure.

The worker answers in JSON, never pickle: a worker that a hostile file managed to take over must not be able to run
code in the server through what it sends back.

As with any use of multiprocessing, a script that reads documents must guard its entry point with
`if __name__ == "__main__":`, because the worker's process imports the script's main module.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import DocumentError

if TYPE_CHECKING:
    from assistant.models import Passage

# Measured on two shared cores: a 500-page text PDF reads in 5–7 s, a Word file with 31 MB of XML (near
# MAX_XML_BYTES) in about 30 s.
TIME_LIMIT_SECONDS = 60.0
# The worker's whole address space. The interpreter and parsers take about 80 MB of it; a 500-page PDF peaks at
# about 110 MB and a Word file with 31 MB of XML (near MAX_XML_BYTES) at about 510 MB.
MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024
IDLE_SECONDS = 300.0
ALARM_GRACE_SECONDS = 5
MAX_JOBS = 500
# 50,000 passages of JSON with their section paths stay far below this; a reply above it is not ours.
MAX_REPLY_BYTES = 512 * 1024 * 1024

_MEMORY_REPLY = b'{"memory": true}'


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    owner: int
    memory_limit: int
    jobs: int = 0


_lock = threading.Lock()
_worker: _Worker | None = None


# ------------------------------------------------------------------------------------------------ the worker


def _limit_resources(memory_limit: int) -> None:
    try:
        import resource
    except ImportError:  # not on this platform: the time limit still holds
        return
    # No core files: a crashed parser must not leave a copy of a district's document on disk.
    for kind, value in ((resource.RLIMIT_AS, memory_limit), (resource.RLIMIT_CORE, 0)):
        try:
            _, hard = resource.getrlimit(kind)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(kind, (value, value))
        except (ValueError, OSError):
            pass  # macOS does not enforce RLIMIT_AS; the time limit still holds


def _job(request: tuple[str, bytes, str, int]) -> tuple[bytes, bool]:
    """The reply to one request, and whether the worker should leave after sending it."""
    from assistant.knowledge.documents import damaged_error, parse_passages

    path = Path(request[0])
    try:
        passages = parse_passages(path, request[1], request[2])
        body = {"passages": [passage.model_dump(mode="json") for passage in passages]}
        # ASCII escapes carry what UTF-8 cannot, such as a file name that is not valid UTF-8.
        return json.dumps(body).encode(), False
    except DocumentError as exc:
        return json.dumps({"error": str(exc)}).encode(), False
    except MemoryError:
        # A process that ran out of memory half-way may be in any state: answer and make way for a fresh one.
        return _MEMORY_REPLY, True
    except Exception:
        # Parsers fail in many ways on damaged files (RecursionError, KeyError, zlib errors…).
        return json.dumps({"error": str(damaged_error(path))}).encode(), False


def _serve(connection: Connection, memory_limit: int, idle_seconds: float) -> None:
    """The worker's loop: one request in, one JSON reply out, until the server goes or nothing comes."""
    import signal

    # Ctrl-C in a terminal reaches the whole process group; the server decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _limit_resources(memory_limit)
        import assistant.knowledge.documents  # noqa: F401  (imported under the limit, before the first request)

        while connection.poll(idle_seconds):
            try:
                request = connection.recv()
            except EOFError:
                return
            # The server kills a worker that runs over; should the server itself be gone (killed, say), the
            # alarm's default action ends the worker a little later all the same.
            signal.alarm(request[3])
            reply, leave = _job(request)
            signal.alarm(0)
            connection.send_bytes(reply)
            if leave:
                return
    except (MemoryError, OSError):
        # No traceback on the server's terminal: the server reports the failure in one sentence.
        os._exit(70)


# ------------------------------------------------------------------------------------------------ the server


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _start(path: Path) -> _Worker:
    context = _context()
    ours, theirs = context.Pipe(duplex=True)
    process = context.Process(
        target=_serve,
        args=(theirs, MEMORY_LIMIT_BYTES, IDLE_SECONDS),
        name="cip-document-reader",
        daemon=True,
    )
    try:
        process.start()
    except (OSError, AssertionError, ValueError) as exc:
        # AssertionError: multiprocessing refuses children to a daemonic process.
        ours.close()
        raise DocumentError(
            f"{path} could not be read because the document reader did not start ({exc}); try again in a moment."
        ) from exc
    finally:
        theirs.close()
    return _Worker(process, ours, os.getpid(), MEMORY_LIMIT_BYTES)


def _stop(worker: _Worker, *, kill: bool = True) -> int | None:
    """End the worker (at once, or by closing its pipe) and return its exit code."""
    global _worker
    if _worker is worker:
        _worker = None
    worker.connection.close()
    if not kill:
        worker.process.join(1.0)
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join(5.0)
    return worker.process.exitcode


def _ready_worker(path: Path) -> _Worker:
    global _worker
    worker = _worker
    if worker is not None and worker.owner != os.getpid():
        # This process was forked from the one that started the worker: that worker is not ours to use or end.
        _worker = worker = None
    if worker is not None and (not worker.process.is_alive() or worker.memory_limit != MEMORY_LIMIT_BYTES):
        _stop(worker)
        worker = None
    if worker is None:
        worker = _worker = _start(path)
    return worker


def _crashed(path: Path) -> DocumentError:
    return DocumentError(
        f"{path} stopped the document reader (it may need more than the {_size(MEMORY_LIMIT_BYTES)} of memory "
        "allowed for one document, or be damaged); open and save it again or split it, then add it once more."
    )


def _size(size: int) -> str:
    if size >= 1024**3:
        return f"{size / 1024**3:.1f}".rstrip("0").rstrip(".") + " GB"
    return f"{size // 1024**2} MB"


def _exchange(request: tuple[str, bytes, str, int], path: Path) -> bytes:
    for attempt in (1, 2):
        worker = _ready_worker(path)
        deadline = time.monotonic() + TIME_LIMIT_SECONDS
        try:
            worker.connection.send(request)
            if worker.connection.poll(max(0.0, deadline - time.monotonic())):
                reply = worker.connection.recv_bytes(MAX_REPLY_BYTES)
                worker.jobs += 1
                if worker.jobs >= MAX_JOBS:
                    _stop(worker, kill=False)
                return reply
        except (EOFError, OSError):
            # The worker ended without answering: on its own, idle, just before the request (exit code 0: try a
            # fresh one), or because of the document.
            if _stop(worker) == 0 and attempt == 1:
                continue
            raise _crashed(path) from None
        except BaseException:
            # Interrupted (Ctrl-C) with a request in flight: its late answer would be taken for the next one's.
            _stop(worker)
            raise
        _stop(worker)
        raise DocumentError(
            f"{path} took longer than {TIME_LIMIT_SECONDS:g} seconds to read, so reading it was stopped; "
            "split it into smaller documents or save it again in a simpler format, then add it once more."
        )
    raise _crashed(path)


def parse_in_sandbox(path: Path, data: bytes, source: str) -> list[Passage]:
    """`parse_passages(path, data, source)` run by the worker, within the time and memory limits."""
    from pydantic import ValidationError

    from assistant.models import Passage

    with _lock:
        alarm = math.ceil(TIME_LIMIT_SECONDS) + ALARM_GRACE_SECONDS
        reply = _exchange((str(path), data, source, alarm), path)
    try:
        body = json.loads(reply)
        if "passages" in body:
            return [Passage.model_validate(item) for item in body["passages"]]
        if body.get("memory"):
            raise DocumentError(
                f"{path} needs more than the {_size(MEMORY_LIMIT_BYTES)} of memory allowed for reading one document; "
                "split it into smaller documents, then add them."
            )
        message = body["error"]
    except (ValueError, TypeError, KeyError, AttributeError, ValidationError) as exc:
        raise _crashed(path) from exc
    if not isinstance(message, str) or not message:
        raise _crashed(path)
    raise DocumentError(message.splitlines()[0])


def worker_pid() -> int | None:
    """The process id of the running worker, if there is one."""
    worker = _worker
    if worker is None or worker.owner != os.getpid() or not worker.process.is_alive():
        return None
    return worker.process.pid


def shutdown() -> None:
    """End the worker now rather than when it has been idle long enough or this process exits."""
    with _lock:
        if _worker is not None and _worker.owner == os.getpid():
            _stop(_worker, kill=False)
