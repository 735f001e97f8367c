"""Coach and reflect modes of the chat (PRODUCT §3): ask for what is missing, then give the guide or the prompts.

The conversation asks for the driver, the stage and the context (coach) or the audience (reflect) when they were
not given, then shows the result. Afterwards a new context or audience redoes it, "more" adds to it, and
/why shows the passages behind it. Commands work at any point.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from assistant.dialogue.events import (
    Done,
    Event,
    GuideMore,
    GuidePrompt,
    GuideShown,
    Help,
    PromptsMore,
    PromptsShown,
    Reply,
    Sources,
    notice,
)
from assistant.dialogue.session import Session
from assistant.dialogue.state import CoachState
from assistant.errors import InputError
from assistant.knowledge.curated import driver_name, parse_drivers, resolve_stage
from assistant.knowledge.text import clean_input
from assistant.models import Citation, Driver, GuideSection, Stage
from assistant.retrieval.retriever import Retriever

Mode = Literal["coach", "reflect"]
MAX_MESSAGE_CHARS = 2000
MORE_WORDS = {"more", "/more", "more please", "more prompts", "show more", "next", "another", "others"}
COMMANDS = ("/driver", "/stage", "/new", "/why", "/done", "/help")


class CoachConversation:
    """One coach or reflect conversation; `start()` for the opening prompt, `reply()` for every message after."""

    def __init__(
        self,
        retriever: Retriever,
        mode: Mode = "coach",
        *,
        session: Session | None = None,
        driver: Driver | None = None,
        stage: Stage | None = None,
        context: str | None = None,
        n: int | None = None,
        today: date | None = None,
    ) -> None:
        self.retriever = retriever
        self.session = session
        saved = session.state if session is not None else None
        # A session created but not started holds its mode's empty state: the arguments set it up.
        if isinstance(saved, CoachState) and saved != CoachState(mode=saved.mode):
            self.state = saved
        else:
            self.state = CoachState(mode=mode, driver=driver, stage=stage, n=n)
            self.state.stage_asked = stage is not None
            if context is not None:
                self._set_context(context)
        self.today = today

    @property
    def mode(self) -> Mode:
        return self.state.mode

    def _save(self) -> None:
        if self.session is not None:
            self.session.state = self.state

    # ------------------------------------------------------------------------------------------ entry points

    def opening(self) -> Reply:
        """The first question, or the result straight away when everything was given."""
        try:
            events = self._advance()
        except InputError as exc:
            events = [notice("error", str(exc), level="error"), self._prompt()]
        self._save()
        return Reply.of(*events)

    def start(self) -> str:
        """The opening as text."""
        return self.opening().text

    def reply(self, message: str) -> Reply:
        text = clean_input(message)
        if len(text) > MAX_MESSAGE_CHARS:
            too_long = f"That message is {len(text):,} characters long; keep it under {MAX_MESSAGE_CHARS:,}."
            return Reply.of(notice("too_long", too_long, level="error"))
        if not text:
            return Reply.of(notice("empty", "Type an answer, or /help to see the commands."), self._prompt())
        try:
            out = self._command(text) if text.startswith("/") else Reply.of(*self._answer(text))
        except InputError as exc:
            out = Reply.of(notice("error", str(exc), level="error"), self._prompt())
        self._save()
        return out

    # ------------------------------------------------------------------------------------------ prompts

    def _prompt(self) -> GuidePrompt:
        phase = self.state.phase
        return GuidePrompt(mode=self.mode, step=phase if phase in {"driver", "stage", "context", "done"} else "ready")

    def _advance(self) -> list[Event]:
        """Ask for the next missing piece, or produce the result when nothing is missing."""
        state = self.state
        if state.driver is None:
            state.phase = "driver"
        elif not state.stage_asked:
            state.phase = "stage"
        elif state.context is None and not state.context_asked:
            state.phase = "context"
        else:
            state.phase = "ready"
            return self._result()
        return [self._prompt()]

    # ------------------------------------------------------------------------------------------ answers

    def _answer(self, text: str) -> list[Event]:
        state = self.state
        if state.phase == "driver":
            self._set_driver(text)
            return self._advance()
        if state.phase == "stage":
            state.stage = resolve_stage(text)
            state.stage_asked = True
            return self._advance()
        if state.phase == "context":
            self._set_context(text)
            return self._advance()
        if text.lower().strip(" .!") in MORE_WORDS:
            return self._more()
        # Anything else after a result is a new context (coach) or audience (reflect): the result is redone.
        self._set_context(text)
        state.phase = "ready"
        return self._result()

    def _set_driver(self, text: str) -> None:
        found = parse_drivers(text)
        if not found:
            raise InputError(f"I did not recognise a driver in '{text[:80]}'.")
        if len(found) > 1:
            raise InputError(f"Name one driver at a time (I read {', '.join(driver_name(d) for d in found)}).")
        if found[0] != self.state.driver:
            self._reset_result()
        self.state.driver = found[0]

    def _set_context(self, text: str) -> None:
        from assistant.generators.coach import check_context
        from assistant.generators.reflect import check_audience

        checked = check_context(text) if self.mode == "coach" else check_audience(text)
        self.state.context = checked
        self.state.context_asked = True
        self._reset_result()

    def _reset_result(self) -> None:
        self.state.extra = 0
        self.state.shown = []

    # ------------------------------------------------------------------------------------------ results

    def _result(self) -> list[Event]:
        return [self._guide() if self.mode == "coach" else self._prompts(), self._prompt()]

    def _guide(self) -> GuideShown:
        from assistant.generators.coach import coach_guide

        state = self.state
        assert state.driver is not None
        guide = coach_guide(self.retriever, state.driver, state.stage, state.context, today=self.today)
        state.shown = [item.text for section in guide.sections for item in section.items]
        state.sources = guide.citations
        return GuideShown(guide=guide)

    def _prompts(self, n: int | None = None) -> PromptsShown:
        from assistant.generators.reflect import reflection_prompts

        state = self.state
        assert state.driver is not None
        result = reflection_prompts(
            self.retriever, state.driver, state.stage, state.context, n or state.n, seed=state.seed
        )
        state.seed = result.seed
        state.shown = [prompt.text for prompt in result.prompts]
        state.sources = [prompt.citation for prompt in result.prompts]
        return PromptsShown(prompts=result)

    def _more(self) -> list[Event]:
        state = self.state
        if state.driver is None or not state.shown:
            return [notice("nothing_yet", "There is nothing to add to yet."), self._prompt()]
        return [self._more_guide() if self.mode == "coach" else self._more_prompts(), self._prompt()]

    def _more_guide(self) -> Event:
        from assistant.generators.coach import coach_guide

        state = self.state
        assert state.driver is not None
        before = set(state.shown)
        extra = state.extra + 3
        guide = coach_guide(self.retriever, state.driver, state.stage, state.context, today=self.today, extra=extra)
        sections = [
            GuideSection(key=section.key, title=section.title, items=new)
            for section in guide.sections
            if (new := [item for item in section.items if item.text not in before])
        ]
        if not sections:
            return notice(
                "no_more", "That is everything the guidance suggests for this context; type a new context to change it."
            )
        state.extra = extra
        state.shown = [item.text for section in guide.sections for item in section.items]
        state.sources = guide.citations
        return GuideMore(sections=sections)

    def _more_prompts(self) -> Event:
        from assistant.generators.reflect import load_phrasing, reflection_prompts

        state = self.state
        assert state.driver is not None
        phrasing = load_phrasing()
        limit = phrasing.limits.max_n
        current = len(state.shown)
        if current >= limit:
            return notice("set_full", f"A set holds at most {limit} prompts; /new gives a different set.")
        wanted = min(limit, current + (state.n or phrasing.limits.default_n))
        try:
            result = reflection_prompts(
                self.retriever, state.driver, state.stage, state.context, wanted, seed=state.seed
            )
        except InputError:
            return notice(
                "no_more", "The guidance holds no more distinct prompts for this request; /new gives a different set."
            )
        before = set(state.shown)
        new = [prompt for prompt in result.prompts if prompt.text not in before]
        state.shown = [prompt.text for prompt in result.prompts]
        state.sources = [prompt.citation for prompt in result.prompts]
        return PromptsMore(first=current + 1, prompts=new)

    # ------------------------------------------------------------------------------------------ commands

    def _command(self, text: str) -> Reply:
        name, _, rest = text.partition(" ")
        name, rest = name.lower(), rest.strip()
        state = self.state
        if name == "/help":
            return Reply.of(Help(mode=self.mode), self._prompt())
        if name == "/done":
            state.phase = "done"
            return Reply.of(notice("finished", "Finished."), Done(), done=True)
        if name == "/why":
            return Reply.of(self._why(), self._prompt())
        if name == "/more":
            return Reply.of(*self._more())
        if name == "/skip":
            return Reply.of(*self._skip())
        if name == "/driver":
            if not rest:
                raise InputError("Name the driver after /driver, for example /driver coaching.")
            self._set_driver(rest)
            return Reply.of(*self._advance())
        if name == "/stage":
            if not rest:
                raise InputError("Name the stage after /stage, for example /stage installation, or /stage none.")
            state.stage = None if rest.lower() in {"none", "any", "all"} else resolve_stage(rest)
            state.stage_asked = True
            self._reset_result()
            return Reply.of(*self._advance())
        if name == "/new":
            if self.mode != "reflect" or state.driver is None:
                return Reply.of(
                    notice("new_reflect_only", "/new gives another set of reflection prompts."), self._prompt()
                )
            count = len(state.shown) or None
            state.seed = (state.seed or 0) + 1
            self._reset_result()
            state.phase = "ready"
            return Reply.of(self._prompts(count), self._prompt())
        unknown = f"Unknown command {name[:30]}. Commands: {', '.join(COMMANDS)}."
        return Reply.of(notice("unknown_command", unknown, level="error"), self._prompt())

    def _skip(self) -> list[Event]:
        state = self.state
        if state.phase == "stage":
            state.stage, state.stage_asked = None, True
            return self._advance()
        if state.phase == "context":
            state.context, state.context_asked = None, True
            return self._advance()
        return [notice("nothing_to_skip", "There is nothing to skip here."), self._prompt()]

    def _why(self) -> Sources:
        passages: list[Citation] = []
        seen: set[str] = set()
        for citation in self.state.sources:
            if citation.id in seen:
                continue
            seen.add(citation.id)
            passage = self.retriever.passage(citation.id)
            body = passage.text if passage is not None else citation.quote
            passages.append(citation.model_copy(update={"quote": body}))
        return Sources(passages=passages, behind="result")


__all__ = ["CoachConversation", "CoachState"]
