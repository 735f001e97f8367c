"""The words of the coach and reflect chats' events, as a terminal shows them (see `render_text`)."""

from __future__ import annotations

from collections.abc import Callable

from assistant.dialogue.events import GuideMore, GuidePrompt, GuideShown, PromptsMore, PromptsShown
from assistant.knowledge.curated import driver_name, stages
from assistant.models import Driver

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


# The lines that head what "more" adds, in the terminal and on the web page.
GUIDE_MORE = "More from the guidance:"
PROMPTS_MORE = "More prompts:"


def _prompt(event: GuidePrompt) -> list[str]:
    coach = event.mode == "coach"
    if event.step == "driver":
        names = ", ".join(driver_name(d) for d in Driver)
        what = "the coaching conversation" if coach else "the training session"
        return [f"Which driver is {what} about? Name one: {names}."]
    if event.step == "stage":
        options = "\n".join(f"  - {s.name}: {s.meaning.split('.')[0].split('?')[0]}" for s in stages())
        return [f"Which implementation stage is this for? (or /skip for any stage)\n{options}"]
    if event.step == "context":
        if coach:
            return [
                "Who are you coaching, and what did you see? Mention the role, what you observed and the data "
                "at hand (for example: 'new 3rd grade teacher, walkthrough showed pacing struggles'), or /skip "
                "for a general guide."
            ]
        return ["Who are the prompts for? (for example: new teachers, coaches, school leaders) — or /skip."]
    if event.step == "done":
        return ["Finished. Type a new context, audience or /driver to start again."]
    if coach:
        return ['Type a new context to redo the guide, "more" for further suggestions, /why for the sources, /done.']
    return ['Type a new audience to redo the prompts, "more" to add prompts, /new for another set, /why, /done.']


def _guide(event: GuideShown) -> list[str]:
    from assistant.export.guide import guide_text

    return [guide_text(event.guide)]


def _guide_more(event: GuideMore) -> list[str]:
    lines = [GUIDE_MORE]
    for section in event.sections:
        lines.append(section.title.upper())
        lines += [f"  • {item.text} [{item.citation.section}]" for item in section.items]
    return ["\n".join(lines)]


def _prompts(event: PromptsShown) -> list[str]:
    from assistant.export.guide import prompts_text

    return [prompts_text(event.prompts)]


def _prompts_more(event: PromptsMore) -> list[str]:
    lines = [PROMPTS_MORE]
    lines += [
        f"  {event.first + i}. ({prompt.timing} · {prompt.level}) {prompt.text}"
        for i, prompt in enumerate(event.prompts)
    ]
    return ["\n".join(lines)]


RENDERERS: dict[type, Callable[..., list[str]]] = {
    GuidePrompt: _prompt,
    GuideShown: _guide,
    GuideMore: _guide_more,
    PromptsShown: _prompts,
    PromptsMore: _prompts_more,
}
