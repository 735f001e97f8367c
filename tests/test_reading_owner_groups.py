"""Who owns an action when a team names a group or an office by what it is ("area supervisors visit…", "the psychs
do…", "transportation has to confirm…"), who runs a session the others attend ("…, DeShawn runs it", "The
principal chairs."), who a passive names ("taught by the MFLC", "staffed by the helpdesk techs", "Recruitment by
Dean Ortiz."), and words that name no one ("hopefully by spring", "I'd like one counselor…", "buses!!")."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer
from tests.reading import first_owner, owner_words

TODAY = date(2031, 10, 1)


def owner_of(answer: str) -> tuple[str | None, list[str]]:
    return first_owner(answer, TODAY)


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("area supervisors visit each pilot kitchen once a week until fall break", "area supervisors"),
        ("the psychs do one consult a month with each SST", "psychs"),
        ("- all 6 psychs use the same eval checklist starting jan 5", "psychs"),
        ("the state reviewer pulls 10% of our files every month", "state reviewer"),
        ("bus drivers greet every kid by name at the door each morning", "bus drivers"),
        ("the attendance officers call home after the 3rd absence", "attendance officers"),
        ("our techs spot check 20 devices per school every month", "techs"),
        ("transportation has to confirm the summer routes by april 30", "transportation"),
        ("food service sets up the grab and go carts by 9/19", "food service"),
        ("the district's general counsel drafts the new MOU by january 30", "the district's general counsel"),
        (
            "Director of Student Services (Dr. Hollister-Moore) reports the data to the board each semester",
            "Dr. Hollister-Moore",
        ),
    ],
)
def test_a_group_or_office_named_before_what_it_does_owns_it(answer: str, owner: str) -> None:
    found, guessed = owner_of(answer)
    assert owner_words(found) == owner_words(owner), found
    assert "owner" not in guessed


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("all bus aides: 2 hrs on de-escalation at the feb PD day, DeShawn runs it", "DeShawn"),
        ("new teachers meet as a cohort every other thursday, Ms. Vandermolen facilitates", "Ms. Vandermolen"),
        ("The attendance team will meet on the first Monday of each month. The principal chairs.", "principal"),
        ("All staff: 45 min module on trauma-informed practice, taught by the MFLC at the nov 5 staff mtg", "MFLC"),
        (
            "family help line in english and haitian creole tues + thurs 5-7pm, staffed by the bilingual techs",
            "bilingual techs",
        ),
        (
            "Two seats on the committee go to students, paid $20 an hour. Recruitment by Dean Okafor-Whitby.",
            "Dean Okafor-Whitby",
        ),
    ],
)
def test_who_runs_or_staffs_the_work_owns_it_not_who_attends(answer: str, owner: str) -> None:
    found, _ = owner_of(answer)
    assert owner_words(found) == owner_words(owner), found


def test_a_name_with_a_capital_inside_is_read_in_a_run_on() -> None:
    found, _ = owner_of("family reading night in march LaToya sends the invites in english and spanish")
    assert found == "LaToya"


@pytest.mark.parametrize(
    "answer",
    [
        "we'll build a referral tracker in the SIS so we can see who referred, hopefully by spring",
        "I'd like one home-school counselor from each of our sending districts on an advisory group",
        "buses!! we still need to sort out the late routes before winter break",
        "make sure subs + bus drivers + lunch staff know the expectations too",
    ],
)
def test_words_that_name_no_one_are_not_offered_as_the_owner(answer: str) -> None:
    found, _ = owner_of(answer)
    assert found is None


def test_an_office_and_a_thing_it_plans_is_not_a_doer() -> None:
    reading = read_answer("COO + CFO — summer school transportation plan by spring break", TODAY)
    assert owner_words(reading.actions[0].fields.owner) == {"coo", "cfo"}


def test_two_offices_each_with_their_own_date_are_two_actions() -> None:
    reading = read_answer("2 breakfast floaters: HR posts the job by oct 1, area supervisors interview by 10/3", TODAY)
    owners = [owner_words(a.fields.owner) for a in reading.actions]
    assert owners == [{"hr"}, {"area", "supervisors"}]
    assert reading.actions[1].fields.due == date(2031, 10, 3)


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        (
            "Before each interview day: panel does implicit bias training + includes 1 parent (paid $25/hr). POC: HR",
            "HR",
        ),
        (
            "Ask facilities for a quiet room; get our tutors added to the badge list. Dr. Whitlock on both, by oct 31.",
            "Dr. Whitlock",
        ),
        ("sign-in logs for the loaner laptops reviewed monthly by the library clerk", "library clerk"),
    ],
)
def test_who_is_said_after_the_work_owns_it(answer: str, owner: str) -> None:
    found, guessed = owner_of(answer)
    assert owner_words(found) == owner_words(owner), found
    assert "owner" not in guessed


def test_a_who_line_under_a_list_owns_every_item() -> None:
    answer = "- consent forms in Spanish and Hmong\n- interpreters booked for every IEP meeting\nboth: SPED office"
    reading = read_answer(answer, TODAY)
    assert [owner_words(a.fields.owner) for a in reading.actions] == [{"sped", "office"}, {"sped", "office"}]


def test_by_the_last_day_is_the_last_day_of_school_and_keeps_two_doers_apart() -> None:
    reading = read_answer(
        "loaner log reviewed monthly by the library clerk; Dr. Aloisi does a full inventory by the last day", TODAY
    )
    clerk, inventory = reading.actions
    assert owner_words(clerk.fields.owner) == {"library", "clerk"} and clerk.fields.recurrence == "monthly"
    assert inventory.fields.owner == "Dr. Aloisi"
    assert inventory.fields.due is not None and inventory.fields.due.month == 6  # the usual US last day of school


def test_an_office_said_by_its_work_takes_the_second_step() -> None:
    reading = read_answer("Principal Ortiz drafts the MOU by Oct 27, county legal reviews it by 11/17", TODAY)
    (draft, review) = reading.actions
    assert draft.fields.owner == "Principal Ortiz" and draft.fields.due == date(2031, 10, 27)
    assert owner_words(review.fields.owner) == {"county", "legal"} and review.fields.due == date(2031, 11, 17)


def test_the_same_person_reporting_at_each_meeting_is_a_second_action() -> None:
    reading = read_answer(
        "Mx. Ferrante does fidelity observations with the OG checklist 1x per month & reports out at each task "
        "force meeting",
        TODAY,
    )
    assert [(a.fields.owner, a.fields.recurrence) for a in reading.actions] == [
        ("Mx. Ferrante", "monthly"),
        ("Mx. Ferrante", "each task force meeting"),
    ]


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("mrs. de la cruz runs a family zoom every other tues night in spanish", "Mrs. de la Cruz"),
        ("ms. del rio sends the flyer home by oct 3", "Ms. del Rio"),
        ("Juan de la Cruz sends the flyer home by oct 3", "Juan de la Cruz"),
        ("3 parents on the review cmte, $25/hr — Ms. Brightwater recruits b4 thanksgiving", "Ms. Brightwater"),
        ("monthly data to the county juvenile board, Capt. Hargrove + TW present", "Capt. Hargrove and TW"),
    ],
)
def test_a_name_ends_where_the_name_ends(answer: str, owner: str) -> None:
    reading = read_answer(answer, TODAY)
    assert len(reading.actions) == 1
    assert owner_words(reading.actions[0].fields.owner) == owner_words(owner)
