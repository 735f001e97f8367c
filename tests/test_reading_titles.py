"""The title a plan line gets from a long answer: it ends where a clause ends, not mid-phrase or inside brackets,
and carries none of the marks of a chat or a shared doc."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer

TODAY = date(2026, 9, 8)


def _title(answer: str) -> str:
    (action,) = read_answer(answer, TODAY).actions
    return action.title


@pytest.mark.parametrize(
    ("answer", "title"),
    [
        (
            "every 6 weeks the sped leadership team runs the dashboard through our data protocol (notice / wonder / "
            "next steps) and writes up one change",
            "Every 6 weeks the sped leadership team runs the dashboard through our data protocol",
        ),
        (
            "ok. once they're hired the 3 new coaches do the coach institute in june, plus our district's "
            "culturally responsive coaching series in the fall",
            "Once they're hired the 3 new coaches do the coach institute in june",
        ),
        (
            "meet every month, agenda goes out in spanish and english, and parents bring questions that we answer "
            "at the next one",
            "Meet every month, agenda goes out in spanish and english",
        ),
    ],
)
def test_a_long_answer_gives_a_title_that_ends_where_a_clause_ends(answer: str, title: str) -> None:
    assert _title(answer) == title


def test_a_long_title_never_ends_inside_brackets_or_on_a_dangling_word() -> None:
    title = _title(
        "a 10 min sample lesson will be part of every interview (phonemic awareness routine, scored on the "
        "district rubric by two panelists)"
    )
    assert title.count("(") == title.count(")")
    assert len(title.split()) <= 16
    assert title.split()[-1].lower() not in {"and", "or", "+", "the", "a", "with", "to", "of", "our"}


def test_the_marks_of_a_shared_doc_do_not_reach_the_title() -> None:
    title = _title("**number talks** PD for the 7th grade team on ~~friday~~ thursday mornings ✅")
    assert "*" not in title and "~" not in title and "✅" not in title
    assert "friday" not in title.lower() and "number talks" in title.lower()


def test_fine_and_a_dash_before_the_work_are_not_part_of_the_title() -> None:
    assert _title("Fine - a 3 question survey after every training, mr. ruiz summarizes it for the team").startswith(
        "A 3 question survey"
    )


def test_who_the_owner_is_gives_way_to_the_work_they_will_do() -> None:
    title = _title("Coach Dunn is also our PE teacher and AD so he'll run the mentoring thing for the 9th graders")
    assert title.startswith("Run the mentoring")


def test_underscores_inside_what_the_team_typed_are_kept_in_the_title() -> None:
    title = _title("update the __init__ script and the window.__pwned flag on the kiosk laptops, ms. ruiz")
    assert "__init__" in title and "window.__pwned" in title


@pytest.mark.parametrize(
    ("answer", "title"),
    [
        (
            "Instructional Coach Priyanka does 1:1 zoom coaching with each new teacher every other thursday",
            "Do 1:1 zoom coaching with each new teacher",
        ),
        (
            "Dr. Sesay and Mr. Liu co-chair a steering committee meeting monthly",
            "Co-chair a steering committee meeting",
        ),
        (
            "Mx. Ferrante (dyslexia specialist) does fidelity observations of the interventionists every 6 weeks",
            "Do fidelity observations of the interventionists",
        ),
    ],
)
def test_the_owner_opening_the_answer_leaves_the_title_to_the_work(answer: str, title: str) -> None:
    (action,) = read_answer(answer, date(2030, 9, 10)).actions
    assert action.title == title


def test_a_title_keeps_an_owner_named_inside_the_work() -> None:
    (action,) = read_answer(
        "I'll report what the PTO is doing at every staff meeting, 5 min max", date(2030, 9, 10)
    ).actions
    assert "PTO" in action.title
