"""Answers that hold several pieces of work said the way teams type them: "two things: …", a second doer after
"+", a next step with a day of its own, and who owns them all said once at the end."""

from __future__ import annotations

from datetime import date

from assistant.understanding.reader import read_answer

TODAY = date(2026, 9, 8)


def test_an_answer_that_says_how_many_things_it_lists_is_that_many_actions_owned_by_the_closing_line() -> None:
    answer = (
        "two things: rewrite the cell phone policy so it matches the handbook, and run a race equity impact "
        "review of it before the board sees it. Dr. Alvarez owns both, due Nov 20"
    )
    first, second = read_answer(answer, TODAY).actions
    assert "cell phone policy" in first.title and "impact review" in second.title.lower()
    assert first.fields.owner == second.fields.owner == "Dr. Alvarez"
    assert first.fields.due == second.fields.due == date(2026, 11, 20)


def test_three_things_with_three_doers_are_three_actions_each_with_its_own_owner_and_date() -> None:
    answer = (
        "3 things: Lou reprints the bus passes by 10/2, Marisol books the gym by 10/9, and Pat orders the "
        "chromebooks by 10/16"
    )
    actions = read_answer(answer, TODAY).actions
    assert [a.fields.owner for a in actions] == ["Lou", "Marisol", "Pat"]
    assert [a.fields.due for a in actions] == [date(2026, 10, 2), date(2026, 10, 9), date(2026, 10, 16)]


def test_a_second_piece_due_by_the_same_date_takes_the_date_of_the_first() -> None:
    answer = (
        "Two asks: a count of students on waitlists by program by December 4, and a plan to cut the waitlist "
        "by the same date. Director Fenwick."
    )
    first, second = read_answer(answer, TODAY).actions
    assert first.fields.due == second.fields.due == date(2026, 12, 4)
    assert "same date" not in second.title


def test_a_plus_before_a_second_doer_with_work_of_their_own_is_two_actions() -> None:
    answer = "tutors log each session in the tracker after every session + mr ferris reviews the logs every monday"
    first, second = read_answer(answer, TODAY).actions
    assert first.fields.owner == "tutors" and first.fields.recurrence == "after each session"
    assert second.fields.owner == "Mr. Ferris" and second.fields.recurrence == "weekly"


def test_a_plus_between_two_people_doing_one_piece_of_work_stays_one_action() -> None:
    (action,) = read_answer("ms. ortega + the grade level leads plan the family night by 10/29", TODAY).actions
    assert "Ortega" in (action.fields.owner or "") and action.fields.due == date(2026, 10, 29)


def test_a_next_step_with_a_day_of_its_own_is_a_second_action_and_the_owner_said_last_owns_both() -> None:
    answer = "get the new dual enrollment course approved by march 5 and hire the adjunct by 4/23 -- Dr. Saye on both"
    first, second = read_answer(answer, TODAY).actions
    assert (first.fields.owner, first.fields.due) == ("Dr. Saye", date(2027, 3, 5))
    assert (second.fields.owner, second.fields.due) == ("Dr. Saye", date(2027, 4, 23))
    assert "both" not in second.title and "--" not in second.title


def test_a_next_step_with_no_subject_is_done_by_whoever_opened_the_answer() -> None:
    answer = "Coach Ibarra observes every new teacher every 4 weeks + sends written feedback after each observation"
    first, second = read_answer(answer, TODAY).actions
    assert first.fields.owner == second.fields.owner == "Coach Ibarra"
    assert second.fields.recurrence == "after each observation"


def test_asking_for_clarity_without_a_question_mark_is_a_question_not_an_action() -> None:
    answer = "As the PTO rep I would like clarity on whether parents can be listed as owners of an action."
    assert read_answer(answer, TODAY).kind == "question"
    assert read_answer("we're split on whether coaching logs count as fidelity data", TODAY).kind == "question"


def test_an_answer_that_ends_by_asking_leave_or_the_guidance_is_a_question() -> None:
    assert read_answer("This feels like a district thing, not ours. May we skip it?", TODAY).kind == "question"
    answer = "we'd like students on the team and to pay them... oh wait we can't. can we give them credit instead?"
    assert read_answer(answer, TODAY).kind == "question"


def test_a_promise_with_a_question_beside_it_stays_an_action() -> None:
    reading = read_answer("ms kim will run the training by oct 1. can we get subs for it?", TODAY)
    assert reading.kind == "action" and reading.actions[0].fields.owner == "Ms. Kim"


def test_a_numbered_list_that_goes_on_from_an_earlier_answer_is_one_action_per_item() -> None:
    answer = "6. Audit the attendance codes at every school 7. Retrain the front office clerks by 11/12"
    first, second = read_answer(answer, TODAY).actions
    assert "attendance codes" in first.title and "front office" in second.title.lower()
    assert second.fields.due == date(2026, 11, 12)


def test_a_number_that_ends_a_sentence_does_not_start_a_list() -> None:
    (action,) = read_answer("1. Ms. Kim books the room by oct 3. Then she sends the flyer home", TODAY).actions
    assert action.fields.due == date(2026, 10, 3)


def test_steps_listed_with_commas_each_on_its_own_day_are_one_action_each_owned_by_who_is_said_first() -> None:
    first, second = read_answer("Controller — draft budget to cabinet 2/9, final budget to board 3/16", TODAY).actions
    assert (first.fields.owner, first.fields.due) == ("Controller", date(2027, 2, 9))
    assert (second.fields.owner, second.fields.due) == ("Controller", date(2027, 3, 16))


def test_a_second_step_that_acts_on_the_first_with_a_rhythm_of_its_own_is_its_own_action() -> None:
    answer = "attendance clerk (mr. pham) enters the tardies daily + charts them every monday"
    first, second = read_answer(answer, TODAY).actions
    assert first.fields.recurrence == "daily" and second.fields.recurrence == "weekly"
    assert first.fields.owner == second.fields.owner
