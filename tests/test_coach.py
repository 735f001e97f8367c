"""Coach prep: the conversation guide a supervisor takes into the room, its exports, and the chat's coach mode."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

import docx
import pytest
import yaml

from assistant.dialogue.coach_mode import CoachConversation
from assistant.dialogue.events import Done, GuideMore, GuidePrompt, GuideShown, Help, Notice, Sources
from assistant.dialogue.session import Session
from assistant.dialogue.state import CoachState
from assistant.errors import InputError
from assistant.export.guide import export_guide, guide_text, render_guide
from assistant.generators.coach import (
    PROMPTS_DIR,
    CoachPhrasing,
    coach_guide,
    load_phrasing,
    read_context,
)
from assistant.models import ActionPlan, CoachGuide, Driver, PassageKind, Stage
from assistant.retrieval.retriever import Retriever

TODAY = date(2026, 9, 14)
NEW_TEACHER = "new 3rd grade teacher, walkthrough showed pacing struggles"
VETERAN = (
    "veteran 5th grade teacher with 15 years; strong rapport with students; fidelity checklist and student work "
    "at hand; several English learners"
)
SECTIONS = [
    "Purpose and goal",
    "What to bring",
    "Opening and listening questions (Lean In)",
    "Strengths to affirm (Lift Up)",
    "Agreements, follow-through and feedback loop (Connect)",
    "Cultural responsiveness and partner perspective (Culture)",
    "Next steps with dates",
]


@pytest.fixture(scope="module")
def phrasing() -> CoachPhrasing:
    return load_phrasing()


def guide(
    retriever: Retriever, context: str | None = None, driver: Driver = Driver.coaching, **kw: object
) -> CoachGuide:
    return coach_guide(retriever, driver, context=context, today=TODAY, **kw)  # type: ignore[arg-type]


def section(g: CoachGuide, key: str) -> list[str]:
    return [item.text for item in next(s for s in g.sections if s.key == key).items]


def cited(g: CoachGuide, key: str) -> set[str]:
    return {item.citation.id for item in next(s for s in g.sections if s.key == key).items}


def assert_grounded(g: CoachGuide, retriever: Retriever) -> None:
    for s in g.sections:
        for item in s.items:
            passage = retriever.passage(item.citation.id)
            assert passage is not None, item.citation
            assert item.citation.quote and item.citation.quote in passage.text, (item.text, item.citation.quote)
            assert (item.citation.source, item.citation.section) == (passage.source, passage.section)


# ------------------------------------------------------------------------------------------------ the guide


@pytest.mark.parametrize("driver", list(Driver))
@pytest.mark.parametrize("stage", [None, *Stage])
def test_every_section_is_there_and_every_item_is_grounded(
    retriever: Retriever, driver: Driver, stage: Stage | None
) -> None:
    g = coach_guide(retriever, driver, stage, NEW_TEACHER, today=TODAY)
    assert [s.title for s in g.sections] == SECTIONS
    for s in g.sections:
        assert s.items, f"{s.title} is empty for {driver.value}/{stage}"
    assert_grounded(g, retriever)


def test_the_citation_list_holds_every_item_source_once(retriever: Retriever) -> None:
    g = guide(retriever, VETERAN)
    used = {(item.citation.id, item.citation.quote) for s in g.sections for item in s.items}
    listed = [(c.id, c.quote) for c in g.citations]
    assert set(listed) == used and len(listed) == len(set(listed))


def test_what_to_bring_follows_the_coaching_best_practice(retriever: Retriever) -> None:
    g = guide(retriever, NEW_TEACHER)
    quotes = [item.citation.quote for item in next(s for s in g.sections if s.key == "bring").items]
    assert any("direct observation and at least one other data source" in q for q in quotes)
    # The walkthrough is the direct observation; with nothing else at hand, the guide says to add a second source.
    bring = " ".join(section(g, "bring"))
    assert "walkthrough notes" in bring and "Add a second data source" in bring


def test_a_second_source_at_hand_is_named_and_cited_from_the_list_of_sources(retriever: Retriever) -> None:
    g = guide(retriever, VETERAN)
    bring = next(s for s in g.sections if s.key == "bring").items
    fidelity = next(item for item in bring if "fidelity checklist" in item.text)
    work = next(item for item in bring if "student work" in item.text)
    assert fidelity.citation.quote.startswith("fidelity data")
    assert work.citation.quote.startswith("product or document review")
    assert not any("Add a second data source" in item.text for item in bring)
    # No walkthrough was mentioned: observing comes first.
    assert any(item.text.startswith("No direct observation yet") for item in bring)


def test_the_context_changes_what_is_asked_not_just_a_name(retriever: Retriever) -> None:
    a, b = guide(retriever, NEW_TEACHER), guide(retriever, VETERAN)
    # Culture changes only with equity cues (English learners here); the other sections with everything.
    for key, least in {"bring": 2, "lean_in": 2, "lift_up": 2, "connect": 2, "culture": 1}.items():
        # Replace what each context names, so only a different question set can tell the two apart.
        plain_a = {re.sub(r"pacing|rapport|teacher", "X", t) for t in section(a, key)}
        plain_b = {re.sub(r"pacing|rapport|teacher", "X", t) for t in section(b, key)}
        assert len(plain_a ^ plain_b) >= least, key
    assert cited(a, "lean_in") != cited(b, "lean_in")
    assert cited(a, "lift_up") != cited(b, "lift_up")


def test_an_observed_struggle_becomes_a_listening_question_on_that_topic(retriever: Retriever) -> None:
    g = guide(retriever, NEW_TEACHER)
    lean_in = next(s for s in g.sections if s.key == "lean_in").items
    explore = next(item for item in lean_in if "pacing" in item.text and item.text.startswith("Explore"))
    assert explore.citation.quote.startswith("Explore complaints, events and situations through inquiry")
    assert explore.cue == "hard: pacing"


def test_a_new_teacher_gets_modeling_and_more_affirmation_than_a_veteran(retriever: Retriever) -> None:
    new, veteran = guide(retriever, NEW_TEACHER), guide(retriever, VETERAN)
    assert any("model" in t.lower() for t in section(new, "connect"))
    assert not any("model the hardest part" in t.lower() for t in section(veteran, "connect"))
    assert any(t.startswith("Affirm early attempts") for t in section(new, "lift_up"))
    assert not any(t.startswith("Affirm early attempts") for t in section(veteran, "lift_up"))
    assert any("usual moves" in t for t in section(veteran, "lean_in"))


def test_equity_cues_bring_their_own_questions(retriever: Retriever) -> None:
    plain = guide(retriever, NEW_TEACHER)
    with_els = guide(retriever, NEW_TEACHER + "; half the class are English learners and families ask about it")
    assert not any("English learners" in t for t in section(plain, "culture"))
    culture = section(with_els, "culture")
    assert any("English learners" in t for t in culture) and any("family" in t.lower() for t in culture)
    assert any("share back with families" in t for t in section(with_els, "next_steps"))


def test_next_steps_carry_iso_dates_counted_from_today(retriever: Retriever) -> None:
    g = guide(retriever, NEW_TEACHER)
    steps = next(s for s in g.sections if s.key == "next_steps").items
    assert steps and all(item.due is not None and item.due > TODAY for item in steps)
    for item in steps:
        assert item.due is not None and item.due.isoformat() in item.text
    assert TODAY + timedelta(days=30) in {item.due for item in steps}
    # Someone new gets the model lesson within a week.
    assert any(item.due == TODAY + timedelta(days=7) and "model lesson" in item.text for item in steps)


def test_the_stage_changes_the_purpose(retriever: Retriever) -> None:
    early = guide(retriever, NEW_TEACHER, stage=Stage.installation)
    late = guide(retriever, NEW_TEACHER, stage=Stage.full_implementation)
    assert any(t.startswith("At installation") for t in section(early, "purpose"))
    assert any(t.startswith("At full implementation") for t in section(late, "purpose"))
    assert cited(early, "purpose") != cited(late, "purpose")


def test_another_driver_brings_its_own_guidance(retriever: Retriever) -> None:
    g = guide(retriever, NEW_TEACHER, driver=Driver.fidelity)
    purpose = next(s for s in g.sections if s.key == "purpose").items
    first = retriever.passage(purpose[0].citation.id)
    assert first is not None and first.driver is Driver.fidelity and first.kind is PassageKind.definition
    assert "Implementation & Fidelity Assessment" in purpose[0].text


def test_without_context_the_guide_is_general_and_complete(retriever: Retriever) -> None:
    g = guide(retriever, None)
    assert g.context is None and g.cues == []
    assert all(s.items for s in g.sections)
    assert_grounded(g, retriever)


@pytest.mark.parametrize("context", ["", "   ", "\x1b[31m\x00\n"])
def test_an_empty_context_is_a_clear_error(retriever: Retriever, context: str) -> None:
    with pytest.raises(InputError, match="context is empty"):
        guide(retriever, context)


def test_an_oversized_context_is_a_clear_error(retriever: Retriever) -> None:
    with pytest.raises(InputError, match="characters long"):
        guide(retriever, "pacing " * 1000)


def test_json_follows_the_contract(retriever: Retriever) -> None:
    data = guide(retriever, NEW_TEACHER).model_dump(mode="json")
    assert {"sections", "citations"} <= set(data)
    for s in data["sections"]:
        assert {"title", "items"} <= set(s)
        for item in s["items"]:
            assert {"text", "citation"} <= set(item)
            assert {"id", "source", "section", "quote"} <= set(item["citation"])


# ------------------------------------------------------------------------------------------------ reading the context


@pytest.mark.parametrize(
    ("text", "role", "new", "veteran"),
    [
        (NEW_TEACHER, "teacher", True, False),
        ("first-year paraprofessional in a K class", "paraprofessional", True, False),
        ("experienced instructional coach", "coach", False, True),
        ("assistant principal, 20 years in the district", "principal", False, True),
        ("3rd grade team at the PLC", "team", False, False),
        ("someone on staff", None, False, False),
    ],
)
def test_the_role_and_experience_are_read(
    phrasing: CoachPhrasing, text: str, role: str | None, new: bool, veteran: bool
) -> None:
    cues = read_context(text, phrasing.cues)
    assert (cues.role_key, cues.new, cues.veteran) == (role, new, veteran)


@pytest.mark.parametrize(
    ("text", "struggles", "strengths"),
    [
        (NEW_TEACHER, ["pacing"], []),
        ("strong rapport with students but transitions were slow", ["transitions"], ["rapport"]),
        ("strong rapport and pacing struggles", ["pacing"], ["rapport"]),
        ("students were not engaged during centers", ["student engagement", "centers"], []),
        ("had trouble with getting started on time", ["getting started on time"], []),
        ("fidelity checklist shows low fidelity on small groups", ["small-group instruction"], []),
        ("walkthrough on Tuesday", [], []),
    ],
)
def test_what_was_hard_and_what_went_well_are_read(
    phrasing: CoachPhrasing, text: str, struggles: list[str], strengths: list[str]
) -> None:
    cues = read_context(text, phrasing.cues)
    assert (cues.struggles, cues.strengths) == (struggles, strengths)


def test_data_and_equity_cues_are_read(phrasing: CoachPhrasing) -> None:
    cues = read_context("walkthrough data, exit tickets and a survey; IEPs and ELLs; parents worried", phrasing.cues)
    assert [hit.key for hit in cues.data] == ["observation", "student_work", "survey"]
    assert {key for key, _ in cues.equity} == {"english_learners", "families", "disability"}
    assert {"observation", "other_data", "data:survey", "equity:disability"} <= cues.flags()


# ------------------------------------------------------------------------------------------------ the phrasing file


def _broken_copy(tmp_path: Path, change: dict[str, object]) -> Path:
    data = yaml.safe_load((PROMPTS_DIR / "coach_prep.yaml").read_text(encoding="utf-8"))
    data["sections"][0]["items"][0].update(change)
    path = tmp_path / "coach_prep.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"when": ["newbie"]}, "unknown cues"),
        ({"text": "Hello {nmae}"}, "unknown placeholder"),
        ({"find": None, "query": None}, "has no source"),
        ({"colour": "blue"}, "invalid"),
    ],
)
def test_mistakes_in_the_phrasing_file_are_caught_on_load(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        load_phrasing(_broken_copy(tmp_path, change))


# ------------------------------------------------------------------------------------------------ exports


def test_markdown_has_every_section_numbered_sources_and_quotes(retriever: Retriever) -> None:
    g = guide(retriever, NEW_TEACHER)
    text = render_guide(g, "md").decode("utf-8")
    for title in SECTIONS:
        assert f"## {title}" in text
    assert "## Sources" in text
    for citation in g.citations:
        assert citation.id  # every source is listed with its quote
    assert text.count("   > “") == len(g.citations)
    assert "- [ ] By " in text  # next steps are a checklist


def test_markdown_escapes_what_the_user_typed(retriever: Retriever) -> None:
    g = guide(retriever, "new teacher | <script>alert(1)</script> *pacing* struggles")
    text = render_guide(g, "md").decode("utf-8")
    assert "<script>" not in text and "\\|" in text


def test_word_opens_and_holds_every_section(retriever: Retriever, tmp_path: Path) -> None:
    g = guide(retriever, VETERAN, stage=Stage.initial_implementation)
    out = export_guide(g, "docx", tmp_path / "guide.docx")
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert headings == [*SECTIONS, "Sources"]
    body = "\n".join(p.text for p in document.paragraphs)
    assert "fidelity checklist" in body and "Initial Implementation" in body
    assert docx.Document(io.BytesIO(render_guide(g, "word"))).paragraphs


def test_export_rejects_other_formats_and_missing_folders(retriever: Retriever, tmp_path: Path) -> None:
    g = guide(retriever, NEW_TEACHER)
    with pytest.raises(InputError, match="md or docx"):
        render_guide(g, "pdf")
    with pytest.raises(InputError, match="does not exist"):
        export_guide(g, "md", tmp_path / "missing" / "guide.md")
    assert not (tmp_path / "missing").exists()


def test_the_terminal_text_lists_sections_and_sources(retriever: Retriever) -> None:
    text = guide_text(guide(retriever, NEW_TEACHER))
    for title in SECTIONS:
        assert title.upper() in text
    assert "Read from the context: role: teacher; new to the role or practice; hard: pacing" in text
    assert "\nSources\n  [1] " in text


# ------------------------------------------------------------------------------------------------ chat: coach mode


def test_the_chat_asks_for_what_is_missing_then_gives_the_guide(retriever: Retriever) -> None:
    session = Session(id="c", mode="coach", plan=ActionPlan(name="c"))
    conv = CoachConversation(retriever, "coach", session=session, today=TODAY)
    assert "Which driver" in conv.start()
    assert "did not recognise a driver" in conv.reply("basketball").text
    assert "Which implementation stage" in conv.reply("coaching").text
    assert "Who are you coaching" in conv.reply("/skip").text
    out = conv.reply(NEW_TEACHER).text
    assert "OPENING AND LISTENING QUESTIONS (LEAN IN)" in out and "pacing" in out
    assert isinstance(session.state, CoachState)
    assert session.state.phase == "ready" and session.state.driver == "coaching"
    resumed = CoachConversation(retriever, "coach", session=session, today=TODAY)
    assert resumed.state.context == NEW_TEACHER


def test_the_chat_redoes_the_guide_for_a_new_context_and_shows_sources(retriever: Retriever) -> None:
    conv = CoachConversation(retriever, "coach", driver=Driver.coaching, stage=Stage.installation, today=TODAY)
    assert "Who are you coaching" in conv.start()
    first = conv.reply("/skip").text
    assert "WHAT TO BRING" in first and "Stage: Installation" in first
    second = conv.reply(VETERAN).text
    assert "English learners" in second and "English learners" not in first
    why = conv.reply("/why").text
    assert why.startswith("The passages behind what was shown:") and "Coaching is provided at least monthly" in why
    more = conv.reply("more").text
    assert more.startswith(("More from the guidance:", "That is everything"))
    assert "Commands you can type" in conv.reply("/help").text
    assert conv.reply("/done").done


def test_each_chat_reply_is_typed_events_and_the_guide_arrives_whole(retriever: Retriever) -> None:
    conv = CoachConversation(retriever, "coach", driver=Driver.coaching, today=TODAY)
    assert conv.opening().events == [GuidePrompt(mode="coach", step="stage")]
    refused = conv.reply("stage eleven").events
    assert [type(e) for e in refused] == [Notice, GuidePrompt]
    assert isinstance(refused[0], Notice) and refused[0].level == "error"
    conv.reply("installation")
    shown = conv.reply(NEW_TEACHER).events
    assert [type(e) for e in shown] == [GuideShown, GuidePrompt]
    assert isinstance(shown[0], GuideShown) and shown[0].guide.context == NEW_TEACHER
    assert shown[0].guide == guide(retriever, NEW_TEACHER, stage=Stage.installation)
    more = conv.reply("more").events
    assert type(more[0]) in {GuideMore, Notice} and more[-1] == GuidePrompt(mode="coach", step="ready")
    if isinstance(more[0], GuideMore):
        before = {item.text for section in shown[0].guide.sections for item in section.items}
        assert all(item.text not in before for section in more[0].sections for item in section.items)
    why = conv.reply("/why").events[0]
    assert isinstance(why, Sources) and why.behind == "result" and why.passages
    assert conv.reply("/help").events[0] == Help(mode="coach")
    done = conv.reply("/done")
    assert done.done and isinstance(done.events[-1], Done)


def test_the_chat_keeps_going_after_bad_input(retriever: Retriever) -> None:
    conv = CoachConversation(retriever, "coach", driver=Driver.coaching, today=TODAY)
    conv.start()
    assert "Unknown stage" in conv.reply("stage eleven").text
    assert "Type an answer" in conv.reply("   ").text
    assert "Unknown command" in conv.reply("/dance").text
    assert "Who are you coaching" in conv.reply("installation").text


def test_a_saved_coach_chat_keeps_each_reply_as_events_with_its_turn(retriever: Retriever) -> None:
    from assistant.app import Assistant
    from assistant.config import get_settings

    guides = Assistant(get_settings(), retriever).guides
    _, opening = guides.open("talk", "coach", Driver.coaching, Stage.installation)
    assert opening.events == [GuidePrompt(mode="coach", step="context")]
    _, reply = guides.turn("talk", NEW_TEACHER, Driver.coaching, Stage.installation)
    assert [type(e) for e in reply.events] == [GuideShown, GuidePrompt]
    saved = Assistant(get_settings(), retriever).store.load("talk")
    assert [turn.role for turn in saved.transcript] == ["assistant", "user", "assistant"]
    assert saved.transcript[0].events == opening.events
    assert saved.transcript[-1].events == reply.events and saved.transcript[-1].text == reply.text
