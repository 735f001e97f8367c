"""Retrieval metrics on rankings worked out by hand, and the gold question set they are computed over."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from assistant.knowledge.text import normalize
from assistant.retrieval.retriever import Retriever
from evaluation.metrics import answers_first, first_sentence, matched_ranks, mrr_at, ndcg_at, recall_at
from evaluation.run import BLIND, load_gold, part, score

RANKING = [
    "Coaching is provided at least monthly to relevant staff.",
    "<ul><li>• Data are collected in a standardized way by trained staff;</li></ul>",
    "<p>The center’s “data team” reviews results</p> <p>every quarter.</p>",
    "Leadership regularly communicates with stakeholders.",
]


def test_a_phrase_is_matched_at_the_rank_of_the_first_text_holding_it() -> None:
    phrases = ["at least monthly", "communicates with stakeholders", "not retrieved"]
    assert matched_ranks(RANKING, phrases) == [1, 4, None]


def test_matching_ignores_html_bullets_case_and_curly_quotes() -> None:
    ranks = matched_ranks(RANKING, ["data are collected in a standardized way", 'the center\'s "data team" reviews'])
    assert ranks == [2, 3]
    # Paragraph tags and line breaks do not split a phrase.
    assert matched_ranks(RANKING, ["reviews results every quarter"]) == [3]
    items = ["- share information with staff and\n- receive feedback"]
    assert matched_ranks(items, ["staff and receive feedback"]) == [1]


def test_recall_counts_the_phrases_found_within_k() -> None:
    assert recall_at([1, 4, None], 5) == pytest.approx(2 / 3)
    assert recall_at([1, 4, None], 3) == pytest.approx(1 / 3)
    assert recall_at([6], 5) == 0.0
    assert recall_at([], 5) == 0.0


def test_mrr_is_the_reciprocal_of_the_best_rank_within_k() -> None:
    assert mrr_at([3, 2], 5) == 0.5
    assert mrr_at([1, None], 5) == 1.0
    assert mrr_at([None], 5) == 0.0
    assert mrr_at([6], 5) == 0.0


def test_ndcg_rewards_finding_phrases_early() -> None:
    assert ndcg_at([1], 10) == 1.0
    assert ndcg_at([2], 10) == pytest.approx(1 / math.log2(3))
    assert ndcg_at([1, 2], 10) == pytest.approx(1.0)
    assert ndcg_at([2, 1], 10) == pytest.approx(1.0)
    assert ndcg_at([1, 3], 10) == pytest.approx((1 + 1 / math.log2(4)) / (1 + 1 / math.log2(3)))
    assert ndcg_at([1, None], 10) == pytest.approx(1 / (1 + 1 / math.log2(3)))
    assert ndcg_at([11], 10) == 0.0
    assert ndcg_at([None], 10) == 0.0


def test_score_averages_over_questions_and_lists_the_misses() -> None:
    gold = [
        {"id": "a", "style": "user", "question": "monthly?", "answers": ["at least monthly"]},
        {"id": "b", "style": "document", "question": "quarterly?", "answers": ["every quarter"]},
    ]
    always = score(lambda question: RANKING, gold)
    assert always["recall@5"] == 1.0
    assert always["mrr@5"] == pytest.approx((1 + 1 / 3) / 2, abs=1e-4)
    assert always["user_recall@5"] == 1.0 and always["document_mrr@5"] == pytest.approx(1 / 3, abs=1e-4)
    assert always["misses"] == []
    nothing = score(lambda question: ["unrelated text"], gold)
    assert nothing["recall@5"] == 0.0 and nothing["misses"] == ["a", "b"]


def test_the_first_sentence_of_an_answer_ends_at_its_first_citation() -> None:
    answer = "Coaching is provided at least monthly to relevant staff. [1] Coaches are trained. [2]"
    assert first_sentence(answer) == "Coaching is provided at least monthly to relevant staff."
    assert first_sentence("No marks here. Second one.") == "No marks here."
    assert answers_first(answer, ["provided at least monthly"])
    assert not answers_first(answer, ["coaches are trained"])


def test_a_first_sentence_that_is_a_long_piece_of_a_gold_phrase_counts() -> None:
    phrase = "a written plan outlines coaching provided to relevant staff, including at least three of the following:"
    assert answers_first("A written plan outlines coaching provided to relevant staff, including. [1]", [phrase])
    # A scrap of a phrase is not an answer.
    assert not answers_first("A written plan. [1]", [phrase])


def test_the_score_gives_first_sentence_answers_and_both_parts() -> None:
    gold = [
        {"id": "a", "style": "user", "question": "monthly?", "answers": ["at least monthly"]},
        {"id": "b", "style": "document", "question": "quarterly?", "answers": ["every quarter"]},
    ]
    figures = score(lambda question: RANKING, gold, lambda question: "Coaching is provided at least monthly. [1]")
    assert figures["first_sentence"] == 0.5 and figures["not_first"] == ["b"]
    # Without answers, a system's answer is its top passage's first sentence.
    assert score(lambda question: RANKING, gold)["first_sentence"] == 0.5
    assert figures["tuned"]["questions"] + figures["untouched"]["questions"] == 2
    assert figures[part("a")]["first_sentence"] == (1.0 if part("a") != part("b") else 0.5)


# ------------------------------------------------------------------------------------------ the gold set


def test_about_a_third_of_the_gold_set_is_kept_untouched_and_the_split_is_fixed() -> None:
    gold = load_gold()
    untouched = [item["id"] for item in gold if part(item["id"]) == "untouched"]
    assert 0.25 <= len(untouched) / len(gold) <= 0.4
    assert untouched == [item["id"] for item in load_gold() if part(item["id"]) == "untouched"]


@pytest.fixture(scope="module", params=["gold", "blind"])
def gold(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    """The gold set, and the blind one beside it: both follow the same rules."""
    return load_gold(BLIND if request.param == "blind" else None)


def test_gold_set_is_large_enough_and_mostly_in_users_words(gold: list[dict[str, Any]]) -> None:
    assert len(gold) >= 60
    styles = Counter(item["style"] for item in gold)
    assert styles["user"] / len(gold) >= 0.5
    assert set(styles) <= {"user", "document"}
    assert len({item["id"] for item in gold}) == len(gold)
    for item in gold:
        assert str(item["question"]).strip()
        answers = item["answers"]
        assert isinstance(answers, list) and 1 <= len(answers) <= 2


@pytest.mark.slow
def test_every_gold_phrase_names_exactly_one_bundled_passage(gold: list[dict[str, Any]], retriever: Retriever) -> None:
    texts = [normalize(p.text) for p in retriever.passages]
    problems = []
    for item in gold:
        for phrase in item["answers"]:
            count = sum(normalize(str(phrase)) in text for text in texts)
            if count != 1:
                problems.append(f"{item['id']}: {phrase!r} is in {count} passages")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("content", "said"), [("", "holds no questions"), ("not: [valid\n", "cannot be read")])
def test_a_file_that_is_not_a_gold_set_is_said_in_one_sentence(tmp_path: Path, content: str, said: str) -> None:
    from assistant.errors import InputError

    path = tmp_path / "gold.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=said):
        load_gold(path)
