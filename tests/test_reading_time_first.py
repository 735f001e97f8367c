"""Answers that say when before who: "every monday the coaches meet…", "at the end of each semester mr. obi reports
the results", "after every observation the coach sends…". The owner is who, not when, and the title is the work."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer

TODAY = date(2031, 8, 1)


@pytest.mark.parametrize(
    ("answer", "owner", "title"),
    [
        ("every monday the coaches meet with the 3rd grade team", "the coaches", "Meet with the 3rd grade team"),
        ("at the end of each semester mr. obi reports the results", "Mr. Obi", "Report the results"),
        (
            "after every observation the coach sends written feedback within 2 days",
            "the coach",
            "Send written feedback within 2 days",
        ),
    ],
)
def test_when_said_first_leaves_the_owner_and_the_title_to_who_and_what(answer: str, owner: str, title: str) -> None:
    reading = read_answer(answer, TODAY).actions[0]
    assert reading.fields.owner == owner
    assert reading.title == title
    assert reading.fields.recurrence


def test_someone_to_do_the_work_still_reads_as_owner_and_work() -> None:
    reading = read_answer("ms kim to send the letters by friday", TODAY).actions[0]
    assert (reading.fields.owner, reading.title) == ("Ms. Kim", "Send the letters")


def test_a_role_said_with_our_is_kept_as_the_role() -> None:
    answer = "our data coach (ms. ferreira) pulls the fall iready by subgroup before thanksgiving"
    reading = read_answer(answer, TODAY).actions[0]
    assert (reading.fields.owner, reading.fields.owner_role) == ("Ms. Ferreira", "the data coach")
    assert reading.title == "Pull the fall iready by subgroup"


def test_a_role_then_the_person_in_brackets_leaves_the_title_to_the_work() -> None:
    answer = "Program director (Dr. Tsosie-Whalen) reports to the 3 districts' sped directors each semester"
    reading = read_answer(answer, TODAY).actions[0]
    assert reading.title.startswith("Report to the 3 districts' sped directors")


@pytest.mark.parametrize(
    ("answer", "owner", "title"),
    [
        ("family liaison ana reyes runs the parent university nights", "Ana Reyes", "Run the parent university nights"),
        ("the family liaison ana calls every family by friday", "Ana", "Call every family"),
        ("our data clerk maria checks the attendance codes every friday", "Maria", "Check the attendance codes"),
    ],
)
def test_a_first_name_said_after_the_role_it_holds_owns_the_work(answer: str, owner: str, title: str) -> None:
    reading = read_answer(answer, TODAY).actions[0]
    assert (reading.fields.owner, reading.title) == (owner, title)


def test_a_surname_ending_in_s_is_not_read_as_a_verb() -> None:
    assert read_answer("parent nights twice a year — family liaison ana reyes", TODAY).actions[0].fields.owner == (
        "Ana Reyes"
    )
