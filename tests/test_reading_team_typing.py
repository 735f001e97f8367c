"""Owners and actions read from the way school teams type in a planning meeting: a name after its role ("our
counselor Tomasz calls…", "… – data tech Ignacio"), a name with a hyphen ("Anne-Marie breaks…"), roles such as the
head of school or the psychometrician, someone from a partner office, and two doers in one answer, each on a rhythm
of their own."""

from __future__ import annotations

import re
from datetime import date

import pytest

from assistant.understanding.reader import read_answer

TODAY = date(2026, 9, 8)


def _plain(owner: str | None) -> str | None:
    """An owner as a planner would check it: "the treasurer" and "our treasurer" are the same person."""
    return None if owner is None else re.sub(r"^(?:the|our)\s+", "", owner.lower())


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("Anne-Marie breaks the benchmark scores out by EL status by march 3", "Anne-Marie"),
        ("Luz-Maria posts the field trip photos every friday", "Luz-Maria"),
        ("our counselor Tomasz calls every family of a chronically absent student by oct 20", "Tomasz"),
        ("reading interventionist Dalia does the fluency checks every other tuesday", "Dalia"),
        ("progress monitoring data cleaned up by the end of the month – data tech Ignacio", "Ignacio"),
        ("the psychometrician reruns the identification rates by race after each testing window", "psychometrician"),
        ("the head of school sets the master schedule for next year by march 1", "head of school"),
        ("the teacher of record calls home within two days of each new enrollment", "teacher of record"),
        ("Rafael from the regional science center runs the family science night on april 9", "Rafael"),
    ],
)
def test_who_does_the_work_is_read_from_how_the_team_typed_it(answer: str, owner: str) -> None:
    reading = read_answer(answer, TODAY)
    assert reading.kind == "action"
    action = reading.actions[0]
    assert _plain(action.fields.owner) == _plain(owner)
    assert "owner" not in action.guessed


@pytest.mark.parametrize(
    ("answer", "owners"),
    [
        (
            "instructors record attendance after every lab; the program director reviews those logs each quarter",
            ["instructors", "program director"],
        ),
        (
            "room parents email a reminder before each field trip, and Luz-Maria posts the photos every friday",
            ["room parents", "Luz-Maria"],
        ),
    ],
)
def test_two_doers_each_on_a_rhythm_of_their_own_are_two_actions(answer: str, owners: list[str]) -> None:
    actions = read_answer(answer, TODAY).actions
    assert [_plain(a.fields.owner) for a in actions] == [_plain(o) for o in owners]
