"""`python -m evaluation.plan_quality`: how complete and well grounded a drafted plan is, on each backend.

A scripted planning session — a team's answers as they would type them in a meeting, three drivers, every
"who owns it?" / "by when?" follow-up skipped as a busy meeting does — runs through PlanConversation twice:
without a model (the rules read the answers), and with the LangChain backend around a fake chat model that
replies with readings written in advance, what a capable model returns for each answer. The run is offline
and repeatable; the second row measures the pipeline (structured output, guard rails, merging with the
rules), not any real model.

Per backend:
- owner & due: share of actions with both an owner and a due date;
- citations valid: share of citations (the actions' and their equity checks') naming an indexed passage whose
  text holds the quote;
- equity checks: share of actions carrying every equity check of the curated set.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from assistant.config import Settings
from assistant.dialogue.plan_mode import PlanConversation
from assistant.dialogue.session import Session
from assistant.knowledge.text import normalize
from assistant.llm import Backend, NoneBackend
from assistant.llm.langchain_backend import LangChainBackend
from assistant.models import ActionPlan, Citation
from assistant.planning.context import PlanningContext
from assistant.retrieval.retriever import Retriever

TODAY = date(2026, 9, 8)
OPENING = ("Structured literacy in grades K-3", "coaching, data systems and training", "installation", "no")


@dataclass(frozen=True)
class Turn:
    """One answer as the team types it, and the reading a capable model gives it."""

    answer: str
    reading: dict[str, Any] = field(default_factory=dict)


# In queue order: coaching (2 questions), data-informed decision-making (2), training (5).
TURNS = (
    Turn(
        "Dana Reyes, our instructional coach, will run a two-day coaching institute for all coaches by October 15, "
        "with practice sessions every month after that.",
        {"owner": "Dana Reyes", "owner_role": "instructional coach", "due_phrase": "by October 15",
         "due": "2026-10-15", "recurrence": "monthly"},
    ),
    Turn(
        "honestly it'll be Marcus (our AP) pulling the coaching plan together - frequency, feedback methods, "
        "timeline. want it out to staff before winter break, and we'd get input from families and our community "
        "advisory group, in Spanish and English",
        {"owner": "Marcus", "owner_role": "AP", "due_phrase": "before winter break", "due": "2026-12-18"},
    ),
    Turn(
        "our data coach Priya would coordinate it — the dashboard, with data disaggregated by race/ethnicity and "
        "sub-population — up and running end of first quarter",
        {"owner": "Priya", "owner_role": "data coach", "due_phrase": "end of first quarter", "due": "2026-10-31"},
    ),
    Turn(
        "monthly data meetings where grade-level teams look at the data with a protocol; goal is 80% of teams "
        "using it by spring. Lee Park owns the protocol",
        {"owner": "Lee Park", "due_phrase": "by spring", "due": "2027-03-20", "recurrence": "monthly",
         "measures": ["80% of teams using the protocol"]},
    ),
    Turn(
        "principal sends a staff memo + a letter home, translated into Spanish and Vietnamese, first week of January",
        {"owner": "principal", "owner_role": "principal", "due_phrase": "first week of January",
         "due": "2027-01-08"},
    ),
    Turn(
        "we'll sort out roles as we go, probably the leadership team, not sure on timing yet",
        {},  # nobody named for sure, no date: a capable model says so rather than guessing
    ),
    Turn(
        "Sam Ortiz coordinates it; calendar locked by Jan 30",
        {"owner": "Sam Ortiz", "due_phrase": "by Jan 30", "due": "2027-01-30"},
    ),
    Turn(
        "district PD office provides it; new & absent staff get the recorded modules + a make-up session within "
        "two weeks of hire - HR tracks completion, all done by the end of the semester",
        {"owner": "district PD office", "due_phrase": "by the end of the semester", "due": "2027-01-15",
         "measures": ["HR tracks completion"]},
    ),
    Turn(
        "practice w/ feedback in PLCs every other week, coaches observe and give feedback, kicking off after "
        "winter break through March - coaching team leads",
        {"owner": "coaching team", "start_phrase": "after winter break", "start": "2027-01-04",
         "due_phrase": "through March", "due": "2027-03-31", "recurrence": "biweekly"},
    ),
)  # fmt: skip


class ReadingModel(BaseChatModel):
    """A fake chat model: finds the team's answer in the prompt and replies with its reading, as JSON."""

    readings: dict[str, dict[str, Any]]
    calls: int = 0

    def _generate(
        self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        self.calls += 1
        prompt = str(messages[-1].content)
        found = re.search(r"<team_answer>\n(.*?)\n</team_answer>", prompt, re.DOTALL)
        reading = self.readings.get(html.unescape(found.group(1)), {}) if found else {}
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=json.dumps(reading)))])

    @property
    def _llm_type(self) -> str:
        return "scripted-readings"


def run_session(context: PlanningContext, backend: Backend) -> ActionPlan:
    """The scripted meeting: opening answers, then one answer per guiding question, follow-ups skipped."""
    session = Session(id="plan-quality", plan=ActionPlan(name="plan-quality"))
    conv = PlanConversation(session, context, today=TODAY, backend=backend)
    conv.start()
    for line in OPENING:
        conv.reply(line)
    answers = iter(TURNS)
    for _ in range(200):  # a bound, in case the conversation changes under the script
        phase = conv.state.phase
        if phase == "done":
            break
        if phase == "questions":
            turn = next(answers, None)
            conv.reply(turn.answer if turn else "/done")
        elif phase == "readiness_offer":
            conv.reply("no")
        else:
            conv.reply("/skip")
    return conv.plan


def _resolves(citation: Citation, retriever: Retriever) -> bool:
    passage = retriever.passage(citation.id)
    return passage is not None and bool(citation.quote) and normalize(citation.quote) in normalize(passage.text)


def measure(plan: ActionPlan, retriever: Retriever, check_keys: set[str]) -> dict[str, Any]:
    actions = plan.actions
    citations = [
        c for a in actions for c in [*a.citations, *(e.citation for e in a.equity_checks if e.citation is not None)]
    ]

    def share(n: int, total: int) -> dict[str, Any]:
        return {"n": n, "of": total, "share": round(n / total, 3) if total else 0.0}

    return {
        "actions": len(actions),
        "owner_and_due": share(sum(1 for a in actions if a.owner and a.due), len(actions)),
        "citations_valid": share(sum(1 for c in citations if _resolves(c, retriever)), len(citations)),
        "equity_complete": share(
            sum(1 for a in actions if check_keys <= {e.check for e in a.equity_checks}), len(actions)
        ),
    }


def run(home: Path | None = None) -> dict[str, Any]:
    """Both backends over one index of the bundled knowledge base, built in a temporary home."""
    from assistant.retrieval.indexer import build_index

    with tempfile.TemporaryDirectory(prefix="cip-plan-quality-") as tmp:
        settings = Settings(home=home or Path(tmp))
        build_index(settings)
        retriever = Retriever(settings)
        context = PlanningContext(retriever)
        keys = {check.key for check in context.checks}
        model = ReadingModel(readings={turn.answer: turn.reading for turn in TURNS})
        backends: dict[str, Backend] = {
            "none (rules)": NoneBackend(),
            "langchain (scripted fake model)": LangChainBackend(model, name="fake:readings", local=True),
        }
        rows = {name: measure(run_session(context, backend), retriever, keys) for name, backend in backends.items()}
        rows["langchain (scripted fake model)"]["model_calls"] = model.calls
    return {"today": TODAY.isoformat(), "answers": len(TURNS), "equity_checks": len(keys), "backends": rows}


def print_table(results: dict[str, Any]) -> None:
    print(
        f"Scripted session: {results['answers']} answers, follow-ups skipped, planned on {results['today']}; "
        f"{results['equity_checks']} equity checks per action.\n"
    )
    header = f"{'backend':<32} {'actions':>7} {'owner & due':>14} {'citations valid':>18} {'equity checks':>16}"
    print(header)
    print("-" * len(header))
    for name, row in results["backends"].items():
        cells = [
            f"{row[key]['n']}/{row[key]['of']} {row[key]['share']:.2f}"
            for key in ("owner_and_due", "citations_valid", "equity_complete")
        ]
        print(f"{name:<32} {row['actions']:>7} {cells[0]:>14} {cells[1]:>18} {cells[2]:>16}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.plan_quality", description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    results = run()
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
