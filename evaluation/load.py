"""`python -m evaluation.load`: many teams planning at once on one web UI, through the app's own API.

It starts `cip-assistant ui` on loopback with a temporary home (building the index there, or copying a built one
with --index-from), then runs N users on threads, each with a gradio_client Client of its own, through a whole
meeting: start a plan, answer the guiding questions with owners and dates, edit the plan's table, export Markdown,
Word and CSV, and ask a question. Every call's latency is recorded; afterwards every turn the app acknowledged is
looked up in the sessions database. This is a measurement, not a test: it writes JSON and exits 0 unless the
server could not be started.

Usage: python -m evaluation.load [--users 25] [--turns 8] [--out bench-results/load.json] [--index-from HOME]
                                [--think SECONDS] [--concurrency N] [--queue-size N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.config import PROJECT_ROOT

DEFAULT_OUT = PROJECT_ROOT / "bench-results" / "load.json"
TODAY = "2026-11-22"
INITIATIVES = [
    "Structured literacy in grades K-3",
    "Tier 2 math intervention in grades 6-8",
    "Chronic absenteeism reduction",
    "Restorative practices in the high school",
]
DRIVERS = ["coaching", "decision_support_data", "training"]
# What teams say at a meeting: an owner, a date, often a recurrence, sometimes a role before the name.
ANSWERS = [
    "Dana Reyes, our instructional coach, will run coach training on the new routines by January 29, 2027",
    "The principal will publish the coaching plan every quarter by March 1, 2027",
    "Our data team will break benchmark results down by race and ethnicity each quarter, led by Sam Ortiz, "
    "by March 15, 2027",
    "Maria Lopez will set up monthly coaching cycles with every K-3 teacher starting December 1, due February 12, 2027",
    "The assistant principal will translate the family reading guide into Spanish and Vietnamese by January 15, 2027",
    "Jordan Kim, the data coordinator, will build the fidelity dashboard by April 2, 2027 and review it monthly",
    "Our literacy coach will observe each classroom twice a month and give feedback within 48 hours, by March 30, 2027",
    "The district trainer will hold a two-day training on the routines for new staff by February 5, 2027",
    "Chris Patel will meet with the family advisory council every quarter to review the data, starting January 10",
]
QUESTIONS = [
    "How often should staff receive coaching?",
    "What does the guidance say about disaggregating data by race?",
    "Who should be at the table when we choose a practice?",
]
NOT_SAVED_MARK = "cip-error"
FIRST_NAMES = ["Alex", "Bea", "Carmen", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jamal"]
LAST_NAMES = ["Morgan", "Nguyen", "Okafor", "Petrov", "Quinn", "Rossi", "Silva", "Tanaka", "Usman", "Varga"]


def owner_name(n: int) -> str:
    """A different person for each of the first hundred teams, so each table edit is told apart from the others."""
    return f"{FIRST_NAMES[n % 10]} {LAST_NAMES[n // 10 % 10]}"


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (nearest rank); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, int(-(-share * len(ordered) // 1)))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass
class Call:
    """One request a user made: which endpoint, how long it took, and what went wrong if anything."""

    user: int
    endpoint: str
    seconds: float
    error: str | None = None


@dataclass
class Team:
    """One simulated team: its session, the messages the app acknowledged (in order) and its calls."""

    user: int
    session: str
    acknowledged: list[str] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    downloads: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> list[Call]:
        return [call for call in self.calls if call.error]


def _status_error(status: object) -> str | None:
    """The sentence of a failure the app reported on the page, if the status line holds one."""
    if isinstance(status, str) and NOT_SAVED_MARK in status:
        return status
    return None


def team_meeting(
    client: Any, team: Team, turns: int, *, ask: bool = True, export: bool = True, think: float = 0.0
) -> Team:
    """One team's meeting through the app's API: start, `turns` chat turns, a table edit, exports, a question.

    A failed call is recorded and the meeting goes on, as a team would carry on after an error message. `think` is
    the mean pause before each call (a team reading the reply and typing), varied per team so that teams drift
    apart as they do in life; 0 makes every team as fast as the machine.
    """
    pauses = random.Random(team.user)

    def call(endpoint: str, *args: Any) -> Any:
        if think:
            time.sleep(think * pauses.uniform(0.5, 1.5))
        started = time.perf_counter()
        try:
            result = client.predict(*args, api_name=f"/{endpoint}")
        except Exception as exc:  # a refused or failed request is what this measures
            team.calls.append(Call(team.user, endpoint, time.perf_counter() - started, f"{type(exc).__name__}: {exc}"))
            return None
        outputs = result if isinstance(result, tuple | list) else (result,)
        error = next((e for e in (_status_error(out) for out in outputs) if e), None)
        team.calls.append(Call(team.user, endpoint, time.perf_counter() - started, error))
        return None if error else result

    n = team.user
    drivers = [DRIVERS[n % len(DRIVERS)], DRIVERS[(n + 1) % len(DRIVERS)]]
    started = call("start", team.session, INITIATIVES[n % len(INITIATIVES)], "installation", drivers)
    if started is None:
        return team
    chat, table = started[0], started[1]
    for i in range(turns):
        # The first answer declines the readiness check; the others answer the guiding questions.
        text = "no" if i == 0 else ANSWERS[(n + i) % len(ANSWERS)]
        out = call("turn", text, chat)
        if out is not None:
            team.acknowledged.append(text)
            chat, table = out[0], out[1]
    rows = table.get("data") if isinstance(table, dict) else None
    if rows:
        edited = {**table, "data": [list(row) for row in rows]}
        owner = owner_name(n)
        edited["data"][0][3] = owner
        if call("edit_table", edited) is not None:
            team.acknowledged.append(f"/edit 1 owner {owner}")
    if export:
        for fmt in ("md", "docx", "csv"):
            out = call(f"export_{fmt}")
            if out is not None:
                value = out[0].get("value") if isinstance(out[0], dict) else None
                if value:
                    team.downloads.append(Path(value))
    if ask:
        call("ask", QUESTIONS[n % len(QUESTIONS)], "")
    return team


def run_teams(
    url: str, users: int, turns: int, downloads: Path, prefix: str = "load", **meeting: Any
) -> tuple[list[Team], float]:
    """`users` teams at once, each on its own thread with its own client; returns them and the wall time."""
    from gradio_client import Client

    teams = [Team(user=n, session=f"{prefix}-{n:03d}") for n in range(users)]
    gate = threading.Barrier(users)

    def run(team: Team) -> None:
        try:
            client = Client(url, verbose=False, download_files=str(downloads / str(team.user)))
        except Exception as exc:
            team.calls.append(Call(team.user, "connect", 0.0, f"{type(exc).__name__}: {exc}"))
            gate.wait()
            return
        try:
            gate.wait()  # every team connected first, so the meetings really overlap
            team_meeting(client, team, turns, **meeting)
        finally:
            client.close()

    threads = [threading.Thread(target=run, args=(team,), name=f"team-{team.user}") for team in teams]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return teams, time.perf_counter() - started


def unsaved_turns(database: Path, teams: list[Team]) -> dict[str, list[str]]:
    """Per session, the acknowledged messages that are not in its saved transcript in the order they were sent."""
    from assistant.errors import NotFoundError
    from assistant.storage.sessions import SessionStore

    store = SessionStore(database)
    missing: dict[str, list[str]] = {}
    for team in teams:
        try:
            saved = [turn.text for turn in store.load(team.session).transcript if turn.role == "user"]
        except NotFoundError:
            saved = []
        position, lost = 0, []
        for text in team.acknowledged:
            try:
                position = saved.index(text, position) + 1
            except ValueError:
                lost.append(text)
        if lost:
            missing[team.session] = lost
    return missing


def summary(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "count": len(ms),
        "p50_ms": round(percentile(ms, 0.50), 1),
        "p95_ms": round(percentile(ms, 0.95), 1),
        "max_ms": round(max(ms, default=0.0), 1),
        "mean_ms": round(statistics.fmean(ms), 1) if ms else 0.0,
    }


# ------------------------------------------------------------------------------------------ the server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> tuple[float, float]:
    """The process's resident memory now and at its peak, in MB (Linux)."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    except OSError:
        pass
    return round(values.get("VmRSS", 0.0), 1), round(values.get("VmHWM", 0.0), 1)


class Server:
    """`cip-assistant ui` in a subprocess on a free loopback port, with its own home."""

    def __init__(self, home: Path, env: dict[str, str] | None = None) -> None:
        self.home = home
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = home.parent / "server.log"
        base = {name: value for name, value in os.environ.items() if not name.startswith("CIP_ASSISTANT_")}
        self.env = {**base, "CIP_ASSISTANT_HOME": str(home), "CIP_ASSISTANT_TODAY": TODAY, **(env or {})}
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 300.0) -> None:
        script = Path(sys.executable).parent / "cip-assistant"
        command = [str(script)] if script.is_file() else [sys.executable, "-m", "assistant"]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [*command, "ui", "--port", str(self.port)],
                env=self.env,
                cwd=self.home.parent,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + timeout
        while "Ready:" not in self.log.read_text(errors="replace"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the UI did not start:\n{self.log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class MemoryWatch:
    """Samples a process's resident memory while the load runs."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        self.pid, self.every = pid, every
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(rss_mb(self.pid)[0])
            self._stop.wait(self.every)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def prepare_home(home: Path, index_from: Path | None, log: Callable[[str], None]) -> None:
    """A home with the bundled knowledge base indexed: copied from another home, or built here."""
    if index_from is not None:
        shutil.copytree(index_from / "index", home / "index")
        return
    log("Building the index in a temporary home…")
    env = {name: value for name, value in os.environ.items() if not name.startswith("CIP_ASSISTANT_")}
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "index"],
        env={**env, "CIP_ASSISTANT_HOME": str(home)},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"building the index failed: {done.stderr.strip()[-500:]}")


def measure(
    users: int, turns: int, index_from: Path | None, server_env: dict[str, str], think: float = 0.0
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="cip-load-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        prepare_home(home, index_from, lambda text: print(text, file=sys.stderr))
        server = Server(home, server_env)
        print(f"Starting the UI ({server.url})…", file=sys.stderr)
        server.start()
        try:
            rss_start = rss_mb(server.pid)[0]
            print(f"{users} teams, {turns} turns each…", file=sys.stderr)
            server_cpu, client_cpu, load_before = cpu_seconds(server.pid), time.process_time(), os.getloadavg()
            with MemoryWatch(server.pid) as watch:
                teams, wall = run_teams(server.url, users, turns, Path(tmp) / "downloads", think=think)
            server_cpu, client_cpu = cpu_seconds(server.pid) - server_cpu, time.process_time() - client_cpu
            rss_end, rss_peak = rss_mb(server.pid)
            load_after = os.getloadavg()
            missing = unsaved_turns(home / "sessions.sqlite3", teams)
        finally:
            server.stop()
        calls = [call for team in teams for call in team.calls]
        by_endpoint: dict[str, list[float]] = {}
        for call in calls:
            if call.error is None:
                by_endpoint.setdefault(call.endpoint, []).append(call.seconds)
        errors = [call for call in calls if call.error]
        turn_calls = by_endpoint.get("turn", [])
        downloads = [path for team in teams for path in team.downloads]
        return {
            "users": users,
            "turns_per_user": turns,
            "think_seconds": think,
            "wall_seconds": round(wall, 2),
            "turn": summary(turn_calls),
            "endpoints": {name: summary(values) for name, values in sorted(by_endpoint.items())},
            "throughput": {
                "calls_per_second": round(len(calls) / wall, 2) if wall else 0.0,
                "turns_per_second": round(len(turn_calls) / wall, 2) if wall else 0.0,
            },
            "errors": {
                "count": len(errors),
                "by_endpoint": {
                    name: sum(1 for c in errors if c.endpoint == name) for name in {c.endpoint for c in errors}
                },
                "examples": sorted({str(c.error)[:300] for c in errors})[:5],
            },
            "saved": {
                "sessions": len(teams),
                "turns_acknowledged": sum(len(team.acknowledged) for team in teams),
                "turns_missing": sum(len(lost) for lost in missing.values()),
                "missing_by_session": missing,
            },
            "downloads": {
                "files": len(downloads),
                "empty_or_missing": sum(1 for p in downloads if not p.is_file() or p.stat().st_size == 0),
            },
            # The simulated teams run on the same cores as the server; other work on the machine shows in the load.
            "cpu_seconds": {
                "server": round(server_cpu, 1),
                "server_per_call": round(server_cpu / len(calls), 3) if calls else 0.0,
                "load_generator": round(client_cpu, 1),
                "load_average_before": [round(x, 2) for x in load_before],
                "load_average_after": [round(x, 2) for x in load_after],
            },
            "server_rss_mb": {
                "before": rss_start,
                "peak_sampled": max(watch.samples, default=rss_start),
                "peak_hwm": rss_peak,
                "after": rss_end,
            },
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.load", description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=25, help="teams planning at once (default 25)")
    parser.add_argument("--turns", type=int, default=8, help="chat turns per team (default 8)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON report")
    parser.add_argument("--index-from", type=Path, help="copy the built index of this home instead of building one")
    parser.add_argument("--think", type=float, default=0.0, help="seconds each team pauses before a call (default 0)")
    parser.add_argument("--concurrency", type=int, help="CIP_ASSISTANT_UI_CONCURRENCY for the server")
    parser.add_argument("--queue-size", type=int, help="CIP_ASSISTANT_UI_QUEUE_SIZE for the server")
    args = parser.parse_args(argv)
    if args.users < 1 or args.turns < 1:
        parser.error("--users and --turns must be at least 1")
    if args.index_from is not None and not (args.index_from / "index").is_dir():
        parser.error(f"{args.index_from} has no index/ folder; build one with `cip-assistant index`")
    server_env = {}
    if args.concurrency:
        server_env["CIP_ASSISTANT_UI_CONCURRENCY"] = str(args.concurrency)
    if args.queue_size:
        server_env["CIP_ASSISTANT_UI_QUEUE_SIZE"] = str(args.queue_size)
    try:
        result = measure(args.users, args.turns, args.index_from, server_env, args.think)
    except RuntimeError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "server_settings": server_env or "defaults",
        **result,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    turn = result["turn"]
    print(
        f"{args.users} users × {args.turns} turns in {result['wall_seconds']} s: turn p50 {turn['p50_ms']} ms, "
        f"p95 {turn['p95_ms']} ms, max {turn['max_ms']} ms; {result['throughput']['calls_per_second']} calls/s; "
        f"errors {result['errors']['count']}; unsaved turns {result['saved']['turns_missing']}; "
        f"server RSS peak {result['server_rss_mb']['peak_hwm']} MB. Wrote {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
