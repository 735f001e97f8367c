"""A plan title holds the work in plan words: no pictures typed in the chat ("🎶", "💌") and no "POC: …" line,
whose person goes to the owner column ("counselor Mrs. Haverford" is Mrs. Haverford, the counselor)."""

from __future__ import annotations

from datetime import date

from assistant.understanding.reader import read_answer

TODAY = date(2031, 9, 2)


def test_pictures_typed_in_the_chat_stay_out_of_the_title() -> None:
    (action,) = read_answer("Marco writes a newsletter blurb every month on what each grade is doing 💌", TODAY).actions
    assert "💌" not in action.title and "newsletter" in action.title
    assert "💌" in action.note  # the team's words are kept as typed


def test_a_poc_line_names_the_owner_and_leaves_the_title() -> None:
    (action,) = read_answer(
        "Welcome buddy for every new student within 1 day of enrollment. POC: counselor Mrs. Haverford", TODAY
    ).actions
    assert action.fields.owner == "Mrs. Haverford"
    assert "POC" not in action.title and "buddy" in action.title.lower()
