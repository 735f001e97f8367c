"""Who a team names the way it types: common first names in lowercase ("eric sends…"), someone joined before the
owner ("— DeShawn + Capt. Hargrove", "kiara + the teacher leads use it"), a first name said last after "by", and a
guess that stops where the name stops ("LTC (R) Haverford posts…" is LTC (R) Haverford). A weekday meeting
("every thursday PLC") is when the work happens, not who does it."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer

TODAY = date(2031, 10, 1)


def _owner(answer: str) -> str | None:
    return read_answer(answer, TODAY).actions[0].fields.owner


@pytest.mark.parametrize("name", ["matthew", "jess", "kate", "laura"])
def test_common_first_names_typed_in_lowercase_own_their_part_of_the_work(name: str) -> None:
    answer = f"the counselors call home the same day, and {name} tracks the calls in a sheet"
    actions = read_answer(answer, TODAY).actions
    assert [a.fields.owner for a in actions] == ["the counselors", name.capitalize()]
    assert actions[1].title == "Track the calls in a sheet"


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("equity review of the policy by spring break — DeShawn + Capt. Hargrove", "DeShawn and Capt. Hargrove"),
        ("session checklist — kiara + the teacher leads use it on every observation", "Kiara and the teacher leads"),
        ("re-entry mtg within 3 school days of each release — CL + the counselor", "CL and the counselor"),
    ],
)
def test_someone_joined_before_the_owner_shares_the_work(answer: str, owner: str) -> None:
    assert _owner(answer) == owner


@pytest.mark.parametrize(
    "answer",
    [
        "monthly check-ins with the counselor and the coaches",
        "- data + the coaches review the screener every month",
    ],
)
def test_words_that_are_not_people_are_not_joined_to_the_owner(answer: str) -> None:
    owner = _owner(answer) or ""
    assert not owner.lower().startswith(("data", "monthly")), owner


def test_a_first_name_said_last_after_by_owns_the_work_and_leaves_the_title() -> None:
    action = read_answer("CLASS observations 2x a year (oct & march) by Rosalind, she's our certified observer", TODAY)
    reading = action.actions[0]
    assert reading.fields.owner == "Rosalind"
    assert "Rosalind" not in reading.title and "observer" not in reading.title


def test_by_a_day_is_a_due_date_not_an_owner() -> None:
    reading = read_answer("walkthroughs in every classroom by Friday", TODAY).actions[0]
    assert reading.fields.owner is None


def test_a_weekday_meeting_is_not_who_does_the_work() -> None:
    owner = _owner("every thursday PLC, 20 min where teachers practice that week's routine on each other")
    assert owner is None or "thursday" not in owner.lower()


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        (
            "LTC (R) Haverford posts cadet enlistment and college acceptance numbers on the hallway board monthly",
            "LTC (R) Haverford",
        ),
        (
            "The language access dashboard will be presented by the Chief of Family Engagement at each board work "
            "session.",
            "the Chief of Family Engagement",
        ),
    ],
)
def test_a_guessed_owner_stops_where_the_name_stops(answer: str, owner: str) -> None:
    reading = read_answer(answer, TODAY).actions[0]
    assert reading.fields.owner == owner


def test_a_name_in_brackets_is_guessed_without_the_bracket() -> None:
    answer = "Welcome coffee for new families every first friday of the month, in the library — that's me (Lorena)"
    assert _owner(answer) == "Lorena"


@pytest.mark.parametrize(
    "answer",
    [
        "DeShawn + Capt. Hargrove run coach training on the new routines by january 29",
        "ms lee & mr diaz run coach training on the new routines by january 29",
        "ms lee + mr diaz run coach training on the new routines by january 29",
    ],
)
def test_two_owners_joined_by_a_sign_leave_the_title_to_the_work(answer: str) -> None:
    reading = read_answer(answer, TODAY).actions[0]
    assert reading.title == "Run coach training on the new routines"
    assert " and " in (reading.fields.owner or "")


@pytest.mark.parametrize("title", ["Capt.", "Lt.", "Sgt.", "Prof.", "Rev."])
def test_a_rank_or_title_before_a_name_ends_no_sentence(title: str) -> None:
    reading = read_answer(f"the cadets present to {title} Hargrove and the board in may", TODAY).actions[0]
    assert f"{title} Hargrove and the board" in reading.title


def test_who_the_team_meets_with_leaves_no_dangling_word_in_the_title() -> None:
    reading = read_answer("we meet with Lt. Ramos every friday to review the sign-in logs", TODAY).actions[0]
    assert " with to " not in reading.title and reading.title.endswith("review the sign-in logs")


def test_a_role_then_a_titled_name_after_led_by_is_that_person_in_that_role() -> None:
    answer = "we'll host a student voice panel in feb, led by the student council advisor mr. petrov"
    reading = read_answer(answer, TODAY).actions[0]
    assert (reading.fields.owner, reading.fields.owner_role) == ("Mr. Petrov", "student council advisor")
    assert reading.title == "Host a student voice panel in feb"


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("the ELL teachers will have newcomer profiles done for every student by sept 30", "the ELL teachers"),
        ("the 3rd grade team will have the parent letters translated by 11/2", "the 3rd grade team"),
    ],
)
def test_who_will_have_the_work_done_owns_it(answer: str, owner: str) -> None:
    assert _owner(answer) == owner


def test_teachers_who_will_have_a_pd_day_only_take_part() -> None:
    assert _owner("teachers will have a pd day on the new curriculum in august") is None


def test_each_part_keeps_the_team_words_without_the_comma_it_was_cut_at() -> None:
    answer = "the counselors call home the same day, and matthew tracks the calls in a sheet"
    notes = [a.note for a in read_answer(answer, TODAY).actions]
    assert notes == ["the counselors call home the same day", "matthew tracks the calls in a sheet"]
