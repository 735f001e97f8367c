"""The first sentence of an answer without an LLM answers what the question asks, not only what it is about."""

from __future__ import annotations

import pytest

from assistant.generators.ask import answer
from assistant.retrieval.retriever import Retriever
from evaluation.metrics import first_sentence

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def retriever(real_retriever: Retriever) -> Retriever:
    """Which sentence answers first is what the real model understands: every test here uses it."""
    return real_retriever


def _opening(retriever: Retriever, question: str) -> str:
    return first_sentence(answer(retriever, question).answer)


def test_a_yes_or_no_question_opens_with_what_may_be_done(retriever: Retriever) -> None:
    # Not "A specific person is responsible for coordinating…": that names the role, it does not say no.
    opening = _opening(retriever, "Is the person responsible for coaching required to coach everyone themselves?")
    assert opening.startswith("This person may provide coaching themselves, or may coordinate others"), opening


def test_how_a_document_defines_a_term_opens_with_its_definition(retriever: Retriever) -> None:
    opening = _opening(retriever, "How does the implementation drivers summary define coaching?")
    assert opening.startswith("Coaching can be defined as the ongoing preparation and support of staff"), opening


@pytest.mark.parametrize(
    ("question", "behaviours"),
    [
        ("What does Lean In mean?", "Listening with respect, Engaging community and tribal partners"),
        ("What does Lift Up ask of leaders?", "Strengthening systems, Affirming contributions and competency"),
    ],
)
def test_a_term_the_guidance_titles_opens_with_the_definition_under_that_title(
    retriever: Retriever, question: str, behaviours: str
) -> None:
    assert _opening(retriever, question).startswith(behaviours)


def test_a_question_about_coaching_in_general_still_opens_with_what_coaching_is(retriever: Retriever) -> None:
    # "Coaching" titles a part of the guidance too, but names a driver: it is not read as a title.
    assert _opening(retriever, "What is coaching?").startswith("Coaching is the process of helping staff"), (
        "the general definition of coaching should open the answer"
    )
