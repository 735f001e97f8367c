"""Rhythms in IEP shorthand and in Spanish, end-of-day deadlines, benchmark windows and dates after "approved by"."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.action import read_action
from assistant.understanding.recurrence import find_recurrence

TODAY = date(2026, 10, 20)  # a Tuesday, default calendar: winter break Dec 21 - Jan 1, back Jan 4


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("co-teach pairs meet w/ the sped coord for co-planning coaching q2wks", "biweekly"),
        ("AP Greer checks in w/ each pair every other fri", "biweekly"),
        ("pbis team mtg moved to every other thurs @ 7:30", "biweekly"),
        ("co-teach fidelity walkthru w/ the checklist 1x/mo, AP Greer", "monthly"),
        ("the AP said he'd do 1 a month", "monthly"),
        ("refresh from the SIS nightly; the systems analyst owns the job", "daily"),
        ("chronic absence by school + subgroup every cabinet mtg", "each cabinet meeting"),
        ("Following each listening session, the Board Secretary posts a summary", "after each listening session"),
        ("after each family cafe I post a 'you asked, we did' flyer", "after each family cafe"),
    ],
)
def test_shorthand_rhythms_are_read(text: str, label: str) -> None:
    found = find_recurrence(text)
    assert found is not None and found.label == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("junta de padres cada mes en español e inglés, Sr. Beltrán organiza", "monthly"),
        ("Ms. Ibarra hace language allocation walkthroughs 2 veces al mes", "twice a month"),
        ("DL leadership team se reúne el primer martes de cada mes", "monthly"),
        ("coaching ciclos de 6 semanas con la coach, Ms. Ibarra", "every 6 weeks"),
    ],
)
def test_rhythms_said_in_spanish_are_read(text: str, label: str) -> None:
    found = find_recurrence(text)
    assert found is not None and found.label == label


def test_every_plc_on_a_day_of_the_month_is_monthly() -> None:
    found = find_recurrence("Every PLC calibrates on one anchor essay the first Wednesday of each month")
    assert found is not None and found.label == "monthly"


def test_periods_a_week_that_are_asked_for_are_not_a_rhythm() -> None:
    assert find_recurrence("need 2 library periods a week protected in the 7th grade schedule next year") is None


def test_an_annual_thing_repeats_but_work_on_the_annual_report_does_not() -> None:
    found = find_recurrence("An annual board self-evaluation of goal monitoring in June, led by the Board President")
    assert found is not None and found.label == "annually"
    assert find_recurrence("update the annual report by May 15") is None


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("get the course approved by march 5", date(2027, 3, 5)),
        ("the handbook reviewed by oct 30", date(2026, 10, 30)),
        ("the master schedule signed by 11/6", date(2026, 11, 6)),
    ],
)
def test_a_day_after_a_past_participle_is_a_due_date(text: str, due: date) -> None:
    assert read_action(text, TODAY).fields.due == due


def test_a_bare_month_after_led_by_may_be_a_person_but_not_a_month_with_its_day() -> None:
    assert read_action("the book study is led by May", TODAY).fields.due is None
    assert read_action("the book study plan approved by may 14", TODAY).fields.due == date(2027, 5, 14)


def test_close_of_business_on_a_weekday_is_that_weekday() -> None:
    assert read_action("action tracker cleaned up by COB thurs", TODAY).fields.due == date(2026, 10, 22)


def test_the_moy_window_is_the_benchmark_window() -> None:
    fields = read_action("train the building data teams during the MOY window", TODAY).fields
    assert fields.due == date(2027, 1, 22)  # the default window: from a week after the return, for twelve days


def test_before_a_break_said_in_spanish_is_the_last_school_day_before_it() -> None:
    fields = read_action("contratar 2 maestros bilingües, el director Ramos, antes de spring break", TODAY).fields
    assert fields.due is not None and fields.due.month == 3 and fields.start is None


def test_starting_after_a_break_said_in_spanish_is_a_start() -> None:
    fields = read_action("coaching ciclos de 6 semanas con la coach, empezando después de winter break", TODAY).fields
    assert fields.recurrence == "every 6 weeks"
    assert fields.start == date(2027, 1, 4) and fields.due is None


def test_a_weekday_then_how_often_is_read_as_how_often() -> None:
    found = find_recurrence("coach bell plans PD tuesdays, every other week until spring break")
    assert found is not None and found.label == "biweekly"


def test_a_message_named_for_its_weekday_goes_out_weekly() -> None:
    found = find_recurrence("shout outs in the monday email, that's on our AP")
    assert found is not None and found.label == "weekly"


def test_moving_a_block_to_a_weekday_is_done_once() -> None:
    assert find_recurrence("move PLC time to tuesdays so depts can meet w/ the coach next yr") is None
    found = find_recurrence("PLCs meet on tuesdays with the coach")
    assert found is not None and found.label == "weekly"


def test_ordinal_weekdays_of_each_month_write_no_day_of_the_month() -> None:
    fields = read_action("ODR data by race on the 1st + 3rd wed of each month — Benning pulls it", TODAY).fields
    assert fields.recurrence == "twice a month" and fields.due is None


def test_a_rhythm_said_outright_wins_over_a_weekday_message() -> None:
    found = find_recurrence("ms kim puts a UFLI corner in the monday memo and the family newsletter every month")
    assert found is not None and found.label == "monthly"


def test_a_quarter_of_a_year_no_school_has_is_refused_in_one_sentence() -> None:
    from datetime import date

    import pytest

    from assistant.errors import InputError
    from assistant.understanding.fields import parse_due

    with pytest.raises(InputError, match="couldn't read"):
        parse_due("Q3 0001-01-01", date(2020, 1, 1))
    assert parse_due("Q3 2027-28", date(2026, 9, 8)) == date(2028, 3, 31)
