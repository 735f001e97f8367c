"""Answers typed in capitals are read as if typed in lowercase ("MS KIM WILL SEND THE LETTER BY FRIDAY"), and a
common word typed in capitals for emphasis ("ALL counselors…", "…monthly AND reports…") is no one's initials."""

from __future__ import annotations

from datetime import date

from assistant.understanding.reader import read_answer

TODAY = date(2031, 10, 1)


def test_an_answer_typed_in_capitals_is_read_like_one_typed_in_lowercase() -> None:
    shouted = read_answer("MS KIM WILL SEND THE LETTER BY FRIDAY", TODAY).actions[0]
    typed = read_answer("ms kim will send the letter by friday", TODAY).actions[0]
    assert shouted.fields.owner == typed.fields.owner == "Ms. Kim"
    assert shouted.fields.due == typed.fields.due == date(2031, 10, 3)
    assert shouted.title == "Send the letter" and not shouted.guessed
    assert shouted.note == "MS KIM WILL SEND THE LETTER BY FRIDAY"  # the team's words stay as typed


def test_two_actions_in_capitals_are_two_actions() -> None:
    actions = read_answer("COACHES OBSERVE EVERY TEACHER MONTHLY, DR. LEE REVIEWS THE NOTES", TODAY).actions
    assert [a.fields.owner for a in actions] == ["coaches", "Dr. Lee"]


def test_a_word_in_capitals_for_emphasis_is_not_an_owner() -> None:
    reading = read_answer("ALL counselors + both instructors complete the interpretation training by 9/12", TODAY)
    owner = reading.actions[0].fields.owner or ""
    assert owner != "ALL" and "counselors" in owner.lower()


def test_short_capitals_are_still_initials() -> None:
    assert read_answer("ELA PLC: JT sends the agenda every monday", TODAY).actions[0].fields.owner == "JT"
