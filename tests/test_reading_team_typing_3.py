"""More of how teams type who does the work: a bulleted item whose next bullets only say "Owner:" or "Due:", a
first name in the middle of a run-on ("…by oct 1 shawna and deb do the interviews"), names typed with accents, and
titles beyond Mr. and Ms. ("Capt. Hargrove", "capt hargrove")."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer
from tests.reading import first_owner
from tests.reading import owner_words as words

TODAY = date(2030, 9, 10)


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        (
            "- weekly grade check every Monday for all fall athletes + band + drama\n- Owner: Mrs. O'Hara (academic "
            "coordinator)",
            {"mrs", "o", "hara"},
        ),
        (
            "- eligibility data by sport, gender and race to the principal every quarter\n- Owner: Mr. Bianchi",
            {"mr", "bianchi"},
        ),
        (
            "- all coaches get a 1 hr training on the eligibility policy, at the Sept 18 coaches mtg\n- run by Ms. Dao "
            "(activities director)",
            {"ms", "dao"},
        ),
    ],
)
def test_a_bullet_that_only_names_the_owner_belongs_to_the_item_above(answer: str, owner: set[str]) -> None:
    reading = read_answer(answer, TODAY)
    assert len(reading.actions) == 1  # one piece of work, not a second action titled "Owner: …"
    assert words(reading.actions[0].fields.owner) == owner
    assert not reading.actions[0].title.lower().startswith(("owner", "run by"))


def test_owner_and_due_bullets_fill_in_the_item() -> None:
    answer = "- concussion check-in training for the team captains of every fall sport\n- Owner: Kelsey\n- Due: 10/4"
    (action,) = read_answer(answer, TODAY).actions
    assert action.fields.owner == "Kelsey"
    assert action.fields.due == date(2030, 10, 4)


def test_a_title_never_opens_with_the_colon_of_a_date_said_first() -> None:
    (action,) = read_answer("end of first semester: compare GPAs of athletes who came to study table", TODAY).actions
    assert action.title.startswith("Compare GPAs")


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("we need a second intervention para by oct 1 shawna and deb do the interviews", {"shawna", "deb"}),
        (
            "after each star window deb and ray pull the scores by grade and for our iep kids and we pick who goes",
            {"deb", "ray"},
        ),
        (
            "family math night at the community hall oct 9 with dinner and spanish interpreting marcus runs it",
            {"marcus"},
        ),
        ("new sub list by friday kiara sends it to the office", {"kiara"}),
    ],
)
def test_a_first_name_doing_the_work_in_a_run_on(answer: str, owner: set[str]) -> None:
    found, _ = first_owner(answer, TODAY)
    assert words(found) == owner


@pytest.mark.parametrize(
    "answer",
    [
        "the title I grant pays for the subs by oct 1 and we pick the dates",
        "by oct 1 we mark attendance in the new app and may change the form later",
    ],
)
def test_a_word_that_is_also_a_name_is_not_taken_for_someone(answer: str) -> None:
    found, _ = first_owner(answer, TODAY)
    assert not {"grant", "mark", "may"} & words(found)


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("Renée will bring the participation numbers to the principals meeting every month.", "Renée"),
        ("renée will bring the participation numbers to the principals meeting every month", "Renée"),
        ("José runs the tutoring sign-ups every friday", "José"),
    ],
)
def test_a_name_with_accents_is_read_and_kept_as_typed(answer: str, owner: str) -> None:
    found, guessed = first_owner(answer, TODAY)
    assert found == owner
    assert "owner" not in guessed  # read for sure, as "Rosa will bring…" is


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        (
            "Capt. Hargrove: school day moves to 8-2:30 with no lockdown drills during class, in place by 2/3",
            {"capt", "hargrove"},
        ),
        ("capt hargrove runs the lockdown drill debrief every month", {"capt", "hargrove"}),
    ],
)
def test_more_titles_name_someone(answer: str, owner: set[str]) -> None:
    found, _ = first_owner(answer, TODAY)
    assert words(found) == owner


def test_prof_without_a_period_is_professional() -> None:
    reading = read_answer("prof dev on the new math units for all teachers by oct 15, the math coach runs it", TODAY)
    assert "Prof." not in reading.actions[0].title


@pytest.mark.parametrize(
    ("answer", "first", "second"),
    [
        (
            "deb shares the intervention numbers at every staff mtg and with the board in dec and may",
            ("each staff meeting", "staff"),
            ("twice a year", "board"),
        ),
        (
            "Gary reports open work orders + air quality data to cabinet every month and to the board 2x a year "
            "(Nov + April)",
            ("monthly", "cabinet"),
            ("twice a year", "board"),
        ),
    ],
)
def test_the_same_work_for_another_audience_at_its_own_time_is_a_second_action(
    answer: str, first: tuple[str, str], second: tuple[str, str]
) -> None:
    actions = read_answer(answer, TODAY).actions
    assert len(actions) == 2
    for action, (rhythm, word) in zip(actions, (first, second), strict=True):
        assert action.fields.owner in ("Deb", "Gary")  # the doer of the first is the doer of both
        assert action.fields.recurrence == rhythm
        assert word in action.title.lower()


def test_the_same_audience_at_one_time_stays_one_action() -> None:
    (action,) = read_answer("ms kim shares the attendance data with the board and the PTA in may", TODAY).actions
    assert action.fields.owner == "Ms. Kim"


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("success coaches call every kid who missed 2+ live sessions the week before, every monday", "success coaches"),
        ("VCC instructors flag any student below a C at midterm each semester", "VCC instructors"),
        ("ESD coach (Marisol) in 2x/mo for the two new teachers, co-plans + observes", "Marisol"),
        ("the PAC meets the first saturday of each month, parents paid $20/hr for the planning part", "the PAC"),
    ],
)
def test_a_group_named_by_what_it_is_before_its_verb(answer: str, owner: str) -> None:
    found, guessed = first_owner(answer, TODAY)
    assert found == owner
    assert "owner" not in guessed


@pytest.mark.parametrize(
    "answer",
    [
        "the IEP includes a reading goal by march 1",
        "the MAP scores go home to families in may",
    ],
)
def test_a_document_named_by_its_letters_is_no_one(answer: str) -> None:
    found, _ = first_owner(answer, TODAY)
    assert found is None


@pytest.mark.parametrize(
    "answer",
    [
        "I'll coach the two new teachers myself, weekly 1:1s",
        "We will have a parent tasting night on March 5 with interpreters, and we are paying 4 PTA parents $20 an hour",
    ],
)
def test_the_speaker_or_a_doing_is_never_guessed_as_someone(answer: str) -> None:
    reading = read_answer(answer, TODAY)
    assert all(action.fields.owner is None for action in reading.actions)  # the team is asked who, not told


@pytest.mark.parametrize(
    ("answer", "start", "due"),
    [
        ("custodial leads trained on the new app in 2 sessions, Nov 14 and Nov 21 - lorraine", (11, 14), (11, 21)),
        (
            "- [ ] digital citizenship refresher for all K-5 teachers, 3 after-school sessions (3/4, 3/11, 3/25) "
            "— TOSAs",
            (3, 4),
            (3, 25),
        ),
        ("ms kim runs the math refresher on Sept 13 and Sept 27 (both PD Fridays)", (9, 13), (9, 27)),
    ],
)
def test_the_sessions_of_one_training_run_from_the_first_day_to_the_last(
    answer: str, start: tuple[int, int], due: tuple[int, int]
) -> None:
    (action,) = read_answer(answer, TODAY).actions
    assert (action.fields.start.month, action.fields.start.day) == start  # type: ignore[union-attr]
    assert (action.fields.due.month, action.fields.due.day) == due  # type: ignore[union-attr]


def test_two_deliverables_in_different_months_are_not_one_stretch() -> None:
    (action,) = read_answer("the policy office rewrites the transfer policy; Feb 10 and Mar 3", TODAY).actions
    assert action.fields.start is None or action.fields.start.month != 2 or action.fields.due.month != 3  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("answer", "rhythm"),
    [
        ("GT parent newsletter in English and Spanish, 3x a year - the GT office", "three times a year"),
        ("the counselors run a family night 3x/yr", "three times a year"),
        ("the ELD team looks at WIDA scores by home language each benchmark window", "each benchmark window"),
        ("principal reports attendance to the board 4x a year", "quarterly"),
    ],
)
def test_three_times_a_year_is_its_own_rhythm(answer: str, rhythm: str) -> None:
    (action,) = read_answer(answer, TODAY).actions
    assert action.fields.recurrence == rhythm


def test_a_list_mark_never_opens_a_title() -> None:
    (action,) = read_answer("- [ ] new sub list for the front office by friday - ms. dao", TODAY).actions
    assert action.title.startswith("New sub list")


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (
            "how often should ray actually be in the classrooms vs meeting with us is every other week even enough",
            "question",
        ),
        ("how much should we budget for interpreters per family night if we do one every month", "question"),
        (
            "We would like to approach the state about a residency stipend waiver, but I honestly don't know where "
            "to start with that.",
            "unsure",
        ),
    ],
)
def test_a_question_or_a_doubt_that_names_a_rhythm_is_not_work(answer: str, kind: str) -> None:
    reading = read_answer(answer, TODAY)
    assert reading.kind == kind
    assert reading.actions == []


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("hire a reading interventionist, posting goes up 10/1, owner: mr. two bulls (HR)", {"mr", "two", "bulls"}),
        (
            "eighth grade parent night with interpreters on january 23, mrs chen whitaker is running that one",
            {"mrs", "chen", "whitaker"},
        ),
    ],
)
def test_a_surname_of_two_words_or_a_spanish_title_is_kept(answer: str, owner: set[str]) -> None:
    found, guessed = first_owner(answer, TODAY)
    assert words(found) == owner
    assert "owner" not in guessed


def test_a_spanish_title_before_an_accented_name() -> None:
    found, guessed = first_owner("profe Báez coaches the summer teachers on sheltered instruction 2x a week", TODAY)
    assert found == "Profe Báez"
    assert "owner" not in guessed


def test_a_verb_after_a_titled_name_is_not_its_surname() -> None:
    found, _ = first_owner("the leadership team looks at the tier 2 data every 6 weeks, mr. abara facilitates", TODAY)
    assert found == "Mr. Abara"


def test_a_coach_called_by_a_letter_is_the_owner() -> None:
    (action,) = read_answer(
        "coach p will get the 3 coaches through the iirp circle facilitator training before winter break", TODAY
    ).actions
    assert words(action.fields.owner) == {"coach", "p"}
    assert action.title.startswith("Get the 3 coaches")


def test_coach_a_teacher_is_still_work() -> None:
    (action,) = read_answer("coach a new teacher every week", TODAY).actions
    assert action.fields.owner is None
