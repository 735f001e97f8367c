"""A month or weekday typed a letter or two off is still that month or day ("novemeber 6", "Janurary 12",
"wedensday"), while words that only look like one ("Augusta", "augment", "tuesdays") stay as typed."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.normalize import normalize_answer
from assistant.understanding.reader import read_answer

TODAY = date(2031, 9, 2)


@pytest.mark.parametrize(
    ("answer", "due"),
    [
        (
            "family night at the community center novemeber 6 with spanish interpreters, marco runs it",
            date(2031, 11, 6),
        ),
        ("Ms. Kim sends the letters home by Janurary 12", date(2032, 1, 12)),
        ("the data team pulls the MOY scores by febuary 3", date(2032, 2, 3)),
        ("coach dee books the gym for octobre 3", date(2031, 10, 3)),
    ],
)
def test_a_month_typed_a_letter_off_is_read_as_that_month(answer: str, due: date) -> None:
    action = read_answer(answer, TODAY).actions[0]
    assert action.fields.due == due


@pytest.mark.parametrize("word", ["Augusta", "augment", "tuesdays", "attendance", "department", "Jeanette"])
def test_words_that_only_look_like_a_month_stay_as_typed(word: str) -> None:
    assert word in normalize_answer(f"{word} is on the list")
