"""An answer typed as a table row ("School-level reports to every principal | Lead: DTC (Mr. Oyelowo) | Due: 9/26",
"Frequency: quarterly | Owner: … | Action: …"): the lead column names the owner, the work column is the plan line,
and the other columns stay out of it."""

from __future__ import annotations

from datetime import date

from assistant.understanding.reader import read_answer

TODAY = date(2031, 9, 10)


def test_the_lead_column_names_the_owner_and_the_title_is_the_work() -> None:
    action = read_answer(
        "School-level score reports to every principal | Lead: DTC (Mr. Abara) | Due: 9/26", TODAY
    ).actions[0]
    assert action.fields.owner == "Mr. Abara"
    assert action.fields.due == date(2031, 9, 26)
    assert action.title == "School-level score reports to every principal"


def test_the_other_columns_stay_out_of_the_title() -> None:
    action = read_answer("2032-33 testing calendar to cabinet | Lead: Dr. Osei | Due: cabinet retreat", TODAY).actions[
        0
    ]
    assert action.fields.owner == "Dr. Osei"
    assert "|" not in action.title and "Due" not in action.title, action.title


def test_the_action_column_is_the_plan_line() -> None:
    answer = "Frequency: monthly | Owner: Family Engagement Office | Action: family advisory council meetings"
    action = read_answer(answer, TODAY).actions[0]
    assert action.title.lower().startswith("family advisory council meetings"), action.title


def test_words_in_quotes_are_a_name_not_a_date() -> None:
    action = read_answer(
        "weekly 'news this week' text to families thru talkingpoints -> me, sunday nights", TODAY
    ).actions[0]
    assert action.fields.due is None
    assert "'news this week'" in action.title
    assert "->" not in action.title and "me," not in action.title, action.title
