"""Dates written with dots, end-of-day deadlines, weekday-and-day dates, short ranges, weekdays said as a rhythm and
rhythms by count ("3x/wk", "twice weekly") or by meeting ("at each IEP mtg", "every PD day")."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.action import read_action
from assistant.understanding.dates import parse_due

TODAY = date(2026, 10, 20)  # a Tuesday, default calendar: winter break Dec 21 - Jan 1, back Jan 4


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("ms lee sends the draft to the team by 11.17", date(2026, 11, 17)),
        ("coach puts the new rubric in the shared drive by 11.17.26", date(2026, 11, 17)),
        ("counselors finish the 504 reviews by 12.4.2026", date(2026, 12, 4)),
        ("data team posts the dashboard 1.15.27", date(2027, 1, 15)),
        ("sign-up sheet due 2.3, front office", date(2027, 2, 3)),
    ],
)
def test_a_day_written_with_dots_is_a_due_date(text: str, due: date) -> None:
    assert read_action(text, TODAY).fields.due == due


@pytest.mark.parametrize(
    "text",
    [
        "raise the avg gpa by 2.5 this year, ms kim tracks it",
        "cut chronic absence by 3.5 percent, attendance team",
        "teachers align the unit to standard 8.2.12",
        "ms lee presents section 4.3 of the plan to staff",
        "reduce referrals by 1.5 per class",
    ],
)
def test_a_decimal_is_not_a_day_where_a_dotted_day_is(text: str) -> None:
    assert read_action(text, TODAY).fields.due is None
    assert read_action(f"{text}, the first check by 3.4", TODAY).fields.due == date(2027, 3, 4)


def test_a_day_with_dots_is_the_answer_to_by_when() -> None:
    assert parse_due("11.17", TODAY) == date(2026, 11, 17)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("nurse gets consent forms back by COB 1/26", date(2027, 1, 26)),
        ("ms park shares the walkthrough tool by cob 11/6", date(2026, 11, 6)),
        ("submit the grant report on or before 4/1", date(2027, 4, 1)),
        ("the counselor sends the list by eod nov 3", date(2026, 11, 3)),
        ("ms ray posts grades due by EOD thurs 11/19", date(2026, 11, 19)),
        ("finish the 504 plans no later than 12.4", date(2026, 12, 4)),
    ],
)
def test_end_of_day_and_on_or_before_keep_the_day_said(text: str, due: date) -> None:
    assert read_action(text, TODAY).fields.due == due


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("coach sends the calendar thurs the 22nd", date(2026, 10, 22)),
        ("the 3rd grade team reviews iready data tues the 27th", date(2026, 10, 27)),
        ("mr ruiz books the bus for the field trip EOD wed the 21st", date(2026, 10, 21)),
        ("ms lee sends the agenda the 22nd (thurs)", date(2026, 10, 22)),
        ("the calendar goes out fri 23rd, ms ray", date(2026, 10, 23)),
    ],
)
def test_a_weekday_with_its_day_of_the_month_is_that_day(text: str, due: date) -> None:
    assert read_action(text, TODAY).fields.due == due


@pytest.mark.parametrize(
    "text",
    [
        # the next 16th (Nov 16) is a Monday: the weekday and the day disagree, so the date stays open (Dec 16 would
        # be a Wednesday, but that is a guess at the month)
        "by wednesday the 16th the team picks the kids",
        # Oct 16 was a Friday, but it has passed; the next 16th is not a Friday
        "send the draft by friday the 16th",
        # an ordinal of a period, not a day of the month
        "ms diaz does walkthroughs tues 2nd period, by wednesday the 16th",
        # "the 16th, a wednesday": the same check the other way round
        "draft to the team by the 16th, a wednesday",
    ],
)
def test_a_weekday_that_disagrees_with_the_next_such_day_leaves_the_date_open(text: str) -> None:
    assert read_action(text, TODAY).fields.due is None


@pytest.mark.parametrize(
    ("text", "start", "due"),
    [
        ("conferences between jan 11 and 15, counselors schedule them", date(2027, 1, 11), date(2027, 1, 15)),
        ("counselors hold the parent meetings between nov 2 and 6", date(2026, 11, 2), date(2026, 11, 6)),
        ("window is the 4th thru the 8th of jan for the screener", date(2027, 1, 4), date(2027, 1, 8)),
        ("ms diaz does the observations mon-wed of the week of 2/8", date(2027, 2, 8), date(2027, 2, 10)),
        ("makeup testing 12/7 thru 11, ms tan", date(2026, 12, 7), date(2026, 12, 11)),
        # the 8th of October has passed: the next 4th to 8th
        ("window is the 4th thru the 8th, ms tan proctors", date(2026, 11, 4), date(2026, 11, 8)),
    ],
)
def test_a_stretch_said_the_short_way_starts_on_its_first_day_and_is_due_its_last(
    text: str, start: date, due: date
) -> None:
    fields = read_action(text, TODAY).fields
    assert (fields.start, fields.due) == (start, due)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("the reading interventionist pulls the group tues and thurs", "twice a week"),
        ("ms o'neil runs small group mon/wed during WIN", "twice a week"),
        ("ELD push in tue & thu, ms chen", "twice a week"),
        ("the SLP sees them tues/thurs", "twice a week"),
        ("T-Th the para does check ins w/ the 5 kids", "twice a week"),
        ("advisors do check ins every tues and thurs", "twice a week"),
        ("the counselor meets the group every mon and wed", "twice a week"),
        ("tutoring M/W/F after school with mr banks", "three times a week"),
        ("tutoring mon, wed & fri in the library", "three times a week"),
        ("the para pulls them T/Th", "twice a week"),
        ("ms reyes runs the book club mon thru thurs after school", "four times a week"),
        ("we do the attendance huddle monday-friday at 7:45", "daily"),
    ],
)
def test_weekdays_said_together_are_a_weekly_rhythm_on_those_days(text: str, label: str) -> None:
    fields = read_action(text, TODAY).fields
    assert fields.recurrence == label
    assert fields.due is None


@pytest.mark.parametrize(
    "text",
    [
        "ms diaz observes tues and thurs next week",
        "our counselor is only here tues/thurs, she does home visits",
        "monday and wednesday we finish the schedule",
        "we observe mon-wed of next week",
        "the reading block moves to tues and thurs next semester",
        "the MTSS team reviews the tier 2 list",
    ],
)
def test_days_of_one_week_or_when_someone_is_around_are_no_rhythm(text: str) -> None:
    assert read_action(text, TODAY).fields.recurrence is None
    assert read_action(f"{text}; the para does check ins mon/wed", TODAY).fields.recurrence == "twice a week"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("the interventionist sees the tier 3 kids 3x/wk", "three times a week"),
        ("the tutor meets with them 3 times a week", "three times a week"),
        ("the SLP sees the group 2 days a week", "twice a week"),
        ("math coach models lessons twice weekly", "twice a week"),
        ("para checks the behavior chart 2x weekly", "twice a week"),
        ("the coach and AP do walkthroughs twice monthly", "twice a month"),
        ("the case manager reviews the BIP at each IEP meeting", "each IEP meeting"),
        ("case mgrs update the goals at every IEP mtg", "each IEP meeting"),
        ("teachers do a peer visit every PD day", "each PD day"),
        ("the team reviews the plan at every SST meeting", "each SST meeting"),
        ("ms ray reviews the data once a grading period", "quarterly"),
        ("AP checks lesson plans twice a mo", "twice a month"),
        ("ms ross pulls the group 3 x per wk", "three times a week"),
    ],
)
def test_rhythms_by_count_or_by_meeting_are_read(text: str, label: str) -> None:
    assert read_action(text, TODAY).fields.recurrence == label


@pytest.mark.parametrize(
    "text",
    [
        "advisory moves to 30 min 4x/week next yr, the scheduling team has a draft by may 7",
        "need 3 days a week for the interventionist",
        "every IEP meeting notice goes out in spanish",
        "teachers rate each pd day on a google form",
    ],
)
def test_a_schedule_change_or_a_thing_named_after_a_meeting_is_no_rhythm(text: str) -> None:
    assert read_action(text, TODAY).fields.recurrence is None
    assert read_action(f"{text}. the SLP checks in 3x/wk", TODAY).fields.recurrence == "three times a week"
