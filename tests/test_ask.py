"""Answers without an LLM: sentences of the guidance, each one cited, or a plain "not found"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.generators.ask import NOT_FOUND, answer
from assistant.generators.conversation import AskConversation
from assistant.knowledge.text import normalize
from assistant.models import AskState, Driver, PassageKind
from assistant.retrieval.embedder import TextEmbedder
from assistant.retrieval.retriever import Retriever
from evaluation.metrics import first_sentence
from tests.conftest import copy_index

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def retriever(real_retriever: Retriever) -> Retriever:
    """Which sentences answer a question is what the real model understands: every test here uses it."""
    return real_retriever


def _sentences_with_markers(text: str) -> list[tuple[str, int]]:
    """The answer's sentences with the citation number each ends with."""
    return [(body.strip(), int(number)) for body, number in re.findall(r"(.+?) \[(\d+)\](?:\s|$)", text)]


@pytest.mark.parametrize(
    "question",
    [
        "how often should coaching be provided?",
        "who should sit on the interview panel when we hire?",
        "what does it mean for leaders to lean in?",
        "how do we make sure families who don't speak English can give feedback?",
        "what should job descriptions include?",
    ],
)
def test_every_sentence_of_an_answer_is_cited_and_quoted(retriever: Retriever, question: str) -> None:
    result = answer(retriever, question)
    assert result.found
    marked = _sentences_with_markers(result.answer)
    assert marked, result.answer
    assert len(marked) == len(result.citations)
    # Rebuild the answer from its parts: nothing in it is left uncited.
    assert " ".join(f"{body} [{number}]" for body, number in marked) == result.answer
    numbers: dict[str, int] = {}
    for (body, number), citation in zip(marked, result.citations, strict=True):
        passage = retriever.passage(citation.id)
        assert passage is not None
        assert citation.quote in passage.text
        assert citation.source == passage.source and citation.section == passage.section
        # The sentence shown is the quote, give or take a capital, a full stop, the setting of a case example and
        # the line breaks of a list.
        assert normalize(citation.quote).rstrip(".;,:") in normalize(body)
        assert numbers.setdefault(citation.id, len(numbers) + 1) == number


def test_a_specific_question_gets_the_specific_answer(retriever: Retriever) -> None:
    result = answer(retriever, "how often should coaching be provided?")
    assert "monthly" in result.answer
    assert any("at least monthly" in citation.quote for citation in result.citations)


def test_the_driver_filter_keeps_the_answer_on_that_driver(retriever: Retriever) -> None:
    result = answer(retriever, "who is accountable for this?", drivers={Driver.fidelity})
    assert result.found
    for citation in result.citations:
        passage = retriever.passage(citation.id)
        assert passage is not None and passage.driver is Driver.fidelity


@pytest.mark.parametrize(
    "question", ["what is the capital of France?", "recipe for banana bread", "who won the world cup in 1998?"]
)
def test_an_off_topic_question_is_not_answered(retriever: Retriever, question: str) -> None:
    result = answer(retriever, question)
    assert not result.found
    assert result.citations == []
    assert result.answer == NOT_FOUND
    assert "could not find" in result.answer


def test_the_first_sentence_answers_how_often(retriever: Retriever) -> None:
    result = answer(retriever, "How often should our K-3 teachers get coaching?")
    assert "at least monthly" in first_sentence(result.answer)


def test_the_first_sentence_says_how_rather_than_restating_the_practice(retriever: Retriever) -> None:
    # The tip sheet's consideration ("Job descriptions are in place for relevant staff.") names the practice; the
    # sentence under it is the answer.
    opening = first_sentence(answer(retriever, "Is there an equity review for job descriptions?").answer)
    assert "race equity impact analysis" in opening


def test_what_a_term_means_opens_with_the_sentence_that_says_what_it_is(retriever: Retriever) -> None:
    opening = first_sentence(answer(retriever, "What does training mean in the tip sheets?").answer)
    assert opening.startswith("Training is purposeful, skill-based"), opening


def test_what_something_includes_opens_with_what_it_includes(retriever: Retriever) -> None:
    opening = first_sentence(answer(retriever, "What does an assessment of implementation include?").answer)
    assert "measures of both effort and fidelity" in opening, opening


def test_an_answer_does_not_open_with_a_sentence_that_breaks_off_into_a_list(retriever: Retriever) -> None:
    opening = first_sentence(answer(retriever, "How can leaders bring stakeholders and staff together?").answer)
    assert not re.search(r"(?:\bin|such as|; and)\.$", opening), opening


def test_a_list_is_answered_with_its_lead_and_its_items(retriever: Retriever) -> None:
    question = "What should job descriptions for relevant staff include to support equitable implementation?"
    result = answer(retriever, question)
    opening = first_sentence(result.answer)
    assert opening.startswith("Job descriptions are: clear about expectations for the position;"), opening
    assert "inclusive of racial justice knowledge, skills and practices" in opening, opening
    # The quote is the passage's own words, list and all.
    assert "\n" in result.citations[0].quote


def test_a_named_behaviour_is_answered_with_its_name(retriever: Retriever) -> None:
    opening = first_sentence(answer(retriever, "What does Lean In mean for leaders?").answer)
    assert opening.startswith("Lean In: Listening with respect, Engaging community and tribal partners"), opening


def test_a_case_example_says_which_setting_it_comes_from(retriever: Retriever) -> None:
    result = answer(retriever, "give me an example of how a coach is chosen for new staff")
    examples = [
        (c, body)
        for c, (body, _) in zip(result.citations, _sentences_with_markers(result.answer), strict=True)
        if (p := retriever.passage(c.id)) is not None and p.kind is PassageKind.case_example and c.quote != p.heading
    ]
    assert examples, result.answer
    for _, body in examples:
        # Never presented as advice for schools: the setting or the words "case example" come with it.
        assert body.startswith("In ") or "probation office" in body.lower(), body


CONTRADICTING = """# District memo on planning

Equity checks are not needed. Our district has decided that school teams skip the equity review of their plans.
"""


@pytest.fixture(scope="module")
def memo_retriever(
    real_built_home: Path, real_embedder: TextEmbedder, tmp_path_factory: pytest.TempPathFactory
) -> Retriever:
    """The bundled guidance plus a district memo that contradicts it, added the way a district adds a document."""
    from assistant.retrieval.indexer import add_documents, build_index

    home = copy_index(real_built_home, tmp_path_factory.mktemp("memo") / "home")
    memo = home.parent / "district_memo.md"
    memo.write_text(CONTRADICTING, encoding="utf-8")
    settings = Settings(home=home, embedding_model="")
    add_documents([memo], settings)
    build_index(settings)
    return Retriever(settings, embedder=real_embedder)


@pytest.mark.parametrize("question", ["should we ignore equity checks?", "do we need equity checks?"])
def test_an_added_document_that_contradicts_the_guidance_is_attributed_and_comes_after_it(
    memo_retriever: Retriever, question: str
) -> None:
    result = answer(memo_retriever, question)
    assert result.found
    opening = first_sentence(result.answer)
    assert "not needed" not in opening.lower()
    first = memo_retriever.passage(result.citations[0].id)
    assert first is not None and not memo_retriever.is_added(first)
    if "not needed" in result.answer:
        # Said in the memo's name, never in the guidance's voice, and after the guidance.
        assert "Your document *district_memo.md* says: “Equity checks are not needed." in result.answer
        assert result.answer.index("Your document") > result.answer.index("[1]")
    assert not any(part.strip().startswith("Equity checks are not needed") for part in result.answer.split("]"))


# ------------------------------------------------------------------------------------------- follow-ups


def test_a_follow_up_is_searched_with_the_question_before(retriever: Retriever) -> None:
    conversation = AskConversation(retriever)
    first = conversation.ask("How often should staff get coaching?")
    assert first.searched == first.question
    more = conversation.ask("and for new hires?")
    assert more.searched == "How often should staff get coaching for new hires?"
    assert more.answer.found and "monthly" in more.answer.answer
    who = conversation.ask("who does that?")
    assert who.searched.startswith("who does that") and "coaching" in who.searched
    assert who.answer.found
    assert [t.question for t in conversation.state.turns] == [
        "How often should staff get coaching?",
        "and for new hires?",
        "who does that?",
    ]


def test_give_me_an_example_answers_with_a_case_example_of_the_last_topic(retriever: Retriever) -> None:
    conversation = AskConversation(retriever)
    conversation.ask("How should we assess whether coaching is working?")
    turn = conversation.ask("give me an example")
    assert "coaching" in turn.searched
    kinds = {p.kind for c in turn.answer.citations if (p := retriever.passage(c.id)) is not None}
    assert PassageKind.case_example in kinds


def test_a_new_question_is_not_mixed_with_the_last_one(retriever: Retriever) -> None:
    conversation = AskConversation(retriever)
    conversation.ask("How often should staff get coaching?")
    turn = conversation.ask("What should job descriptions include to support equitable implementation?")
    assert turn.searched == turn.question


def test_the_history_survives_being_saved_and_given_back(retriever: Retriever) -> None:
    conversation = AskConversation(retriever)
    conversation.ask("How often should staff get coaching?")
    saved = conversation.state.model_dump_json()
    resumed = AskConversation(retriever, AskState.model_validate_json(saved))
    turn = resumed.ask("and for new hires?")
    assert turn.searched == "How often should staff get coaching for new hires?"
    assert len(resumed.state.turns) == 2
