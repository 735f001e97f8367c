"""The Ask conversation: follow-ups read with the questions before them, and answers whose marks link to sources."""

from __future__ import annotations

import re

from assistant.app import Assistant
from assistant.config import get_settings
from assistant.models import Answer, AskState, AskTurn, Citation
from assistant.retrieval.retriever import Retriever
from ui.ask_tab import EMPTY, conversation_html
from ui.render import linked_text


def turn(question: str, answer: str, *ids: str, searched: str | None = None) -> AskTurn:
    citations = [Citation(id=i, source="s.md", section=f"Doc › Part {i}", quote=f"Quote {i}.") for i in ids]
    return AskTurn(
        question=question,
        searched=searched or question,
        topic="coaching",
        answer=Answer(answer=answer, citations=citations, found=bool(ids)),
    )


def test_a_follow_up_is_answered_with_the_question_before_and_the_history_given_is_left_alone(
    retriever: Retriever,
) -> None:
    app = Assistant(get_settings(), retriever=retriever)
    first, state, _ = app.ask_follow_up("How often should staff get coaching?")
    assert first.searched == first.question and len(state.turns) == 1
    more, after, notices = app.ask_follow_up("and for new hires?", state)
    assert more.searched == "How often should staff get coaching for new hires?"
    assert more.answer.found and "monthly" in more.answer.answer
    assert [t.question for t in after.turns] == ["How often should staff get coaching?", "and for new hires?"]
    assert len(state.turns) == 1, "the conversation given is not changed; a failed turn leaves it as it was"
    assert notices == []
    fresh, alone, _ = app.ask_follow_up("and for new hires?", None)
    assert fresh.searched == "and for new hires?" and len(alone.turns) == 1


def test_each_mark_of_a_listed_source_links_to_it_and_other_brackets_stay_words() -> None:
    html = linked_text("Coach often. [1] Review data. [2] See note [7]. <b>x</b>", 3, 2)
    assert '<a class="cip-ref" href="#cip-ask-3-source-1"' in html and 'href="#cip-ask-3-source-2"' in html
    assert "[7]" in html and "source-7" not in html
    assert "<b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_every_turn_stays_on_the_page_with_sources_numbered_per_answer() -> None:
    state = AskState(
        turns=[
            turn("What is coaching?", "Coaching helps staff. [1] It is ongoing. [2]", "a", "b", "a"),
            turn("and how often?", "Monthly. [1]", "c", searched="What is coaching how often?"),
        ]
    )
    html = conversation_html(state)
    assert html.count('class="cip-ask-turn') == 2
    assert "What is coaching?" in html and "and how often?" in html
    assert "Read with the question before: What is coaching how often?" in html
    # Each mark has a target under its own answer, and no two targets share an id.
    ids = re.findall(r'id="(cip-ask-[^"]+)"', html)
    assert ids == ["cip-ask-1-source-1", "cip-ask-1-source-2", "cip-ask-2-source-1"]
    assert all(f'href="#{i}"' in html for i in ids)
    assert html.count("<details") == 3


def test_while_an_answer_appears_its_sources_wait_and_an_empty_conversation_says_what_to_do() -> None:
    state = AskState(turns=[turn("What is coaching?", "Coaching helps staff. [1] More. [1]", "a")])
    partial = conversation_html(state, shown="Coaching helps staff. [1]")
    assert "<details" not in partial and "cip-complete" not in partial
    assert 'href="#cip-ask-1-source-1"' in partial
    assert conversation_html(None) == EMPTY == conversation_html(AskState())
