"""Answers without an LLM: sentences of the guidance, each one cited, or a plain "not found"."""

from __future__ import annotations

import re

import pytest

from assistant.generators.ask import NOT_FOUND, answer
from assistant.models import Driver
from assistant.retrieval.retriever import Retriever

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
        # The sentence shown is the quote, give or take a capital and a full stop.
        assert body.rstrip(".").lower().startswith(citation.quote.rstrip(".;,").lower())
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
