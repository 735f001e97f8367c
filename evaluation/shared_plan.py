"""`python -m evaluation.shared_plan`: several windows typing into one plan at the same moment.

Each trial opens one plan from several clients at once (each with its own database connection and locks, as two
terminals, a terminal and a browser, or two app servers would have) and lets every client type its answers as
fast as it can, all at the same time. Every answer names one action. Afterwards the plan must hold exactly the
actions every client was told were recorded, each once, numbered without gaps, and every typed answer must be in
the transcript. Conflicts (a save that met another client's save and was taken again) are counted.

Usage: python -m evaluation.shared_plan [--trials N] [--clients C] [--answers K] [--out bench-results/shared_plan.json]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from assistant.config import PROJECT_ROOT

if TYPE_CHECKING:
    from assistant.app import PlanSessions

DEFAULT_OUT = PROJECT_ROOT / "bench-results" / "shared_plan.json"
ANSWER = "Ms. Reyes will lead coaching cycles for team {client} group {n} by January 29, 2027."


def run(trials: int, clients: int, answers: int) -> dict[str, Any]:
    from assistant.app import PlanSessions
    from assistant.config import get_settings, reset_settings
    from assistant.errors import ConflictError
    from assistant.planning.context import PlanningContext
    from assistant.retrieval.indexer import build_index, index_exists
    from assistant.retrieval.retriever import Retriever
    from assistant.storage import sessions as store_module

    home = Path(tempfile.mkdtemp(prefix="cip-shared-"))
    os.environ["CIP_ASSISTANT_HOME"] = str(home)
    os.environ.setdefault("CIP_ASSISTANT_TODAY", "2026-12-03")
    reset_settings()
    settings = get_settings()
    if not index_exists(settings):
        build_index(settings)
    context = PlanningContext(Retriever(settings))
    drivers = ["coaching", "training", "data systems", "leadership", "selection"]
    retried = 0
    original = store_module.SessionStore.save_turn
    counter = threading.Lock()

    def counting(self: Any, session: Any, user: str | None, reply: str, events: Any = None) -> None:
        nonlocal retried
        try:
            original(self, session, user, reply, events)
        except ConflictError:
            with counter:
                retried += 1
            raise

    store_module.SessionStore.save_turn = counting  # type: ignore[method-assign]
    results = []
    try:
        for trial in range(trials):
            name = f"shared-{trial}"
            PlanSessions(settings, lambda: context).start(name, "Literacy", "exploration", drivers)
            windows = [PlanSessions(settings, lambda: context) for _ in range(clients)]
            acknowledged: list[list[str]] = [[] for _ in range(clients)]
            start = threading.Barrier(clients)
            errors: list[str] = []

            threads = [
                threading.Thread(target=_client, args=(n, start, windows[n], name, answers, acknowledged[n], errors))
                for n in range(clients)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            session = windows[0].load(name)
            described = [a.description for a in session.plan.actions]
            told = [item for items in acknowledged for item in items]
            lost = [item for item in told if not any(item in d for d in described)]
            doubled = [item for item in told if sum(item in d for d in described) > 1]
            typed = [t.text for t in session.transcript if t.role == "user"]
            missing_turns = sum(
                1 for n in range(clients) for k in range(answers) if ANSWER.format(client=n + 1, n=k + 1) not in typed
            )
            numbers_ok = [a.number for a in session.plan.actions] == list(range(1, len(session.plan.actions) + 1))
            results.append(
                {
                    "acknowledged": len(told),
                    "actions": len(described),
                    "lost": len(lost),
                    "doubled": len(doubled),
                    "missing_turns": missing_turns,
                    "numbered": numbers_ok,
                    "errors": errors,
                }
            )
    finally:
        store_module.SessionStore.save_turn = original  # type: ignore[method-assign]
    return {
        "trials": trials,
        "clients": clients,
        "answers_per_client": answers,
        "answers": trials * clients * answers,
        "acknowledged": sum(r["acknowledged"] for r in results),
        "lost": sum(r["lost"] for r in results),
        "doubled": sum(r["doubled"] for r in results),
        "missing_turns": sum(r["missing_turns"] for r in results),
        "badly_numbered_plans": sum(not r["numbered"] for r in results),
        "errors": [e for r in results for e in cast(list[str], r["errors"])],
        "saves_taken_again": retried,
    }


def _client(
    n: int,
    start: threading.Barrier,
    window: PlanSessions,
    name: str,
    answers: int,
    acknowledged: list[str],
    errors: list[str],
) -> None:
    """One team typing its answers into the shared plan as fast as it can."""
    try:
        start.wait()
        for k in range(answers):
            _, reply = window.turn(name, ANSWER.format(client=n + 1, n=k + 1))
            if "Recorded action" in reply.text:
                acknowledged.append(f"team {n + 1} group {k + 1}")
    except Exception as exc:  # counted as a failure of the trial
        errors.append(f"{type(exc).__name__}: {exc}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--answers", type=int, default=5)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    summary = run(args.trials, args.clients, args.answers)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
