"""When no rule reads the owner for sure and the answer mentions several people, the guess offered to the team is the
one the owner tagger finds likeliest to do the work, not merely the first one mentioned; whoever is joined to that
person, before or after, shares the guess, and a role in brackets stands for the person named before it."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer

TODAY = date(2032, 9, 9)


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("implicit bias training for the office referral ppl (deans + AP) before fall break 👍 dr. k", "Dr. K"),
        ("next year's interventionist posting, HR + principal yusuf, post by may 21", "HR and Principal Yusuf"),
        (
            "set up the dual credit talks with the community college, mr. okafor (HR) + ms. diaz from the college",
            "Mr. Okafor and Ms. Diaz",
        ),
        ("hwy 9 stops safety walk / Mr. Castellano (director) + a deputy from the sheriff's office / next tues", None),
    ],
)
def test_the_guess_is_the_likeliest_doer_with_whoever_is_joined_to_them(answer: str, owner: str | None) -> None:
    reading = read_answer(answer, TODAY).actions[0]
    assert reading.guessed == ["owner"]  # still asked, never written for sure
    if owner is None:
        assert reading.fields.owner is not None and reading.fields.owner.startswith("Mr. Castellano")
    else:
        assert reading.fields.owner == owner
