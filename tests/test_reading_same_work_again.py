"""The same work for another audience at a time of its own ("…to the board in June, and to cabinet each quarter")
is a second action owned by the same person; an apposition that opens the answer ("Our director, Dr. Lund,
shares…") names the owner and stays out of the title."""

from __future__ import annotations

from datetime import date

from assistant.understanding.reader import read_answer

TODAY = date(2031, 10, 1)


def test_the_same_work_for_another_audience_is_a_second_action_of_the_same_owner() -> None:
    reading = read_answer(
        "The Assessment Director (Dr. Mbeki) presents the benchmark results to the board in January, and to "
        "principals each quarter.",
        TODAY,
    )
    assert len(reading.actions) == 2
    assert [a.fields.owner for a in reading.actions] == ["Dr. Mbeki", "Dr. Mbeki"]
    assert reading.actions[1].fields.recurrence == "quarterly"
    assert "principals" in reading.actions[1].title.lower()


def test_an_opening_apposition_names_the_owner_and_leaves_the_title_to_the_work() -> None:
    action = read_answer(
        "Our director, Dr. Lund, shares the attendance data with the board each semester", TODAY
    ).actions[0]
    assert action.fields.owner == "Dr. Lund"
    assert action.title.startswith("Share the attendance data"), action.title


def test_a_rhythm_before_the_owner_leaves_the_title_to_the_work() -> None:
    action = read_answer(
        "Each semester, the Research Office compares survey response rates by language", TODAY
    ).actions[0]
    assert action.fields.owner == "the Research Office"
    assert action.fields.recurrence == "each semester"
    assert action.title == "Compare survey response rates by language"
