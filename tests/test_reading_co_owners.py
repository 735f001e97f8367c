"""Whoever is joined to the owner by "and", "+" or "&" owns the work with them ("the school counselor and Dr. Patel
write…", "mr. okafor (HR) + ms. diaz from the union"); those who take part ("and the students") do not."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer
from tests.reading import owner_words as words

TODAY = date(2026, 11, 2)


@pytest.mark.parametrize(
    ("answer", "owners"),
    [
        ("the school counselor and Dr. Patel write the re-entry plan by 11/15", {"school", "counselor", "dr", "patel"}),
        (
            "set up the dual credit talks with the community college, mr. okafor (HR) + ms. diaz from the college",
            {"mr", "okafor", "ms", "diaz"},
        ),
        ("the school nurse & LCSW Bao Vang run the group every other week", {"school", "nurse", "lcsw", "bao", "vang"}),
    ],
)
def test_people_joined_to_the_owner_own_it_with_them(answer: str, owners: set[str]) -> None:
    (action,) = read_answer(answer, TODAY).actions
    assert words(action.fields.owner) == owners


def test_who_takes_part_is_not_an_owner() -> None:
    (action,) = read_answer("Ms. Kim and the students walk the halls every morning", TODAY).actions
    assert words(action.fields.owner) == {"ms", "kim"}
