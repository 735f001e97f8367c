"""Ask as a conversation: a follow-up ("and for new hires?", "who does that?", "give me an example") is read with
the question before it, rewritten into a question that stands on its own, and searched as that.

The state is a pydantic model, so a session (the CLI's chat, the web UI) can keep the whole history and pick the
conversation up again from it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.knowledge.curated import driver_info
from assistant.models import Answer, AskState, AskTurn, Driver
from assistant.retrieval.bm25 import STOPWORDS
from assistant.retrieval.intent import read_intent
from assistant.retrieval.retriever import Retriever, check_query

# Past this many words a question with "that" or "it" in it says enough on its own.
FOLLOW_UP_WORDS = 8
MAX_TURNS = 200

# "and for new hires?", "what about the coaches?", "how about families?": the last question, for someone else.
_CONTINUES = re.compile(r"^\s*(?:and|also|plus|but|or|what about|how about|same for|even)\b[\s,]*", re.IGNORECASE)
# "who does that?", "give me an example", "how often?": a question about the topic of the last one.
_POINTS_BACK = re.compile(
    r"\b(?:that|this|it|its|they|them|those|these|there|one|such)\b"
    r"|^\s*(?:give me |show me |got |any |an? )?(?:an? )?examples?\b"
    r"|^\s*(?:why|how|who|when|how often|example)\s*\??\s*$",
    re.IGNORECASE,
)
_QUESTION_WORDS = {
    "how",
    "what",
    "who",
    "why",
    "when",
    "where",
    "which",
    "should",
    "can",
    "could",
    "do",
    "does",
    "often",
    "much",
    "many",
    "long",
    "need",
    "needs",
    "want",
    "make",
    "sure",
    "ok",
    "okay",
    "example",
    "examples",
}


# Answers a (rewritten) question with an optional driver filter: the deterministic answer, or a guarded model's.
Answerer = Callable[[str, set[Driver] | None], Answer]


def topic_of(question: str) -> str:
    """The content words of a question ("how often should staff get coaching?" → "staff get coaching")."""
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'&/-]*", question)
    kept = [w for w in words if w.lower() not in STOPWORDS and w.lower() not in _QUESTION_WORDS]
    return " ".join(kept[:12])


def is_follow_up(question: str) -> bool:
    """Whether a question leans on the one before: it continues it, or points back at it and is short."""
    if _CONTINUES.match(question):
        return True
    short = len(question.split()) <= FOLLOW_UP_WORDS
    return short and bool(_POINTS_BACK.search(question)) and not read_intent(question).drivers


def rewrite(question: str, last: AskTurn | None) -> str:
    """The question as it stands on its own, with the last turn's topic and drivers filled in."""
    question = check_query(question)
    if last is None or not is_follow_up(question):
        return question
    continues = _CONTINUES.match(question)
    if continues:
        rest = question[continues.end() :].strip().rstrip("?").strip()
        base = last.searched.rstrip("?. ").strip()
        return f"{base} {rest}?" if rest else f"{base}?"
    topic = last.topic
    named = read_intent(topic).drivers
    names = [driver_info(d).name.lower() for d in last.drivers if d not in named]
    about = " ".join([*names, topic]).strip()
    return f"{question.rstrip('?. ').strip()} — {about}?" if about else question


class AskConversation:
    """Questions answered in turn, each read with the one before; the state can be saved and given back."""

    def __init__(
        self,
        retriever: Retriever,
        state: AskState | None = None,
        answerer: Answerer | None = None,
    ) -> None:
        self.retriever = retriever
        self.state = state or AskState()
        self._answerer = answerer

    def _answer(self, question: str, drivers: set[Driver] | None) -> Answer:
        if self._answerer is not None:
            return self._answerer(question, drivers)
        from assistant.generators.ask import answer

        return answer(self.retriever, question, drivers=drivers)

    def ask(self, question: str, drivers: set[Driver] | None = None) -> AskTurn:
        """Answer one turn and keep it in the history; `turn.searched != turn.question` for a rewritten follow-up."""
        question = check_query(question)
        last = self.state.last
        searched = rewrite(question, last)
        followed = searched != question
        kept = set(read_intent(searched).drivers) | (set(last.drivers) if followed and last is not None else set())
        topic = (last.topic if followed and last is not None and not _CONTINUES.match(question) else "") or topic_of(
            searched
        )
        result = self._answer(searched, drivers)
        turn = AskTurn(question=question, searched=searched, topic=topic, drivers=sorted(kept, key=str), answer=result)
        self.state.turns.append(turn)
        del self.state.turns[:-MAX_TURNS]
        return turn
