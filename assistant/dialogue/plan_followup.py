"""Follow-ups of a planning conversation: the owner or due date an action still lacks, read from the reply."""

from __future__ import annotations

import re
from datetime import date

from assistant.dialogue.events import FollowUpFilled, Notice, Reply, notice
from assistant.dialogue.plan_base import PlanBase
from assistant.dialogue.state import Followup, Missing
from assistant.knowledge.text import shorten
from assistant.models import Action
from assistant.planning import operations
from assistant.understanding.fields import parse_due, parse_owner
from assistant.understanding.mentions import guess_owner
from assistant.understanding.normalize import normalize_answer
from assistant.understanding.reader import ActionReading, classify, read_action, read_answer
from assistant.understanding.reply import owner_in_reply, people_alone
from assistant.understanding.school_dates import find_school_dates, rewrite

YES = {"y", "yes", "yeah", "yep", "sure", "ok", "okay", "please", "yes please", "let's do it"}
_ALREADY_SAID = re.compile(
    r"^\W*(?:i|we)\s+(?:just\s+|already\s+)?(?:said|told\s+you|wrote|typed|mentioned)(?:\s+(?:that|it|so|above|before))?"
    r"\s*[-–—:,.!]*\s*|^\W*(?:as\s+i\s+said|like\s+i\s+said|see\s+above)\s*[-–—:,.!]*\s*",
    re.IGNORECASE,
)


def _owner_only(text: str, date_phrases: list[str]) -> str:
    """The owner part of a follow-up reply: "i just said – mr haddad" → "mr haddad"; date words taken out."""
    text = _ALREADY_SAID.sub("", text)
    for phrase in date_phrases:
        text = text.replace(phrase, " ")
    text = re.sub(r"\b(?:starting|beginning|from|by|before|after|in|on)\s*[,.]?\s*$", "", text.strip(" ,.;"))
    return normalize_answer(text.strip(" ,.;–—-"))


_CONFIRM = re.compile(
    r"^\W*(?:y|yes|yeah|yep|yup|sure|ok|okay|right|correct|that's\s+right|thats\s+right|that's\s+(?:her|him|them)|"
    r"exactly|confirmed?)\b[\s,.;:!-]*",
    re.IGNORECASE,
)
# Words around a date that add nothing to it: "by march 5 please", "march 5 works", "then".
_COURTESY = frozenset("please thanks thank you works is fine good sounds that then it's great".split())
_DENY = re.compile(r"^\W*(?:no|nope|nah|not\s+(?:right|quite|her|him|them|really)|wrong)\b[\s,.;:!-]*", re.IGNORECASE)


def hold_guesses(action: Action, followup: Followup) -> None:
    """An owner or a due date read but not sure waits on its follow-up, out of the plan, until it is confirmed."""
    if "owner" in followup.guessed and followup.guessed_owner is None and action.owner is not None:
        followup.guessed_owner, followup.guessed_owner_role = action.owner, action.owner_role
        action.owner, action.owner_role = None, None
    if "due" in followup.guessed and followup.guessed_due is None and action.due is not None:
        followup.guessed_due, action.due = action.due, None


_TITLES = frozenset("mr mrs ms dr the our and a an of team".split())


def _shares_a_name(owner: str, current: str | None) -> bool:
    """ "Mr. Bianchi" and "Mr. Bianchi and the coaches" name someone in common; "the data team" and "Ms. Kim" do not."""
    if not current:
        return False
    words = [{w for w in re.findall(r"[a-z]+", name.lower()) if w not in _TITLES} for name in (owner, current)]
    return bool(words[0] & words[1])


# Words a reply uses to take the work on, not to name work of its own: "ms kim will do it", "the pbis team owns that".
_TAKING_IT = frozenset(
    "it that this them those these one both all do does doing did take takes taking own owns owning lead leads leading "
    "run runs running handle handles handling cover covers will can be the a an our and of to with for on in at by "
    "up over charge responsible point person jan feb mar apr may jun jul aug sep sept oct nov dec".split()
)


_DOING = re.compile(
    r"\W*(?:(?:will|'ll|shall|is\s+going\s+to|are\s+going\s+to|can|could|should|would|to)\s+)?(?:also\s+)?"
    r"(?P<verb>[a-z]{3,})\s+(?:the|a|an|our|their|all|each|every|new|\d+)\b",
    re.IGNORECASE,
)


def _content(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _TAKING_IT}


def _other_work(reading: ActionReading, action: Action, missing: list[Missing]) -> bool:
    """A reply to "who will own this, and by when?" that names someone else doing work of their own ("Sam Ortiz will
    schedule the coach training" after an action about observations) is a new action, not the one asked about."""
    owner = reading.fields.owner
    if not owner or len(reading.note.split()) < 5 or ("owner" not in missing and _shares_a_name(owner, action.owner)):
        return False
    said = normalize_answer(reading.note)
    at = said.lower().find(owner.lower())
    doing = _DOING.match(said, at + len(owner)) if at >= 0 else None
    if doing is None or doing.group("verb").lower() in _TAKING_IT:
        return False  # "Dana Reyes, instructional coach, by January 29": who, not work of their own
    theirs = _content(said[doing.start("verb") :])
    return len(theirs) >= 2 and not theirs & _content(f"{action.description} {action.note}")


def _unrelated_work(reading: ActionReading, action: Action) -> bool:
    """A reply to "by when?" that is work of its own, named by no one ("family math nights at each elementary in
    march w/ spanish + somali interpreters"): read as the date it holds, its words would be lost to the plan."""
    if reading.fields.owner or len(reading.note.split()) < 8 or classify(reading.note) != "action":
        return False  # a reply that names someone is read by the rules above
    theirs = _content(reading.note) - _content(" ".join(reading.fields.date_phrases))
    return len(theirs) >= 5 and not theirs & _content(f"{action.description} {action.note}")


class PlanFollowUps(PlanBase):
    def _fill_followup(self, text: str) -> Reply:
        state = self.state
        followup = state.followup
        assert followup is not None
        action = self.plan.actions[followup.action - 1]
        if text.rstrip().endswith("?") and classify(text) == "question" and state.pos < len(state.queue):
            # "who decides which kids get coaching first?": answered from the guidance; what was asked stays asked
            return self._answer_back(text, "question", state.queue[state.pos])
        filled: list[tuple[str, str]] = []
        hold_guesses(action, followup)
        if "owner" in followup.guessed:  # "yes, by march 3", "no, ms kim", or a name instead
            followup.guessed = [g for g in followup.guessed if g != "owner"]
            confirmed, denied = _CONFIRM.match(text), _DENY.match(text)
            if confirmed:
                action.owner, action.owner_role = followup.guessed_owner, followup.guessed_owner_role
                followup.missing = [m for m in followup.missing if m != "owner"]
                filled.append(("owner_kept", action.owner or ""))
                text = text[confirmed.end() :]
            elif denied:
                text = text[denied.end() :]
        reading = read_action(text, self.today, self.year)
        fields = reading.fields
        if (
            self._is_new_action(text, fields.owner, action.owner, followup.missing)
            or _other_work(reading, action, followup.missing)
            or _unrelated_work(reading, action)
        ):
            return self._new_action_instead(text, action, followup.missing)
        if "due" in followup.guessed and text.lower().strip(" .!") in YES:
            action.due = followup.guessed_due
            followup.missing = [m for m in followup.missing if m != "due"]
            filled.append(("due_kept", action.due.isoformat() if action.due else "open"))
        followup.guessed = []  # a date read but not sure, neither kept nor replaced, is not kept
        if "due" in followup.missing:
            due = fields.due
            if due is None and not fields.start:
                normalized = normalize_answer(text)
                due = parse_due(rewrite(normalized, find_school_dates(normalized, self.today)), self.today, self.year)
            if due is not None:
                action.due = due
                filled.append(("due", due.isoformat()))
        if fields.start and not action.start:
            action.start = fields.start
            filled.append(("start", fields.start.isoformat()))
        if fields.recurrence and not action.recurrence:
            action.recurrence = fields.recurrence
            filled.append(("recurrence", fields.recurrence))
        if "owner" in followup.missing:
            said = _owner_only(text, fields.date_phrases)
            owner, role = owner_in_reply(said) or (fields.owner, fields.owner_role)
            if not owner:
                owner, role = parse_owner(said)
            if owner:
                action.owner, action.owner_role = owner, role or action.owner_role
                filled.append(("owner", owner))
        operations.sync_open_flags(action, followup.missing)
        self.context.run_equity(action)
        state.followup = None
        unread = not filled and len(text) > 8 and classify(text) == "action"
        if unread and text not in action.note:
            action.note = f"{action.note} · {text}".strip(" ·")  # words not read as a field are kept on the action
        event = FollowUpFilled(
            action=action.number, filled=filled, unread=unread, left_open=operations.open_items(action)
        )
        if state.pending:
            state.followup, state.pending = state.pending[0], state.pending[1:]
            return Reply.of(event, self._prompt())
        state.phase = "questions"
        return Reply.of(event, *self._advance())

    def _is_new_action(self, text: str, owner: str | None, current: str | None, missing: list[Missing]) -> bool:
        """A reply to "by when?" that is a whole action of someone else's, typed as the team moved on ("within two
        days of each suspension the dean holds a reentry circle": the person it most likely means counts)."""
        # more to ask after this one: a short reply ("the principal, at the sept 15 cabinet mtg") is still a reply
        if "owner" in missing or len(text.split()) < (10 if self.state.pending else 8):
            return False
        if not owner:
            guessed = guess_owner(normalize_answer(text))
            owner = guessed.owner if guessed is not None else None
        return bool(owner) and not _shares_a_name(owner or "", current) and classify(text) == "action"

    def _new_action_instead(self, text: str, action: Action, missing: list[Missing]) -> Reply:
        """Leave what was asked open, and record the reply as one more action for the same guiding question."""
        state = self.state
        asked: list[Missing] = [m for m in ("owner", "due") if m in missing] or ["due"]
        operations.sync_open_flags(action, asked)
        later = []
        for waiting in state.pending:  # the team moved on: what was still to be asked of the others stays open too
            other = self.plan.actions[waiting.action - 1]
            operations.sync_open_flags(other, [m for m in ("owner", "due") if m in waiting.missing] or ["due"])
            later.append(other.number)
        state.followup, state.pending = None, []
        state.phase = "questions"
        reply = self._record_one_more(text)
        fields = " and ".join("owner" if m == "owner" else "due date" for m in asked)
        how = " or ".join(f"/edit {action.number} {m} …" for m in asked)
        others = f" What was still to ask of action {', '.join(map(str, later))} stays open too." if later else ""
        said = notice(
            "followup_new_action",
            f"That reads as a new action, so action {action.number}'s {fields} "
            f"{'stay' if len(asked) > 1 else 'stays'} open ({how} {'sets' if len(asked) == 1 else 'set'} it).{others}",
        )
        return Reply.of(said, *reply.events)

    def _after_last_question(self, text: str) -> Reply:
        """Work a team types once the questions have run out (someone doing something, or something done by a day or
        on a rhythm) is one more action for the last guiding question, never dropped; anything else gets a word on
        what can still be done."""
        state = self.state
        finished = notice(
            "finished",
            "The plan is finished, so that was not added to it. Type /back to reopen the last question and "
            "add it, /edit N to change an action, or /plan to see the plan.",
        )
        filled = self._last_action_filled(text, finished)
        if filled is not None:
            return filled
        reading = read_answer(text, self.today, self.year)  # a doer no rule knows ("the wranglers set up…") counts
        said_who_or_when = reading.kind == "action" and any(
            a.fields.owner or a.fields.due or a.fields.start or a.fields.recurrence for a in reading.actions
        )
        if not state.queue or not said_who_or_when:  # "thanks everyone, great meeting"
            return Reply.of(finished)
        state.pos = len(state.queue) - 1
        state.phase = "questions"
        try:
            reply = self._record_one_more(text)
        finally:
            if state.phase == "questions":  # not recorded after all (too short): the plan stays finished
                state.phase, state.pos = "done", len(state.queue)
        said = notice("added_after_last_question", "Added to the plan after the last question.")
        return Reply.of(said, *reply.events)

    def _last_action_filled(self, text: str, finished: Notice) -> Reply | None:
        """A day ("yes, by march 5") or a name ("ms kim") typed alone after the last question: the due date or the
        owner of the last action when it has none, never an action of its own; None for anything else."""
        due = self._date_only(text)
        named = None if due is not None else people_alone(normalize_answer(text))
        if due is None and named is None:
            return None
        last = self.plan.actions[-1] if self.plan.actions else None
        if last is None or (last.due if due is not None else last.owner) is not None:
            return Reply.of(finished)
        if due is not None:
            last.due, said = due, f"is now due {due.isoformat()}"
        else:
            assert named is not None
            last.owner, last.owner_role = named[0], named[1] or last.owner_role
            said = f"is now owned by {named[0]}"
        operations.sync_open_flags(last)
        self.context.run_equity(last)
        return Reply.of(
            notice("filled_after_last_question", f"Action {last.number} ({shorten(last.description, 60)}) {said}.")
        )

    def _date_only(self, text: str) -> date | None:
        """The day in a reply that says a date and nothing more, after a "yes" or "ok" perhaps: "yes, by march 5",
        "ok, march 5", "before winter break please"."""
        confirmed = _CONFIRM.match(text)
        rest = text[confirmed.end() :] if confirmed else text
        fields = read_action(rest, self.today, self.year).fields
        if fields.due is None or fields.start or fields.recurrence or fields.owner:
            return None
        left = re.findall(r"[\w']+", _owner_only(rest, fields.date_phrases).lower())
        return fields.due if set(left) <= _COURTESY else None

    def _record_one_more(self, text: str) -> Reply:
        """Record `text` as more actions for the current guiding question, keeping the ones it already has (an
        answer to a question normally replaces that question's earlier actions)."""
        state = self.state
        pos = state.pos
        earlier = state.answered_many.pop(pos, None) or ([state.answered[pos]] if pos in state.answered else [])
        state.answered.pop(pos, None)
        try:
            return self._record_answer(text)
        finally:
            added = [n for n in state.answered_many.get(pos, []) if n not in earlier]
            if earlier:
                state.answered[pos], state.answered_many[pos] = earlier[0], [*earlier, *added]
