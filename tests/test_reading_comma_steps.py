"""Two steps of work typed with only a comma between them, each with a day of its own ("draft the survey by oct 1,
share results at the nov 15 board mtg - ms kim", "posting up next friday, interviews done by 5/13 — Dr. Beaumont-Iwu +
HR") are two actions, and whoever signs the answer after the dash owns both. Steps on the same day, or a rhythm after
the comma, stay one action."""

from __future__ import annotations

from datetime import date

from assistant.understanding.reader import read_answer

TODAY = date(2032, 9, 20)


def test_two_dated_steps_after_a_comma_are_two_actions_of_who_signs() -> None:
    actions = read_answer("draft the survey by oct 1, share results at the nov 15 board mtg - ms kim", TODAY).actions
    assert [(a.fields.owner, a.fields.due) for a in actions] == [
        ("Ms. Kim", date(2032, 10, 1)),
        ("Ms. Kim", date(2032, 11, 15)),
    ]
    assert actions[1].title == "Share results at the board meeting"  # the date leaves; the meeting it names stays


def test_a_thing_and_its_being_done_is_a_step_of_its_own() -> None:
    answer = "• 3 coach openings for next yr: posting up next friday, interviews done by 5/13 — Dr. Beaumont-Iwu + HR"
    actions = read_answer(answer, TODAY).actions
    assert [(a.fields.owner, a.fields.due) for a in actions] == [
        ("Dr. Beaumont-Iwu and HR", date(2032, 10, 1)),  # next week's friday
        ("Dr. Beaumont-Iwu and HR", date(2033, 5, 13)),
    ]
    assert actions[0].guessed == [] and "coach" not in (actions[0].fields.owner or "").lower()


def test_steps_on_one_day_or_a_rhythm_after_the_comma_stay_one_action() -> None:
    assert len(read_answer("send the letters home oct 3, post the flyer oct 3", TODAY).actions) == 1
    assert len(read_answer("training on oct 1, follow-up coaching visits every week after", TODAY).actions) == 1


def test_a_hyphenated_first_name_signed_after_a_dash_owns_the_work() -> None:
    answer = "weekly login + completion report by subgroup (EL, IEP, race) out every Monday morning — Jae-won"
    assert read_answer(answer, TODAY).actions[0].fields.owner == "Jae-won"
