"""Who owns an action, read from more of the ways teams write people: a title in Spanish inside English ("la
maestra Ortega", "Sr. Fuentes"), someone named by an initial ("R. Castillo"), an office or a title said in full
at the end ("— Director of Curriculum & Instruction", ", Talent Analytics"), several people with the speaker
among them, a first name or a role doing the work with any verb, a role in brackets at the end, and an owner
after "Owner:", "via", "requested of" or "provided by". None of them is a guess to confirm."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.fields import parse_owner
from assistant.understanding.reader import read_answer
from tests.reading import first_owner

TODAY = date(2026, 11, 2)


def owner_of(answer: str) -> tuple[str | None, list[str]]:
    return first_owner(answer, TODAY)


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("la maestra Ortega leads the family literacy nights in spanish on 1/12", "maestra Ortega"),
        ("boletín para familias every month — Sr. Fuentes", "Sr. Fuentes"),
        ("pay the parent reps $20 por hora for the design meetings; Sr. Fuentes", "Sr. Fuentes"),
        ("comprar libros bilingües for the library, el director Paredes, antes de winter break", "Director Paredes"),
        ("Sr. Fuentes organiza the parent cafecito every month", "Sr. Fuentes"),
        ("ciclos de coaching de 6 semanas con la coach, Ms. Varela, empezando después de fall break", "Ms. Varela"),
    ],
)
def test_owners_said_in_spanish_inside_english_are_read(answer: str, owner: str) -> None:
    found, guessed = owner_of(answer)
    assert found is not None and found.lower() == owner.lower()
    assert "owner" not in guessed


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        (
            "quarterly attendance report to the board — Director of Curriculum & Instruction",
            "Director of Curriculum & Instruction",
        ),
        ("pull 5 yrs of hiring data by school and race — by feb 2, Talent Analytics", "Talent Analytics"),
        ("climate survey results by school and subgroup — HR analytics, due March 1", "HR analytics"),
        ("tardy data every cabinet mtg — Dir. of Research", "Dir. of Research"),
        ("family advisory council, 4 meetings this year; Family Engagement Dir.", "Family Engagement Dir"),
        (
            "new board member orientation in january; Board President and Superintendent, by Feb 1.",
            "Board President and Superintendent",
        ),
        ("EWS pilot dashboard — Data Office (R. Castillo), target 11/20", "R. Castillo"),
        ("reading night for families — Mrs. Ames the title aide", "Mrs. Ames"),
        ("site council meets every 2nd tuesday — Principal Okoro chairs", "Principal Okoro"),
        ("para training on data collection, Nov 3, OT + SLP lead", "OT and SLP"),
    ],
)
def test_an_owner_said_last_is_read_whole(answer: str, owner: str) -> None:
    found, guessed = owner_of(answer)
    assert found is not None and found.lower() == owner.lower()
    assert "owner" not in guessed


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("Mr. Ochoa, Ms. Pratt and I co-teach the argument writing unit in march", "Mr. Ochoa and Ms. Pratt"),
        ("Lou reprints the late bus passes before winter break", "Lou"),
        ("Dispatch sets up the snow day robocalls by dec 1", "Dispatch"),
        ("Marisol also meets our two social workers every other week", "Marisol"),
        ("SLP pushes into the kindergarten rooms twice a week", "SLP"),
        ("CEO updates the board on enrollment each quarter", "CEO"),
        ("Outreach workers do a home visit within 3 days of each referral", "Outreach workers"),
        ("Becky (she runs the after-school club) is signed up for the STEM institute in june", "Becky"),
        ("* Benning + Ms. Tafoya: % of kids meeting goal, reported at each tier 2 mtg", "Benning and Ms. Tafoya"),
        ("co-teach pairs meet w/ sped coord (K. Whitfield) every other week", "K. Whitfield"),
    ],
)
def test_people_and_roles_doing_the_work_are_read(answer: str, owner: str) -> None:
    found, guessed = owner_of(answer)
    assert found == owner
    assert "owner" not in guessed


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        (
            "The hiring rubric gets a race equity impact review before it is posted. Owner: the JLMC as a whole.",
            "the JLMC",
        ),
        ("The budget goes to the board via the Assistant Superintendent for Business on 5/16.", "Business"),
        (
            "A review of the homework policy is requested of the board's policy committee, by March 8.",
            "policy committee",
        ),
        ("add 2 parents of ELs to the design team + pay them $25/mtg (ELD coord)", "ELD coord"),
        ("Mentor training: 2 days in June, provided by the New Teacher Center.", "the New Teacher Center"),
        (
            "Contract language to be drafted by the union bargaining team + district labor relations by May 9",
            "relations",
        ),
    ],
)
def test_an_owner_after_a_label_via_or_requested_of_is_read(answer: str, owner: str) -> None:
    found, guessed = owner_of(answer)
    assert found is not None and found.endswith(owner)
    assert "owner" not in guessed


def test_a_reply_naming_a_chief_or_an_office_by_its_letters_is_read() -> None:
    assert parse_owner("Chief of Staff, no date yet")[0] == "Chief of Staff"
    assert parse_owner("the CFO, no date yet")[0] == "the CFO"


def test_a_full_name_doing_the_work_in_the_present_tense_is_the_owner() -> None:
    from datetime import date

    (action,) = read_answer("Dana Reyes observes every new teacher every other week", date(2026, 9, 8)).actions
    assert action.fields.owner == "Dana Reyes" and action.fields.recurrence == "biweekly"
    assert action.title == "Observe every new teacher"
    (thing,) = read_answer("Family Night needs the gym by oct 2", date(2026, 9, 8)).actions
    assert thing.fields.owner is None
