"""Who owns an action, read from the way teams write people: titles of address ("Sra. Ocampo", "Asst. Supt.
Holloway"), a role with the person in brackets, a person who chairs the group, each member of a group doing the
work, and owners said on their own at the end of the answer. A pronoun is never an owner."""

from __future__ import annotations

from datetime import date

import pytest

from tests.reading import first_owner

TODAY = date(2026, 11, 2)


def owner_of(answer: str) -> tuple[str | None, list[str]]:
    return first_owner(answer, TODAY)


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("Sra. Ocampo observes each new ELD teacher twice a month", "Sra. Ocampo"),
        ("family night planning, led by Asst. Supt. Holloway, starts in january", "Assistant Superintendent Holloway"),
        ("the budget request goes to the board in march. Owner: Data Analyst (J. Moreno)", "J. Moreno"),
        ("the parent survey goes out in may. Owner: Family Liaison (R. Soto)", "R. Soto"),
        ("the equity council, which Dr. Amadi chairs, meets every other month", "Dr. Amadi"),
    ],
)
def test_titled_names_and_named_roles_are_read_for_sure(answer: str, owner: str) -> None:
    found, guessed = owner_of(answer)
    assert found == owner
    assert "owner" not in guessed


def test_a_pronoun_after_the_owner_is_never_read_as_one() -> None:
    found, _ = owner_of(
        "so basically Mr. Whitfield is going to run the lunch clubs twice a week and he'll need a room for them"
    )
    assert found == "Mr. Whitfield"


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("for advisory every staff member calls 5 families before conferences", "every staff member"),
        ("every cabinet member sends a one-page update before winter break", "every cabinet member"),
    ],
)
def test_each_member_doing_the_work_owns_it_when_no_one_else_is_named(answer: str, owner: str) -> None:
    found, guessed = owner_of(answer)
    assert found == owner
    assert "owner" not in guessed
    receiving, _ = owner_of(answer.replace(" calls ", " gets ").replace(" sends ", " gets "))
    assert receiving is None or not receiving.lower().startswith(("each", "every"))  # they receive the work


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("chromebook carts checked before testing week. IT and Marcus.", "IT and Marcus"),
        ("family survey in april, results shared at the may coffee. counselor + me", "counselor"),
        ("the new enrollment form in plain language - Family Engagement", "Family Engagement"),
        ("budget dashboard posted each quarter — Research & Evaluation.", "Research & Evaluation"),
    ],
)
def test_people_said_on_their_own_at_the_end_own_the_action(answer: str, owner: str) -> None:
    found, guessed = owner_of(answer)
    assert found == owner
    assert "owner" not in guessed
    languages, _ = owner_of("letters home about the new schedule in three languages. Spanish and Somali.")
    assert languages is None  # a closing list of languages names no one


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        (
            "snack bags go home every Friday with a note in Spanish and Somali, packed by the office aides.",
            "the office aides",
        ),
        ("book fair volunteers lined up before march — recruited by Lorena", "Lorena"),
        ("- data chats for all 6th grade teachers 10/14 w/ the district data coach Ms. Ferraro", "Ms. Ferraro"),
        ("reading club for 4th graders: 6 kids per teacher. librarian recruits. by 4/2", "librarian"),
    ],
)
def test_who_does_the_work_said_after_it_owns_it(answer: str, owner: str) -> None:
    found, guessed = owner_of(answer)
    assert found == owner
    assert "owner" not in guessed
