"""Two people who share the work, typed the way teams type them: a titled name with a role in brackets joined to a
first name in lowercase ("ms. oduya (principal) & jen split them"), or two people signed after a dash with the verb
they share ("— dean harris + ms. bautista run it"). Both own one action; the plan line is the work."""

from __future__ import annotations

from datetime import date

from assistant.understanding.reader import read_answer

TODAY = date(2032, 9, 9)


def test_a_first_name_joined_after_a_bracketed_role_shares_the_work_said_last() -> None:
    answer = "SIPPS fidelity checklist on every group 1x/month, ms. oduya (principal) & jen split them"
    reading = read_answer(answer, TODAY).actions[0]
    assert (reading.fields.owner, reading.guessed) == ("Ms. Oduya and Jen", [])
    assert reading.title == "SIPPS fidelity checklist on every group"


def test_a_first_name_joined_after_a_bracketed_role_shares_the_work_said_first() -> None:
    answer = "ms. oduya (principal) & jen do the SIPPS fidelity checklist on every group 1x/month"
    reading = read_answer(answer, TODAY).actions[0]
    assert reading.fields.owner == "Ms. Oduya and Jen"
    assert reading.title == "Do the SIPPS fidelity checklist on every group"


def test_two_people_signed_after_a_dash_with_their_verb_are_one_action() -> None:
    answer = "all 9th gr teachers get the grading PD (no zeros, retakes) jan 20 — dean harris + ms. bautista run it"
    actions = read_answer(answer, TODAY).actions
    assert len(actions) == 1
    assert actions[0].fields.owner == "Dean Harris and Ms. Bautista"
    assert actions[0].fields.due == date(2033, 1, 20)
