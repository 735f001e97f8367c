"""Coach and reflect modes of the chat (PRODUCT §3): ask for what is missing, then give the guide or the prompts.

The conversation asks for the driver, the stage and the context (coach) or the audience (reflect) when they were
not given, then shows the result. Afterwards a new context or audience redoes it, "more" adds to it, and
/why shows the passages behind it. Commands work at any point.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from assistant.dialogue.plan_mode import Reply
from assistant.dialogue.session import Session
from assistant.dialogue.state import CoachState
from assistant.errors import InputError
from assistant.knowledge.citations import citation_label
from assistant.knowledge.curated import driver_name, parse_drivers, resolve_stage, stages
from assistant.knowledge.text import clean_input
from assistant.models import Driver, Stage
from assistant.retrieval.retriever import Retriever

Mode = Literal["coach", "reflect"]
MAX_MESSAGE_CHARS = 2000
MORE_WORDS = {"more", "/more", "more please", "more prompts", "show more", "next", "another", "others"}
COMMANDS = ("/driver", "/stage", "/new", "/why", "/done", "/help")
HELP = {
    "coach": """Commands you can type at any point:
  /driver D  change the driver (any name: coaching, data systems, …)
  /stage S   change the stage, or /stage none
  /why       show the passages behind the guide
  /done      finish
  /help      this list
Once the guide is shown, type a new context (who, what you observed, the data at hand) to redo it,
or "more" to see what else the guidance suggests.""",
    "reflect": """Commands you can type at any point:
  /driver D  change the driver (any name: coaching, data systems, …)
  /stage S   change the stage, or /stage none
  /new       a different set of prompts for the same request
  /why       show the passages behind the prompts
  /done      finish
  /help      this list
Once the prompts are shown, type a new audience (for example "coaches") to redo them, or "more" to add prompts.""",
}


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

    def start(self) -> str:
        """The first question, or the result straight away when everything was given."""
        try:
            text = self._advance()
        except InputError as exc:
            text = f"{exc}\n\n{self._prompt()}"
        self._save()
        return text

    def reply(self, message: str) -> Reply:
        text = clean_input(message)
        if len(text) > MAX_MESSAGE_CHARS:
            return Reply(f"That message is {len(text):,} characters long; keep it under {MAX_MESSAGE_CHARS:,}.")
        if not text:
            return Reply("Type an answer, or /help to see the commands.\n\n" + self._prompt())
        try:
            out = self._command(text) if text.startswith("/") else self._answer(text)
        except InputError as exc:
            out = Reply(f"{exc}\n\n{self._prompt()}")
        self._save()
        return out

    # ------------------------------------------------------------------------------------------ prompts

    def _prompt(self) -> str:
        state = self.state
        if state.phase == "driver":
            names = ", ".join(driver_name(d) for d in Driver)
            what = "the coaching conversation" if self.mode == "coach" else "the training session"
            return f"Which driver is {what} about? Name one: {names}."
        if state.phase == "stage":
            options = "\n".join(f"  - {s.name}: {s.meaning.split('.')[0].split('?')[0]}" for s in stages())
            return f"Which implementation stage is this for? (or /skip for any stage)\n{options}"
        if state.phase == "context":
            if self.mode == "coach":
                return (
                    "Who are you coaching, and what did you see? Mention the role, what you observed and the data "
                    "at hand (for example: 'new 3rd grade teacher, walkthrough showed pacing struggles'), or /skip "
                    "for a general guide."
                )
            return "Who are the prompts for? (for example: new teachers, coaches, school leaders) — or /skip."
        if state.phase == "done":
            return "Finished. Type a new context, audience or /driver to start again."
        if self.mode == "coach":
            return 'Type a new context to redo the guide, "more" for further suggestions, /why for the sources, /done.'
        return 'Type a new audience to redo the prompts, "more" to add prompts, /new for another set, /why, /done.'

    def _advance(self) -> str:
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
        return self._prompt()

    # ------------------------------------------------------------------------------------------ answers

    def _answer(self, text: str) -> Reply:
        state = self.state
        if state.phase == "driver":
            self._set_driver(text)
            return Reply(self._advance())
        if state.phase == "stage":
            state.stage = resolve_stage(text)
            state.stage_asked = True
            return Reply(self._advance())
        if state.phase == "context":
            self._set_context(text)
            return Reply(self._advance())
        if text.lower().strip(" .!") in MORE_WORDS:
            return Reply(self._more())
        # Anything else after a result is a new context (coach) or audience (reflect): the result is redone.
        self._set_context(text)
        state.phase = "ready"
        return Reply(self._result())

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

    def _result(self) -> str:
        return self._guide() if self.mode == "coach" else self._prompts()

    def _guide(self, extra: int = 0) -> str:
        from assistant.export.guide import guide_text
        from assistant.generators.coach import coach_guide

        state = self.state
        assert state.driver is not None
        guide = coach_guide(self.retriever, state.driver, state.stage, state.context, today=self.today, extra=extra)
        state.shown = [item.text for section in guide.sections for item in section.items]
        state.sources = guide.citations
        return f"{guide_text(guide)}\n\n{self._prompt()}"

    def _prompts(self, n: int | None = None) -> str:
        from assistant.export.guide import prompts_text
        from assistant.generators.reflect import reflection_prompts

        state = self.state
        assert state.driver is not None
        result = reflection_prompts(
            self.retriever, state.driver, state.stage, state.context, n or state.n, seed=state.seed
        )
        state.seed = result.seed
        state.shown = [prompt.text for prompt in result.prompts]
        state.sources = [prompt.citation for prompt in result.prompts]
        return f"{prompts_text(result)}\n\n{self._prompt()}"

    def _more(self) -> str:
        state = self.state
        if state.driver is None or not state.shown:
            return "There is nothing to add to yet.\n\n" + self._prompt()
        if self.mode == "coach":
            return self._more_guide()
        return self._more_prompts()

    def _more_guide(self) -> str:
        from assistant.generators.coach import coach_guide

        state = self.state
        assert state.driver is not None
        before = set(state.shown)
        extra = state.extra + 3
        guide = coach_guide(self.retriever, state.driver, state.stage, state.context, today=self.today, extra=extra)
        lines = []
        for section in guide.sections:
            new = [item for item in section.items if item.text not in before]
            if new:
                lines.append(section.title.upper())
                lines += [f"  • {item.text} [{item.citation.section}]" for item in new]
        if not lines:
            return "That is everything the guidance suggests for this context; type a new context to change it.\n\n" + (
                self._prompt()
            )
        state.extra = extra
        state.shown = [item.text for section in guide.sections for item in section.items]
        state.sources = guide.citations
        return "More from the guidance:\n" + "\n".join(lines) + "\n\n" + self._prompt()

    def _more_prompts(self) -> str:
        from assistant.generators.reflect import load_phrasing, reflection_prompts

        state = self.state
        assert state.driver is not None
        phrasing = load_phrasing()
        limit = phrasing.limits.max_n
        current = len(state.shown)
        if current >= limit:
            return f"A set holds at most {limit} prompts; /new gives a different set.\n\n" + self._prompt()
        wanted = min(limit, current + (state.n or phrasing.limits.default_n))
        try:
            result = reflection_prompts(
                self.retriever, state.driver, state.stage, state.context, wanted, seed=state.seed
            )
        except InputError:
            return "The guidance holds no more distinct prompts for this request; /new gives a different set.\n\n" + (
                self._prompt()
            )
        before = set(state.shown)
        new = [prompt for prompt in result.prompts if prompt.text not in before]
        state.shown = [prompt.text for prompt in result.prompts]
        state.sources = [prompt.citation for prompt in result.prompts]
        lines = [
            f"  {current + i}. ({prompt.timing} · {prompt.level}) {prompt.text}" for i, prompt in enumerate(new, 1)
        ]
        return "More prompts:\n" + "\n".join(lines) + "\n\n" + self._prompt()

    # ------------------------------------------------------------------------------------------ commands

    def _command(self, text: str) -> Reply:
        name, _, rest = text.partition(" ")
        name, rest = name.lower(), rest.strip()
        state = self.state
        if name == "/help":
            return Reply(HELP[self.mode] + "\n\n" + self._prompt())
        if name == "/done":
            state.phase = "done"
            return Reply("Finished.", done=True)
        if name == "/why":
            return Reply(self._why() + "\n\n" + self._prompt())
        if name == "/more":
            return Reply(self._more())
        if name == "/skip":
            return Reply(self._skip())
        if name == "/driver":
            if not rest:
                raise InputError("Name the driver after /driver, for example /driver coaching.")
            self._set_driver(rest)
            return Reply(self._advance())
        if name == "/stage":
            if not rest:
                raise InputError("Name the stage after /stage, for example /stage installation, or /stage none.")
            state.stage = None if rest.lower() in {"none", "any", "all"} else resolve_stage(rest)
            state.stage_asked = True
            self._reset_result()
            return Reply(self._advance())
        if name == "/new":
            if self.mode != "reflect" or state.driver is None:
                return Reply("/new gives another set of reflection prompts.\n\n" + self._prompt())
            count = len(state.shown) or None
            state.seed = (state.seed or 0) + 1
            self._reset_result()
            state.phase = "ready"
            return Reply(self._prompts(count))
        return Reply(f"Unknown command {name[:30]}. Commands: {', '.join(COMMANDS)}.\n\n{self._prompt()}")

    def _skip(self) -> str:
        state = self.state
        if state.phase == "stage":
            state.stage, state.stage_asked = None, True
            return self._advance()
        if state.phase == "context":
            state.context, state.context_asked = None, True
            return self._advance()
        return "There is nothing to skip here.\n\n" + self._prompt()

    def _why(self) -> str:
        if not self.state.sources:
            return "Nothing has been shown yet; the sources appear with the guide or the prompts."
        lines = ["The passages behind what was shown:"]
        seen: set[str] = set()
        for citation in self.state.sources:
            if citation.id in seen:
                continue
            seen.add(citation.id)
            passage = self.retriever.passage(citation.id)
            lines.append(f"[{len(seen)}] {citation_label(citation)}")
            body = passage.text if passage is not None else citation.quote
            lines.append("    " + body.replace("\n", "\n    "))
        return "\n".join(lines)


__all__ = ["CoachConversation", "CoachState"]
