"""Answers that list several pieces of work, and answers that ask back or put the decision off."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer

TODAY = date(2026, 9, 8)


def test_a_bulleted_list_under_a_topic_line_is_one_action_per_item_owned_by_the_line_after_it() -> None:
    answer = "when a coach leaves:\n- exit interview\n- update the coach job description\nHR owns both"
    first, second = read_answer(answer, TODAY).actions
    assert "exit interview" in first.title.lower() and first.fields.owner == "HR"
    assert "job description" in second.title and second.fields.owner == "HR"


def test_an_owner_introducing_a_list_owns_every_item() -> None:
    answer = "coach rivera will:\n- model lessons in k-2 by oct 5\n- run the PLC monthly"
    first, second = read_answer(answer, TODAY).actions
    assert first.fields.owner == second.fields.owner == "Coach Rivera"
    assert first.fields.due == date(2026, 10, 5) and second.fields.recurrence == "monthly"


def test_two_people_each_doing_their_part_by_one_date_are_two_actions_with_that_date() -> None:
    answer = "ms. soto does spanish, mr. haddad does arabic, both by jan 22"
    first, second = read_answer(answer, TODAY).actions
    assert (first.fields.owner, first.fields.due) == ("Ms. Soto", date(2027, 1, 22))
    assert (second.fields.owner, second.fields.due) == ("Mr. Haddad", date(2027, 1, 22))


def test_two_pieces_of_work_joined_by_a_plus_each_with_its_own_time_share_the_owner_named_after_them() -> None:
    answer = "CCI self study every spring plus WICOR walkthroughs each semester, mr bautista schedules both"
    first, second = read_answer(answer, TODAY).actions
    assert first.fields.owner == second.fields.owner == "Mr. Bautista"
    assert "self study" in first.title and "walkthroughs" in second.title


@pytest.mark.parametrize(
    "answer",
    [
        "walkthroughs every other thursday, AP + coach",
        "ms ferreira and mr tran draft it before winter break",
        "post on edjoin + the HBCU job boards by feb 1",
    ],
)
def test_people_or_places_joined_by_a_plus_stay_one_action(answer: str) -> None:
    assert len(read_answer(answer, TODAY).actions) == 1


@pytest.mark.parametrize(
    "answer",
    [
        "what's the difference between co-teaching fidelity and just checking if both adults are in the room lol",
        "not sure, maybe the PBIS team lead? we'll figure it out at the next mtg",
        "idk yet, we'll decide once the budget is in",
    ],
)
def test_a_long_question_back_or_a_decision_put_off_is_not_an_action(answer: str) -> None:
    reading = read_answer(answer, TODAY)
    assert reading.kind != "action" and reading.actions == []


def test_a_decision_with_a_date_is_still_an_action() -> None:
    reading = read_answer("not sure yet, we'll pick the screener by oct 1 and ms kim runs it", TODAY)
    assert reading.kind == "action"


def test_the_same_work_again_at_another_meeting_is_a_second_action() -> None:
    answer = "principal yusuf shares the tier 2 growth at the may 25 board mtg and also at the june staff mtg"
    first, second = read_answer(answer, TODAY).actions
    assert (first.fields.owner, first.fields.due) == ("Principal Yusuf", date(2027, 5, 25))
    assert second.fields.owner == "Principal Yusuf" and "june staff meeting" in second.title


def test_a_second_sentence_with_a_later_date_of_its_own_is_a_second_action() -> None:
    answer = (
        "our AP does the SEL screener w/ every kid by may 14; results by race, gender and IEP to the team by may 28"
    )
    first, second = read_answer(answer, TODAY).actions
    assert first.fields.due == date(2027, 5, 14) and second.fields.due == date(2027, 5, 28)


@pytest.mark.parametrize(
    "answer",
    [
        "we're not sure yet who runs it",
        "wondering if the district has a tool for this",
        "hard to say until the budget comes in",
        "maybe the counselor? or the AP",
        "will the district pay for subs? otherwise it's hard",
        "not yet, we need a coach first",
    ],
)
def test_hedges_said_in_passing_are_not_actions(answer: str) -> None:
    assert read_answer(answer, TODAY).kind != "action"


def test_a_hedge_followed_by_a_commitment_is_an_action() -> None:
    answer = "we're not sure the coaches have time, so ms kim will run it by oct 1 and every month after"
    assert read_answer(answer, TODAY).kind == "action"


def test_a_question_answered_in_the_same_breath_is_an_action() -> None:
    [action] = read_answer("who will run it? ms kim will, by oct 1", TODAY).actions
    assert action.fields.owner == "Ms. Kim" and action.fields.due == date(2026, 10, 1)


def test_the_same_verb_for_someone_else_after_and_also_is_a_second_action() -> None:
    answer = "we'll ask the public library about summer reading for our kids, and also the local college about tutors"
    first, second = read_answer(answer, TODAY).actions
    assert "library" in first.title and "college" in second.title and "tutors" in second.title


@pytest.mark.parametrize(
    "answer",
    [
        "TFI walkthrough twice a year (nov + april) w/ the district PBIS coach",
        "dr amari holds a co-teaching open forum once a month after school, and parents of students with IEPs get a "
        "separate evening one with interpreters",
        "survey at the end of every pd, and ms reyes compares it to walkthrough scores each semester",
    ],
)
def test_one_piece_of_work_with_its_details_stays_one_action(answer: str) -> None:
    assert len(read_answer(answer, TODAY).actions) == 1


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("changes: principal wong decides, coach dana carries them out w/ the teachers", "Principal Wong"),
        ("mrs. o'connell decides on changes, the grade-level teams make them", "Mrs. O'Connell"),
    ],
)
def test_who_decides_and_who_carries_it_out_are_one_action_owned_by_who_decides(answer: str, owner: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == owner


@pytest.mark.parametrize(
    "answer",
    [
        "a) ms kim trains staff by oct 1 b) coach bell observes monthly",
        "1 - ms kim trains staff by oct 1\n2 - coach bell observes monthly",
        "ms kim: LETRS training by oct 1. coach bell: monthly observations",
    ],
)
def test_items_lettered_numbered_with_a_dash_or_written_owner_first_are_one_action_each(answer: str) -> None:
    first, second = read_answer(answer, TODAY).actions
    assert (first.fields.owner, first.fields.due) == ("Ms. Kim", date(2026, 10, 1))
    assert (second.fields.owner, second.fields.recurrence) == ("Coach Bell", "monthly")


@pytest.mark.parametrize(
    ("answer", "owners"),
    [
        ("tutors fill out the session log after each session, ms. ortiz checks them monthly", ["tutors", "Ms. Ortiz"]),
        (
            "coaches log every visit in the tracker, the assistant principal reviews it weekly",
            ["coaches", "the assistant principal"],
        ),
        (
            "exit tickets read weekly by the math coordinator; she also shares a summary with the staff each quarter",
            ["the math coordinator", "the math coordinator"],  # the first a guess the team is asked to confirm
        ),
        (
            "the counselor rebuilds the schedule by 3/15, then tests it with the dept heads the week of april 12",
            ["the counselor", "the counselor"],
        ),
        ("ms kim trains staff by oct 1, then observes them monthly", ["Ms. Kim", "Ms. Kim"]),
        (
            "walkthroughs at each staff meeting; also look at whether our boys and girls get referred at the same rate",
            [None, None],
        ),
    ],
)
def test_work_then_a_check_or_next_step_on_a_time_of_its_own_is_two_actions(
    answer: str, owners: list[str | None]
) -> None:
    actions = read_answer(answer, TODAY).actions
    assert [action.fields.owner for action in actions] == owners


@pytest.mark.parametrize(
    "answer",
    [
        "teachers log the data weekly and ms kim checks it",
        "the coaches go to the institute in january. mrs hale books it",
        "coach aziz writes the coaching plan (weekly 1:1s for the first 6 wks) and shares it by jan 15",
    ],
)
def test_work_and_who_takes_it_up_with_no_time_of_its_own_stay_one_action(answer: str) -> None:
    assert len(read_answer(answer, TODAY).actions) == 1


@pytest.mark.parametrize(
    "answer",
    [
        "we'll figure out coaching later in the year i guess, not sure yet",
        "we'll probably sort out tutoring later in the spring, not sure",
        "hmm a mentor for new counselors? we don't have that, not sure",
        "we might revisit the whole plan later in the year, not sure",
    ],
)
def test_an_answer_ending_in_not_sure_that_commits_to_nothing_is_unsure(answer: str) -> None:
    reading = read_answer(answer, TODAY)
    assert reading.kind == "unsure" and reading.actions == []


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("not sure if 2 or 3 sessions, but ms kim runs the training by oct 9", "Ms. Kim"),
        ("ms kim runs the training, not sure yet", "Ms. Kim"),
        ("I'll build the coaching log dashboard — not sure when tho", None),
    ],
)
def test_an_action_with_a_hedge_stays_an_action(answer: str, owner: str | None) -> None:
    reading = read_answer(answer, TODAY)
    assert reading.kind == "action" and [action.fields.owner for action in reading.actions] == [owner]


def test_a_further_to_do_after_a_sentence_break_is_an_action_of_its_own() -> None:
    answer = "check reading levels every 3 weeks; and look at who's stuck in tier 2 by race and EL status"
    assert len(read_answer(answer, TODAY).actions) == 2


def test_also_with_a_time_of_its_own_is_a_second_action_and_with_her_points_back_to_the_owner() -> None:
    answer = (
        "ms lopez models a lesson in any grade that asks within a week. "
        "also starting in january every new hire gets a 6 week coaching cycle with her"
    )
    first, second = read_answer(answer, TODAY).actions
    assert first.fields.owner == second.fields.owner == "Ms. Lopez"


def test_check_marks_on_one_line_are_one_action_per_item_each_with_the_owner_after_its_dash() -> None:
    answer = "✅ exit tickets daily — math teachers ✅ item analysis after each unit test — PLC"
    first, second = read_answer(answer, TODAY).actions
    assert first.fields.owner == "math teachers" and first.fields.recurrence == "daily"
    assert second.fields.owner == "PLC" and "item analysis" in second.title.lower()


def test_pieces_of_work_each_handed_to_an_owner_with_an_arrow_are_as_many_actions() -> None:
    answer = (
        "common planning: master schedule change -> counseling office by 1/22, PLC time protected tuesdays -> "
        "Baines, sub coverage for lesson study -> front office"
    )
    actions = read_answer(answer, TODAY).actions
    assert len(actions) == 3
    assert actions[0].fields.owner == "counseling office" and actions[2].fields.owner == "front office"


def test_pieces_closed_by_a_dash_and_their_owner_split_at_the_semicolon() -> None:
    answer = (
        "home visits every month for the kids starting kinder in the fall — family advocates; and transition "
        "packets in english, spanish and mam — the family services manager by may 14"
    )
    first, second = read_answer(answer, TODAY).actions
    assert first.fields.recurrence == "monthly"
    assert second.fields.owner == "the family services manager" and second.fields.due == date(2027, 5, 14)


@pytest.mark.parametrize(
    ("answer", "owners"),
    [
        (
            "Hank calls the employers every other month, and Jolene writes the family newsletter about it monthly",
            [None, "Jolene"],
        ),
        (
            "Rosa logs every referral in the tracker within 3 days of each referral, and the data team splits the "
            "needs assessment by race, home language and housing status for the spring report due 4/30",
            [None, "the data team"],
        ),
        (
            "Family Supports Office books interpreters for every IEP meeting; case managers call each family "
            "within 2 days of each notice",
            None,
        ),
        (
            "ELD coach visit classroom of content teacher every week and give the feedback after each observation",
            ["ELD coach", "ELD coach"],
        ),
    ],
)
def test_a_second_subject_or_a_second_rhythm_starts_a_second_action(answer: str, owners: list | None) -> None:
    actions = read_answer(answer, TODAY).actions
    assert len(actions) == 2
    for action, owner in zip(actions, owners or [None, None], strict=True):
        assert owner is None or action.fields.owner == owner  # None: an owner the reading does not name yet


@pytest.mark.parametrize(
    "answer",
    ["I am not know yet how many teacher coach can see", "- Pilot site selection: not decided whether we do it."],
)
def test_not_knowing_yet_is_unsure_even_under_a_topic_label(answer: str) -> None:
    assert read_answer(answer, TODAY).kind == "unsure"


def test_a_second_to_do_tacked_on_with_too_is_an_action_sharing_the_date_said_after_both() -> None:
    first, second = read_answer("letters in spanish + arabic, call families too. office mgr. by 9/25", TODAY).actions
    assert "letters" in first.title.lower() and "call families" in second.title.lower()
    assert first.fields.due == second.fields.due == date(2026, 9, 25)


@pytest.mark.parametrize(
    "answer",
    [
        "lowkey is there even a budget for this?? who do we talk to",
        "ngl no idea what coaching would look like for the aides",
        "PLC time vs staff mtg?? which",
        "what should the data even show us is it attendance or grades",
        "One big question we have not settled is whether the pilot covers grade 6 or only grade 7.",
        "Installation is not really applicable to us since the program started two years ago.",
        "we don't even have a data team, the principal looks at stuff when she can?",
    ],
)
def test_a_question_or_a_not_for_us_typed_loosely_is_not_an_action(answer: str) -> None:
    reading = read_answer(answer, TODAY)
    assert reading.kind in ("question", "unsure") and reading.actions == []


@pytest.mark.parametrize(
    "answer",
    [
        "ms kim runs the survey by 10/2?? or is that too soon",
        "we don't have a coach so Mr. Lee will coach every friday",
    ],
)
def test_a_promise_with_a_question_beside_it_is_still_an_action(answer: str) -> None:
    assert read_answer(answer, TODAY).kind == "action"


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("Jasmine watches each new tutor once a month and gives them tips right after", "Jasmine"),
        ("maya and jordan are doing it b4 spring break", "Maya and Jordan"),
        ("Earl gets the bus radios fixed by 9/30", "Earl"),
        ("avid tutors get pulled for sub coverage. dr lindqvist writes a no-pull rule by friday", "Dr. Lindqvist"),
    ],
)
def test_a_first_name_doing_the_work_is_its_owner(answer: str, owner: str) -> None:
    (action,) = read_answer(answer, TODAY).actions
    assert action.fields.owner == owner


@pytest.mark.parametrize(
    ("answer", "due"),
    [
        ("9th grade parent night 10/22 w/ spanish + vietnamese interpreters, mr delgado", date(2026, 10, 22)),
        ("PD for all math teachers 10/4 with the district coach", date(2026, 10, 4)),
    ],
)
def test_a_day_followed_by_who_comes_is_the_due_date(answer: str, due: date) -> None:
    (action,) = read_answer(answer, TODAY).actions
    assert action.fields.due == due


def test_a_share_is_not_a_date() -> None:
    assert (
        read_answer("we got 2/3 with the new rubric last year, ms kim keeps tracking it", TODAY).actions[0].fields.due
        is None
    )
