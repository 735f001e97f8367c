"""The words of a conversation's events, as a terminal shows them (the coach and reflect chats' in `render_guide`).

Each event becomes pieces: text, and the citations in it as `Citation` records. `render` joins them into the
reply's text ("[document › section]" for a citation); the web UI takes the same pieces and makes each citation an
expander over its passage, so the wording lives here once and no front end reads citations back out of text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from assistant.dialogue.events import (
    ActionRecorded,
    ActionsSplit,
    Answer,
    EquityNote,
    Event,
    FollowUp,
    FollowUpFilled,
    GapNoted,
    Help,
    LeftOpen,
    Notice,
    PlanShown,
    Question,
    ReadinessDone,
    ReadinessQuestion,
    SetupQuestion,
    SetupRecorded,
    Sources,
    Summary,
    Welcome,
)
from assistant.dialogue.render_guide import HELP as GUIDE_HELP
from assistant.dialogue.render_guide import RENDERERS as GUIDE_RENDERERS
from assistant.knowledge.citations import citation_label
from assistant.knowledge.curated import driver_name, stage_name, stages
from assistant.models import Citation, Driver
from assistant.planning.status import rhythm_of


@dataclass(frozen=True)
class Ref:
    """A citation named in a list ("section — source"), not in brackets after a quote."""

    citation: Citation


Piece = str | Citation | Ref
EDITABLE = ("description", "owner", "start", "due", "recurrence", "resources", "measures", "status")
HELP = """Commands you can type at any point:
  /skip      leave this question (or the missing owner/date) and move on
  /back      return to the previous question; a new answer replaces the action it gave
  /plan      show the plan so far
  /why       show the sources behind the last hint
  /edit N    show action N; /edit N FIELD VALUE changes it (fields: description, owner, start, due,
             recurrence, resources, measures, status)
  /join      undo the split of the last answer: its actions become one again
  /record    add the last answer I took for a question as work for the plan
  /readiness rate this driver's tip-sheet considerations; every gap becomes a suggested action
  /more      add this driver's questions from the other stages
  /done      finish and see the summary
  /help      this list
Anything else is your answer to the question on screen."""


def cite(citation: Citation) -> str:
    """A citation after a quote: "[Drivers Best Practices Tip Sheets › Coaching › …]", the document named once."""
    return f"[{citation_label(citation)}]"


def render(events: Sequence[Event]) -> str:
    """The reply as text: each event's words, citations written "[document › section]"."""
    return "".join(text_of(piece) for piece in pieces(events))


def text_of(piece: Piece) -> str:
    if isinstance(piece, Ref):
        return citation_label(piece.citation)
    return piece if isinstance(piece, str) else cite(piece)


def pieces(events: Sequence[Event]) -> list[Piece]:
    """The reply's words and citations in order, the events separated as a reply lays them out."""
    out: list[Piece] = []
    previous: Event | None = None
    for event in events:
        own = event_pieces(event)
        if not own:
            continue
        if previous is not None:
            out.append("\n" if same_block(previous, event) else "\n\n")
        out += own
        previous = event
    return out


def same_block(previous: Event, event: Event) -> bool:
    # The actions one answer gave are listed line after line, under the line that says it was split.
    listed = isinstance(event, ActionRecorded) and event.verb in {"recorded", "replaced"}
    return listed and isinstance(previous, ActionsSplit | ActionRecorded)


def event_pieces(event: Event) -> list[Piece]:
    render_one = _RENDERERS.get(type(event))
    return list(render_one(event)) if render_one is not None else []


# ------------------------------------------------------------------------------------------------ prompts


def _setup(event: SetupQuestion) -> list[Piece]:
    if event.step == "initiative":
        return [
            "Let's draft your Continuous Improvement Plan. What initiative or practice is this plan for? "
            "(for example: 'Structured literacy in grades K-3')"
        ]
    if event.step == "school":
        return [
            "Which school or district is this plan for, and which team is writing it? (for example: "
            "'Lincoln Elementary, 3rd grade team') — or /skip."
        ]
    if event.step == "team":
        return ["And which team is writing it? (for example: 'the climate team') — or /skip."]
    if event.step == "drivers":
        names = ", ".join(driver_name(d) for d in Driver)
        return [f"Which implementation drivers will you plan for? Name one or more: {names}."]
    if event.step == "stage":
        options = "\n".join(f"  - {s.name}: {s.meaning.split('.')[0].split('?')[0]}" for s in stages())
        return [f"Which implementation stage are you at?\n{options}"]
    return ["The plan is complete. /plan shows it, /edit N changes an action, /back reopens the last question."]


def _question(event: Question) -> list[Piece]:
    stage_label = "another stage" if event.other_stage else stage_name(event.stage)
    out: list[Piece] = [
        f"{driver_name(event.driver)} · question {event.number} of {event.of} ({stage_label}):\n{event.text}"
    ]
    if event.hint is not None:
        out += [f"\nHint — best practice: “{event.hint.quote}” ", event.hint.citation]
    if event.answered_as is not None:
        out.append(f"\n(You answered this before as action {event.answered_as}; a new answer replaces it.)")
    out.append("\nAnswer with what your team will do, who will own it and by when, or /skip.")
    if event.readiness_for:
        names = ", ".join(driver_name(d) for d in event.readiness_for)
        out.append(f"\n(Optional: /readiness starts a quick readiness check for {names}; gaps become actions.)")
    return out


def _followup(event: FollowUp) -> list[Piece]:
    label = f"Action {event.action} ({_short(event.description)}): " if event.description is not None else ""
    if event.guessed_owner:
        read = f"{label}I read the owner as {event.guessed_owner}, but I am not sure."
        if "due" in event.missing:
            return [
                f"{read} Is that right, and by when? (for example: 'yes, by March 3' or 'Ms. Kim, by March 3'; "
                "/skip leaves both open)"
            ]
        return [f"{read} Is that right? Type 'yes', another name, or /skip to leave the owner open."]
    if event.guessed:
        shown = event.guessed_due.isoformat() if event.guessed_due else "open"
        if event.guessed_due and (event.guessed_due.month, event.guessed_due.day) != (2, 29):
            # a day that passed this school year, read as the same day a year on
            shown += f", a year on, since {event.guessed_due.replace(year=event.guessed_due.year - 1)} has passed"
        return [
            f"{label}I read the due date as {shown}, but I am not sure. Is that right? Type a date, 'yes' to keep "
            "it, or /skip to leave it open."
        ]
    if event.missing == ["owner", "due"] and event.recurring:
        ask = "Who will own this, and until when does it run? (for example: 'Dana Reyes, through May')"
    elif event.missing == ["owner", "due"]:
        ask = "Who will own this, and by when? (for example: 'Dana Reyes, instructional coach, by January 29')"
    elif event.missing == ["owner"]:
        ask = "Who will own this action? (a name and/or a role, for example 'the principal')"
    elif event.recurring:
        ask = "Until when does it run? (a date, 'through May' or 'to the end of the school year')"
    else:
        ask = "By when? (a date such as 2027-01-29, 'by March 15' or 'by the end of the semester')"
    return [f"{label}{ask} — or /skip to leave it open."]


def _readiness(event: ReadinessQuestion) -> list[Piece]:
    return [
        f"Readiness · {driver_name(event.driver)} · {event.number} of {event.of}:\n"
        f"“{event.consideration}”\nIs this in place, partially in place, or not in place?"
    ]


# ------------------------------------------------------------------------------------------------ outcomes


def _setup_recorded(event: SetupRecorded) -> list[Piece]:
    if event.step == "initiative":
        return [f"Initiative: {event.initiative}."]
    if event.step == "drivers":
        return [f"Drivers: {', '.join(driver_name(d) for d in event.drivers)}."]
    if event.step == "stage":
        return [f"Stage: {stage_name(event.stage)}."]
    said = [
        f"School / district: {event.school}" if event.school else "",
        f"Team: {event.team}" if event.team else "",
    ]
    return [(" · ".join(p for p in said if p) or "No school or team set (the plan's header stays blank)") + "."]


def equity_line(note: EquityNote) -> str:
    line = f"equity: {note.met} met, {note.attention} need attention"
    if note.attention:
        line += " — worth a look: " + "; ".join(note.worth_a_look)
        if note.attention > len(note.worth_a_look):
            line += f" (+{note.attention - len(note.worth_a_look)} more in the plan's equity review)"
    return line


_HEADS = {
    "recorded": "Recorded action",
    "replaced": "Replaced action",
    "updated": "Updated action",
    "shown": "Action",
    "joined": "Action",
}
_WANTS = {
    "measures": "a measure of success (the practice calls for data or review)",
    "resources": "the time and resources it needs",
}


def _action(event: ActionRecorded) -> list[Piece]:
    action = event.action
    head = f"{_HEADS[event.verb]} {action.number}: {action.description}"
    owner = None
    if action.owner:
        role = action.owner_role
        owner = action.owner + (f" ({role})" if role and role not in action.owner else "")
        owner += " (not sure: asked below)" if event.sources.get("owner") == "guessed" else ""
    details = [f"owner: {owner or 'not yet'}"]
    if action.start:
        details.append(f"start: {action.start.isoformat()}")
    due = action.due.isoformat() if action.due else "not yet"
    if action.due and event.date_phrase:
        due += f" (from “{event.date_phrase}”)"
    details.append(f"due: {due}")
    if action.recurrence:
        details.append(f"repeats: {action.recurrence}")
    lines = [head, "  " + " · ".join(details)]
    if action.resources:
        lines.append(f"  resources: {'; '.join(action.resources)}")
    if action.measures:
        lines.append(f"  measures: {'; '.join(action.measures)}")
    lines += [f"  (read {note})" for note in event.understood]
    if event.unparsed_date:
        lines.append(f"  (“{event.unparsed_date}” gives no day I can write down, so the date stays open.)")
    if action.note and action.note != action.description:
        lines.append(f"  your words: “{action.note[:300]}”")
    lines.append("  " + equity_line(event.equity))
    if event.verb == "joined":
        lines.insert(0, "Joined into one action:")
    if event.verb == "shown":
        lines.append(f"  Change a field with /edit {action.number} FIELD VALUE; fields: {', '.join(EDITABLE)}.")
    if event.could_add:
        wants = " and ".join(_WANTS[w] for w in event.could_add)
        lines.append(f"  You could add {wants}: /edit {action.number} measures … or resources …")
    return ["\n".join(lines)]


def _split(event: ActionsSplit) -> list[Piece]:
    return [f"I read {event.count} actions in that answer (/join makes them one again):"]


_FILLED = {
    "due_kept": "due {} kept",
    "owner_kept": "owner {} kept",
    "due": "due {}",
    "start": "start {}",
    "recurrence": "repeats {}",
    "owner": "owner {}",
}


def _filled(event: FollowUpFilled) -> list[Piece]:
    n = event.action
    notes = [_FILLED.get(field, field + " {}").format(value) for field, value in event.filled]
    if notes:
        text = f"Action {n} updated: {', '.join(notes)}."
    elif event.unread:
        text = f"Action {n} kept as is; I could not read an owner or a date in that (your words are kept in its note)."
    else:
        text = f"Action {n} kept as is."
    if event.left_open:
        text += f" Left open: {', '.join(event.left_open)} (/edit {n} can fill it later)."
    return [text]


def _left_open(event: LeftOpen) -> list[Piece]:
    return [f"Left open on action {event.action} (/edit {event.action} can fill it later)."]


def _gap(event: GapNoted) -> list[Piece]:
    return [f"Gap noted → suggested action {event.action}: {event.description}"]


def _readiness_done(event: ReadinessDone) -> list[Piece]:
    s = "s" if event.gaps != 1 else ""
    return [f"Readiness check for {driver_name(event.driver)} done: {event.gaps} gap{s}."]


def _answer(event: Answer) -> list[Piece]:
    if event.reason == "unsure":
        out: list[Piece] = [
            "That's fine — nothing is recorded yet. Here is what the guidance suggests for this question:"
        ]
    else:
        out = ["Good question. From the guidance:"]
    if event.answer is not None:
        out.append(f"\n{event.answer}")
        for n, citation in enumerate(event.citations, start=1):
            out += [f"\n  [{n}] ", Ref(citation)]
    elif event.hint is not None:
        out += [f"\n“{event.hint.quote}” ", event.hint.citation]
    else:
        out.append("\nThe guidance has nothing specific on that; your team can decide and note it.")
    out.append("\nNothing was added to the plan; the question is still open (/record adds your answer as work).")
    return out


def _notice(event: Notice) -> list[Piece]:
    return [f"({event.text})" if event.level == "model" else event.text]


def _due(day: date | None, missing: str) -> str:
    return day.isoformat() if day else missing


def plan_lines(event: PlanShown) -> list[Piece]:
    lines = [
        f"Plan '{event.session}': {event.initiative or '(no initiative yet)'}",
        f"Stage: {stage_name(event.stage)} · Drivers: "
        f"{', '.join(driver_name(d) for d in event.drivers) or 'none yet'} · School year {event.school_year}",
    ]
    if not event.actions:
        lines.append("No actions yet.")
    for row in event.actions:
        repeat = f", {row.recurrence}" if row.recurrence else ""
        # Recurring work left without an end is ongoing on purpose, as the exports say it.
        rhythm = rhythm_of(row.recurrence)
        when = f"ongoing — {rhythm}" if row.due is None and rhythm else f"due {_due(row.due, '⚠ no due date')}{repeat}"
        lines.append(f"{row.number}. [{driver_name(row.driver)}] {row.description}")
        lines.append(f"   {row.owner or '⚠ owner not set'} · {when} · {equity_line(row.equity)}")
    return ["\n".join(lines)]


def _summary(event: Summary) -> list[Piece]:
    head = "That was the last question. Here is your plan." if event.last_question else "Here is your plan."
    out: list[Piece] = [head, "\n\n", *plan_lines(event.plan)]
    if event.attention:
        out.append("\n\nEquity checks that need attention across the plan:")
        for item in event.attention:
            s = "s" if len(item.actions) > 1 else ""
            out.append(f"\n- {item.title}: action{s} {', '.join(map(str, item.actions))}")
            if item.practice is not None:
                out += [f"\n  practice: “{item.practice.quote}” ", item.practice]
    if event.open_actions:
        numbers = ", ".join(map(str, event.open_actions))
        out.append(f"\n\nActions still missing an owner or a date: {numbers} (/edit N).")
    out.append(f"\n\nExport it with: cip-assistant plan export {event.plan.session} --format docx --out plan.docx")
    return out


def _sources(event: Sources) -> list[Piece]:
    result = event.behind == "result"
    if not event.passages:
        if result:
            return ["Nothing has been shown yet; the sources appear with the guide or the prompts."]
        return ["There is no hint on screen yet; the sources appear with each guiding question."]
    lines = ["The passages behind what was shown:" if result else "The sources behind the last hint:"]
    for n, passage in enumerate(event.passages, start=1):
        lines.append(f"[{n}] {citation_label(passage)}")
        lines.append("    " + passage.quote.replace("\n", "\n    "))
    return ["\n".join(lines)]


def _welcome(event: Welcome) -> list[Piece]:
    if not event.resumed:
        return [f"Plan '{event.session}' for {event.initiative or 'your initiative'}."]
    where = {
        "questions": "You were on the guiding questions.",
        "followup": "I was asking about the last action.",
        "readiness": "You were in the readiness check.",
        "done": "The plan was finished.",
    }.get(event.phase, "")
    s = "s" if event.actions != 1 else ""
    return [f"Welcome back to '{event.session}'. " + f"The plan has {event.actions} action{s}. {where}".strip()]


_RENDERERS: dict[type, Callable[..., Sequence[Piece]]] = {
    SetupQuestion: _setup,
    Question: _question,
    FollowUp: _followup,
    ReadinessQuestion: _readiness,
    SetupRecorded: _setup_recorded,
    ActionsSplit: _split,
    ActionRecorded: _action,
    FollowUpFilled: _filled,
    LeftOpen: _left_open,
    GapNoted: _gap,
    ReadinessDone: _readiness_done,
    Answer: _answer,
    Notice: _notice,
    PlanShown: plan_lines,
    Summary: _summary,
    Sources: _sources,
    Help: lambda event: [HELP if event.mode == "plan" else GUIDE_HELP[event.mode]],
    Welcome: _welcome,
    **GUIDE_RENDERERS,
}


def _short(text: str, limit: int = 60) -> str:
    """At most `limit` characters, ending on a whole word with "…" when cut: "…for anyone hired", not "…hire"."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return f"{cut}…"
