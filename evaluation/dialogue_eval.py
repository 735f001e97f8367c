"""`python -m evaluation.dialogue_eval`: how well the planning conversation reads what teams type.

The sets in `evaluation/dialogue/` hold planning sessions written the way teams type in a meeting (lowercase
names, roles, school-calendar dates, several actions in one answer, questions back), each answer with what a
careful planner records from it. Each session runs through PlanConversation without a model, as a team would:
the answer is typed; when the assistant asks for a missing owner or date, the team gives the reply the set
holds for that action, or skips. `dev.yaml` to `dev11.yaml`, `dev13.yaml`, `dev14.yaml` and `fresh.yaml` are tuned
on (`dev11.yaml`, `dev13.yaml` and `dev14.yaml` were each kept blind for one round and measured before they were);
`heldout.yaml`, `heldout2.yaml`, `heldout3.yaml`, `dev12.yaml` and `dev15.yaml` are never tuned on (only their totals
are looked at) and are marked "never tuned on" in the table.

The table, per set:
- owner / due date found on first reading, where the answer names one (before any follow-up);
- owner / due date / recurrence right in the final plan;
- dates written where a planner would leave the date open (precision first: lower is better);
- equity checks marked met, recall and precision against the planner's marks;
- answers holding several actions that became as many actions;
- questions back and unsure answers filed as actions;
- follow-ups asking for what the answer already said;
- titles holding the answer's key words in at most 16 words, without the owner's name.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from assistant import resources
from assistant.config import Settings, reset_settings
from assistant.dialogue.plan_mode import PlanConversation
from assistant.dialogue.session import Session
from assistant.dialogue.state import Followup
from assistant.errors import InputError
from assistant.models import Action, ActionPlan, Driver, Stage
from assistant.planning.context import PlanningContext
from assistant.retrieval.retriever import Retriever

SETS = resources.shipped_path("dialogue", package="evaluation")
NEVER_TUNED = frozenset({"heldout", "heldout2", "heldout3", "dev12", "dev18"})
_DROP = {"the", "our", "a", "an", "and", "&", "with", "plus", "all", "my", "of"}


# the short forms the assistant writes out in full: "the dept heads" and "the department heads" are the same people
_SHORT = {"dept": "department", "depts": "department", "asst": "assistant", "mgr": "manager", "coord": "coordinator"}


def _tokens(text: str) -> set[str]:
    words = [_SHORT.get(w, w) for w in re.findall(r"[a-z0-9]+", text.lower())]
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w not in _DROP}


def same_rhythm(expected: str | None, got: str | None) -> bool:
    """The same rhythm, however its words are cased or hyphenated ("each PLC meeting", "each plc meeting")."""

    def words(label: str | None) -> str:
        return " ".join((label or "").lower().replace("-", " ").split())

    return words(expected) == words(got)


def owner_matches(expected: str | list[str] | None, owner: str | None, role: str | None) -> bool:
    """The recorded owner names the same people: equal words, ignoring case, articles and punctuation."""
    if expected is None or not owner:
        return False
    options = expected if isinstance(expected, list) else [expected]
    got = _tokens(owner)
    with_role = got | _tokens(role or "")
    return any(_tokens(option) in (got, with_role) for option in options)


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@dataclass
class Tally:
    hits: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.hits += int(ok)

    def share(self) -> str:
        if not self.total:
            return "—"
        return f"{100 * self.hits / self.total:.0f} % ({self.hits}/{self.total})"


@dataclass
class Scores:
    owner_first: Tally = field(default_factory=Tally)
    owner_sure: Tally = field(default_factory=Tally)
    guesses_right: Tally = field(default_factory=Tally)
    guessed_unnamed: Tally = field(default_factory=Tally)
    due_first: Tally = field(default_factory=Tally)
    owner_final: Tally = field(default_factory=Tally)
    due_final: Tally = field(default_factory=Tally)
    recurrence_final: Tally = field(default_factory=Tally)
    wrong_open_dates: Tally = field(default_factory=Tally)
    multi: Tally = field(default_factory=Tally)
    questions_filed: Tally = field(default_factory=Tally)
    redundant: Tally = field(default_factory=Tally)
    titles: Tally = field(default_factory=Tally)
    rejected: int = 0
    unreached: int = 0  # answers after the session ran out of guiding questions
    equity_tp: int = 0
    equity_fp: int = 0
    equity_fn: int = 0
    turn_ms: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def rows(self) -> list[tuple[str, str]]:
        recall = self.equity_tp / max(1, self.equity_tp + self.equity_fn)
        precision = self.equity_tp / max(1, self.equity_tp + self.equity_fp)
        times = sorted(self.turn_ms)
        p95 = times[int(0.95 * (len(times) - 1))] if times else 0.0
        return [
            ("owner found on first reading, where the answer names one", self.owner_first.share()),
            ("  … of them read for sure (not a guess asked to confirm)", self.owner_sure.share()),
            ("owner guesses asked to confirm that were right", self.guesses_right.share()),
            ("owner guessed where the answer names none (lower is better)", self.guessed_unnamed.share()),
            ("due date right on first reading, where the answer gives one", self.due_first.share()),
            ("owner right in the final plan", self.owner_final.share()),
            ("due date right in the final plan", self.due_final.share()),
            ("recurrence right in the final plan", self.recurrence_final.share()),
            ("date written where the planner leaves it open (lower is better)", self.wrong_open_dates.share()),
            ("equity checks met: recall", f"{100 * recall:.0f} %"),
            ("equity checks met: precision", f"{100 * precision:.0f} %"),
            ("answers holding several actions that became as many", self.multi.share()),
            ("questions back / unsure answers filed as actions (lower is better)", self.questions_filed.share()),
            ("follow-ups asking for what the answer said (lower is better)", self.redundant.share()),
            ("titles with the key words, ≤ 16 words, no owner name", self.titles.share()),
            ("answers refused as too short", str(self.rejected)),
            ("answers never reached (the guiding questions ran out first)", str(self.unreached)),
            ("planning turn p95, no model", f"{p95:.0f} ms"),
        ]


def _title_ok(title: str, keywords: Iterable[str], owner: Any) -> bool:
    text = title.lower()
    words = title.split()
    for keyword in keywords:
        if not all(re.search(rf"\b{re.escape(k[:5])}", text) for k in str(keyword).lower().split()):
            return False
    owners = owner if isinstance(owner, list) else [owner] if owner else []
    names = {w for o in owners for w in re.findall(r"[A-Z][a-z]{2,}", str(o))} - {"The", "Our", "Team", "Coach"}
    return len(words) <= 16 and not any(re.search(rf"\b{n.lower()}\b", text) for n in names)


def _applicable(action: Action) -> set[str]:
    return {c.check for c in action.equity_checks if c.status != "not_applicable"}


class _Run:
    def __init__(self, context: PlanningContext, scores: Scores, verbose: bool) -> None:
        self.context, self.scores, self.verbose = context, scores, verbose

    def miss(self, session: str, what: str) -> None:
        self.scores.misses.append(f"{session}: {what}")

    def reply(self, conv: PlanConversation, text: str) -> str:
        started = time.perf_counter()
        try:
            out = conv.reply(text).text
        except InputError as error:
            out = str(error)
            self.scores.rejected += 1
        self.scores.turn_ms.append(1000 * (time.perf_counter() - started))
        return out

    def session(self, spec: dict[str, Any]) -> None:
        today = _day(spec["today"])
        assert today is not None
        plan = ActionPlan(
            name=spec["id"],
            initiative=spec.get("initiative") or "Initiative",
            drivers=[Driver(d) for d in spec["drivers"]],
            stage=Stage(spec["stage"]),
        )
        conv = PlanConversation(Session(id=spec["id"], plan=plan), self.context, today=today)
        conv.start()
        if conv.state.phase != "questions":  # an older flow asked first whether to run a readiness check
            self.reply(conv, "no")
        # expected action (as the final plan should hold it) → the recorded action's number
        recorded: list[tuple[dict[str, Any], int | None]] = []
        for n, turn in enumerate(spec["turns"]):
            if conv.state.phase == "done":
                self.scores.unreached += len(spec["turns"]) - n
                break
            recorded += self.turn(conv, spec["id"], turn)
        s = self.scores
        for expected, number in recorded:
            action = conv.plan.actions[number - 1] if number is not None and number <= len(conv.plan.actions) else None
            owner = expected.get("final_owner") or expected.get("owner")
            due = _day(expected.get("final_due")) or _day(expected.get("due"))
            if owner is not None:
                ok = action is not None and owner_matches(owner, action.owner, action.owner_role)
                s.owner_final.add(ok)
                if not ok:
                    self.miss(spec["id"], f"final owner {owner!r} ≠ {action.owner if action else None!r}")
            if due is not None:
                ok = action is not None and action.due == due
                s.due_final.add(ok)
                if not ok:
                    self.miss(spec["id"], f"final due {due} ≠ {action.due if action else None}")
            elif action is not None:
                s.wrong_open_dates.add(action.due is not None)
                if action.due is not None:
                    self.miss(spec["id"], f"due {action.due} written where none was said: {expected['_answer']!r}")
            want_rec = expected.get("recurrence")
            got_rec = action.recurrence if action else None
            if want_rec or got_rec:
                s.recurrence_final.add(same_rhythm(want_rec, got_rec))
                if not same_rhythm(want_rec, got_rec):
                    self.miss(spec["id"], f"recurrence {want_rec!r} ≠ {got_rec!r}: {expected['_answer']!r}")
            if action is not None:
                met = {c.check for c in action.equity_checks if c.status == "met"}
                want = set(expected.get("equity_met") or []) & _applicable(action)
                s.equity_tp += len(met & want)
                s.equity_fp += len(met - want)
                s.equity_fn += len(want - met)
                if met != want:
                    self.miss(spec["id"], f"equity met {sorted(met)} ≠ {sorted(want)}: {expected['_answer']!r}")

    def turn(
        self, conv: PlanConversation, session: str, turn: dict[str, Any]
    ) -> list[tuple[dict[str, Any], int | None]]:
        s = self.scores
        before = len(conv.plan.actions)
        self.reply(conv, turn["answer"])
        new = conv.plan.actions[before:]
        asked = [f for f in (conv.state.followup, *conv.state.pending) if f is not None]
        guessed = {f.action for f in asked if "owner" in f.guessed}
        held = {f.action: f for f in asked}  # what was read but waits, out of the plan, for the team to confirm it
        expected = [dict(a, _answer=turn["answer"]) for a in turn.get("actions") or []]
        if turn.get("kind", "action") != "action":
            s.questions_filed.add(bool(new))
            if new:
                self.miss(session, f"question filed as an action: {turn['answer']!r}")
            while conv.state.phase == "followup":
                self.reply(conv, "/skip")
            return []
        if len(expected) > 1:
            s.multi.add(len(new) == len(expected))
            if len(new) != len(expected):
                self.miss(session, f"{len(expected)} actions read as {len(new)}: {turn['answer']!r}")
        pairs: list[tuple[dict[str, Any], int | None]] = []
        for n, want in enumerate(expected):
            action = new[n] if n < len(new) else None
            if action is not None and action.number in held:
                action = _as_read(action, held[action.number])
            was_guess = action is not None and action.number in guessed
            if was_guess:
                assert action is not None
                right = owner_matches(want.get("owner"), action.owner, action.owner_role)
                s.guesses_right.add(right)
                if not right:
                    self.miss(
                        session, f"owner guessed {action.owner!r}, wants {want.get('owner')!r}: {turn['answer']!r}"
                    )
            if want.get("owner") is None and action is not None:
                s.guessed_unnamed.add(was_guess)
            if want.get("owner") is not None:
                ok = action is not None and owner_matches(want["owner"], action.owner, action.owner_role)
                s.owner_first.add(ok)
                s.owner_sure.add(ok and not was_guess)
                if not ok:
                    self.miss(
                        session,
                        f"owner {want['owner']!r} read as {action.owner if action else None!r}: {turn['answer']!r}",
                    )
            if want.get("due") is not None:
                ok = action is not None and action.due == _day(want["due"])
                s.due_first.add(ok)
                if not ok:
                    self.miss(
                        session, f"due {want['due']} read as {action.due if action else None}: {turn['answer']!r}"
                    )
            if action is not None and want.get("title_keywords"):
                ok = _title_ok(action.description, want["title_keywords"], want.get("owner"))
                s.titles.add(ok)
                if not ok:
                    self.miss(session, f"title {action.description!r} (wants {want['title_keywords']})")
            pairs.append((want, action.number if action else None))
        by_number = {number: want for want, number in pairs if number is not None}
        used: set[int] = set()
        for _ in range(12):
            if conv.state.phase != "followup" or conv.state.followup is None:
                break
            followup = conv.state.followup
            wanted = by_number.get(followup.action)
            missing = list(followup.missing)
            if wanted is not None:
                for name in missing:
                    said = wanted.get(name) is not None
                    s.redundant.add(said and name not in followup.guessed)
                    if said:
                        self.miss(session, f"asked for {name} already given: {turn['answer']!r}")
            reply = wanted.get("reply") if wanted is not None and followup.action not in used else None
            used.add(followup.action)
            if "owner" in followup.guessed:  # a team confirms a right guess and turns down a wrong one
                action = _as_read(conv.plan.actions[followup.action - 1], followup)
                right = wanted is not None and owner_matches(wanted.get("owner"), action.owner, action.owner_role)
                reply = ("yes" if right else "no") + (f", {reply}" if reply else "")
            elif "due" in followup.guessed:
                action = _as_read(conv.plan.actions[followup.action - 1], followup)
                right = wanted is not None and wanted.get("due") is not None and action.due == _day(wanted["due"])
                reply = "yes" if right else reply
            self.reply(conv, reply or "/skip")
        return pairs


def _as_read(action: Action, followup: Followup) -> Action:
    """The action as the answer was read, with the owner or due date that waits for the team to confirm it."""
    read = action.model_copy()
    if followup.guessed_owner is not None:
        read.owner, read.owner_role = followup.guessed_owner, followup.guessed_owner_role
    if followup.guessed_due is not None:
        read.due = followup.guessed_due
    return read


def evaluate(paths: list[Path], context: PlanningContext, verbose: bool = False) -> dict[str, Scores]:
    results: dict[str, Scores] = {}
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        scores = Scores()
        run = _Run(context, scores, verbose)
        with _district_calendar(data.get("school_calendar")):
            for spec in data["sessions"]:
                run.session(spec)
        results[path.stem] = scores
    return results


@contextmanager
def _district_calendar(calendar: dict[str, Any] | None) -> Iterator[None]:
    """A set written against a district's own calendar is read with it, as that district's assistant would."""
    if not calendar:
        yield
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "school_calendar.yaml"
        path.write_text(yaml.safe_dump(calendar), encoding="utf-8")
        before = os.environ.get(_CALENDAR_ENV)
        os.environ[_CALENDAR_ENV] = str(path)
        reset_settings()
        try:
            yield
        finally:
            if before is None:
                os.environ.pop(_CALENDAR_ENV, None)
            else:
                os.environ[_CALENDAR_ENV] = before
            reset_settings()


_CALENDAR_ENV = "CIP_ASSISTANT_SCHOOL_CALENDAR"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("sets", nargs="*", type=Path, help="YAML sets (default: every set in evaluation/dialogue)")
    parser.add_argument("--misses", action="store_true", help="list each answer scored wrong")
    args = parser.parse_args(argv)
    paths = args.sets or sorted(SETS.glob("*.yaml"))
    from assistant.retrieval.indexer import build_index

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(home=Path(tmp))
        build_index(settings)
        context = PlanningContext(Retriever(settings))
        results = evaluate(paths, context)
    names = [f"{name} (never tuned on)" if name in NEVER_TUNED else name for name in results]
    rows = {label: dict(scores.rows()) for label, scores in zip(names, results.values(), strict=True)}
    labels = [label for label, _ in next(iter(results.values())).rows()]
    width = max(len(label) for label in labels)
    columns = [max(18, len(name)) for name in names]
    print(f"{'':{width}}  " + "  ".join(f"{name:>{w}}" for name, w in zip(names, columns, strict=True)))
    for label in labels:
        cells = (f"{rows[name][label]:>{w}}" for name, w in zip(names, columns, strict=True))
        print(f"{label:{width}}  " + "  ".join(cells))
    if args.misses:
        for name, scores in results.items():
            print(f"\n# {name}: {len(scores.misses)} misses")
            for miss in scores.misses:
                print("  " + miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
