"""Who owns an action, read from more of the ways teams type it: initials after a role, in brackets or not
("our MTSS coordinator (J.R.) will…", "counselor r. tsosie will call…", "J.R. and the deans…"); words that are
not people left out of the owner (a document's title, a place, a meeting said by its letters); and an owner said
at the end of the answer ("…, lead is coach dee", "…, that falls to the deans", "…, that one's mr. begay's")."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.reading import first_owner

TODAY = date(2026, 11, 2)


def owner_of(answer: str) -> tuple[str | None, list[str]]:
    return first_owner(answer, TODAY)


def _plain(owner: str) -> str:
    """An owner as a planner would check it: "the counselor" and "our counselor" are the same person."""
    return re.sub(r"^(?:the|our)\s+", "", owner.lower())


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("our MTSS coordinator (J.R.) will pull the tier 2 list every 3 weeks", "J.R."),
        ("the attendance clerk (M.B.) pulls the chronic absence report monthly", "M.B."),
        ("our ELD coordinator, J.R., will update the newcomer binder before winter break", "J.R."),
        ("AP (D.W.) will observe each new teacher twice a month", "D.W."),
        ("the principal's secretary (L.M.) books the gym for family night by dec 10", "L.M."),
        ("our mtss cordinator (J.R.) sets up the intervention blocks by jan 15", "J.R."),
        ("our instructional coach J.R. models a lesson in each room by feb 1", "J.R."),
        ("our counselor R.T. tracks the attendance contracts weekly", "R.T."),
        ("J.R. will model a lesson in each room by feb 1", "J.R."),
        ("J.R. and the deans go over the referral data every friday", "J.R. and the deans"),
        ("sped coordinator (K.W.) + ms ortiz set up the co-planning calendar by dec 15", "K.W. and Ms. Ortiz"),
        ("counselor r. tsosie will call every family on the list by 12/15", "Counselor R. Tsosie"),
        ("attendance awards for each homeroom every month (J.R.)", "J.R."),
        ("attendance awards for each homeroom every month - J.R.", "J.R."),
        ("attendance awards for each homeroom every month, that's J.R.", "J.R."),
        ("J.R. (MTSS coordinator) pulls the tier 2 list every 3 weeks", "J.R."),
        ("our mtss coordinator (j.r.) will pull the tier 2 list every 3 weeks", "J.R."),
        ("the registrar (r. tsosie) sends the enrollment list to each team by jan 20", "R. Tsosie"),
        ("new teacher check-ins every 2 weeks, J.R. and the deans", "J.R. and the deans"),
        ("new teacher check-ins every 2 weeks - our mtss coordinator (J.R.)", "J.R."),
        ("the Newcomer Handbook gets updated by july 1 by the ELD coordinator (J.R.)", "J.R."),
        ("monthly family coffee hour (lead: j.r.)", "J.R."),
        ("monthly family coffee hour. responsible: j. begay", "J. Begay"),
        ("attendance letters home every month. counselor J.R.", "Counselor J.R."),
        ("family nights every quarter, that's on J.R. and the deans", "J.R. and the deans"),
    ],
)
def test_initials_after_a_role_are_the_owner(answer: str, owner: str) -> None:
    found, guessed = owner_of(answer)
    # "Coach J.R." or "J.R.": the person named by the initials, with or without their title
    assert found is not None and re.fullmatch(rf"(?:[a-z]+ )?{re.escape(_plain(owner))}", _plain(found))
    assert "owner" not in guessed


@pytest.mark.parametrize(
    "answer",
    [
        "Decision Memo to cabinet by dec 4",
        "Safety Plan updated by jan 10",
        "Strategic Plan draft to board in feb",
        "during PLC we look at the tier 2 data every week",
        "we will discuss the tier 2 data during PLC every week",
        "during PLC teachers sort the dibels data every month",
        "Clinic hours for students every tues and thurs",
    ],
)
def test_a_document_a_place_or_a_meeting_is_never_the_owner(answer: str) -> None:
    found, _ = owner_of(answer)
    assert found is None


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("during PLC time the 4th grade team looks at the dibels data monthly", "the 4th grade team"),
        ("at the clinic the nurse checks in with every kid on the chronic absence list weekly", "the nurse"),
        ("at the front office the attendance clerk calls home every morning by 10", "the attendance clerk"),
    ],
)
def test_who_does_the_work_at_a_meeting_or_a_place_is_the_owner_not_where(answer: str, owner: str) -> None:
    found, guessed = owner_of(answer)
    assert found == owner
    assert "owner" not in guessed


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("weekly check-in check-out for the 6th graders, lead is coach dee", "Coach Dee"),
        (
            "data chats with every senior each quarter. point person will be the 12th grade counselor",
            "12th grade counselor",
        ),
        ("restart the morning greeters in january - that one's mr. begay's", "Mr. Begay"),
        ("fix the bus line at dismissal before winter break, that falls to the deans", "the deans"),
        ("attendance awards for each homeroom every month, that'll be on the deans", "the deans"),
        ("attendance awards for each homeroom every month, the counselor's handling it", "the counselor"),
        ("attendance awards for each homeroom every month - coach dee's responsibility", "Coach Dee"),
        ("attendance awards for each homeroom every month, responsibility of the deans", "the deans"),
        ("attendance awards for each homeroom every month, mr begay is point on this", "Mr. Begay"),
        ("attendance awards for each homeroom every month, ms harjo volunteered", "Ms. Harjo"),
        ("attendance awards for each homeroom every month — coach dee's on it", "Coach Dee"),
        ("attendance awards for each homeroom every month, coach dee and the deans got it", "Coach Dee and the deans"),
        ("attendance awards for each homeroom every month, our AP's gonna lead that", "our AP"),
        ("attendance awards for each homeroom every month, falls under the dean", "the dean"),
        ("monthly family coffee hour -- owner is the family liaison", "the family liaison"),
        ("monthly family coffee hour, coach dee said she'd do it", "Coach Dee"),
        ("monthly family coffee hour, put coach dee down for it", "Coach Dee"),
        ("monthly family coffee hour, put it on coach dee", "Coach Dee"),
        ("monthly family coffee hour. Ms. Harjo's in charge of that", "Ms. Harjo"),
        ("monthly family coffee hour, we'll let the family liaison handle it", "the family liaison"),
    ],
)
def test_an_owner_said_at_the_end_is_read(answer: str, owner: str) -> None:
    found, guessed = owner_of(answer)
    assert found is not None and _plain(found) == _plain(owner)
    assert "owner" not in guessed


@pytest.mark.parametrize(
    "answer",
    [
        "attendance awards for each homeroom every month, mr begay point",
        "attendance awards for each homeroom every month, ms harjo volunteered",
    ],
)
def test_a_word_after_a_name_is_not_part_of_it(answer: str) -> None:
    found, _ = owner_of(answer)
    assert found is None or found in {"Mr. Begay", "Ms. Harjo"}
