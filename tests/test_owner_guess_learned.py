"""An answer whose doer no rule knows ("the wranglers set up the tables…") gets that doer as a guess the team is
asked to confirm, the title drafted without them; an answer that names no one gets no guess."""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest

from assistant.understanding.reader import read_answer

TODAY = date(2026, 11, 2)


def test_the_tagger_weights_ship_with_the_package() -> None:
    assert resources.files("assistant.resources").joinpath("owner_tagger.npz").is_file()


def test_a_doer_no_rule_knows_is_asked_about() -> None:
    (action,) = read_answer("the wranglers set up the tables before each family night", TODAY).actions
    assert action.fields.owner == "the wranglers"
    assert "owner" in action.guessed  # shown as a guess and asked, never written as sure
    assert action.title == "Set up the tables before each family night"


@pytest.mark.parametrize(
    "answer",
    [
        "we send it home in spanish by dec 4",
        "send the flyer home before winter break",
        "i will print the sign-in sheets for each night",
    ],
)
def test_no_one_named_no_one_guessed(answer: str) -> None:
    (action,) = read_answer(answer, TODAY).actions
    assert action.fields.owner is None and "owner" not in action.guessed


def test_the_tagger_learns_only_from_the_tuned_sets() -> None:
    from evaluation.dialogue_eval import NEVER_TUNED, SETS
    from evaluation.learned_readers import tuned_paths

    every = {p.stem for p in SETS.glob("*.yaml")}
    learned_from = {p.stem for p in tuned_paths()}
    assert every >= NEVER_TUNED  # the blind sets are there to be left out
    assert learned_from == every - NEVER_TUNED
