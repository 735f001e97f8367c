"""An owner the assistant is not sure of is shown and asked, never written silently: "Darlene (she's principal,
supt, and bus scheduler lol) will get the bus days on the calendar" is read as Darlene, and the team confirms,
corrects or leaves it open."""

from __future__ import annotations

import json
from datetime import date

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.dialogue.events import ActionRecorded, FollowUp, Reply
from assistant.dialogue.plan_mode import PlanConversation
from assistant.dialogue.session import Session
from assistant.llm.langchain_backend import LangChainBackend
from assistant.models import OWNER_NOT_SET, ActionPlan, Driver, Stage
from assistant.planning.context import PlanningContext
from assistant.retrieval.retriever import Retriever
from assistant.understanding.reader import read_answer

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def context(retriever: Retriever) -> PlanningContext:
    return PlanningContext(retriever)


def meeting(context: PlanningContext) -> PlanConversation:
    session = Session(id="t", plan=ActionPlan(name="t", initiative="Attendance", drivers=[Driver.coaching]))
    session.plan.stage = Stage.installation
    conv = PlanConversation(session, context, today=TODAY)
    conv.start()
    conv.reply("no")
    return conv


def last(reply: Reply) -> object:
    return reply.events[-1]


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("Darlene (she's principal, supt, and bus scheduler lol) will get the bus days on the calendar", "Darlene"),
        ("within two days of each suspension the dean holds a reentry circle", "the dean"),
        ("pilot co-teaching pairs chosen by principals before spring break", "principals"),
        ("Partners get a half-day on implicit bias from the district equity office on 2/24", "district equity office"),
        ("@priya can you build the interim dashboard by 12/20? it needs to cut by subgroup (EL, SWD)", "priya"),
        ("late bus log reviewed every friday by ops mgr", "ops mgr"),
        ("families get the matrix in spanish + hmong, jen by fri", "jen"),
    ],
)
def test_the_person_an_answer_most_likely_means_is_a_guess(answer: str, owner: str) -> None:
    (action,) = read_answer(answer, TODAY).actions
    assert action.guessed == ["owner"]
    assert action.fields.owner is not None and owner in action.fields.owner


@pytest.mark.parametrize(
    "answer",
    [
        "we'll send the survey to all families in spanish by dec 4",
        "I'll meet with the coaches monthly to go over the data",
        "the 3rd grade teachers get the refresher training in january",
    ],
)
def test_who_the_work_is_for_or_done_with_is_not_guessed(answer: str) -> None:
    (action,) = read_answer(answer, TODAY).actions
    assert action.guessed == [] and action.fields.owner is None


def test_a_guess_is_shown_and_a_yes_keeps_it(context: PlanningContext) -> None:
    conv = meeting(context)
    reply = conv.reply("Darlene (she's principal, supt, and bus scheduler lol) will get the bus days on the calendar")
    recorded = next(e for e in reply.events if isinstance(e, ActionRecorded))
    assert recorded.sources["owner"] == "guessed"
    asked = last(reply)
    assert isinstance(asked, FollowUp) and asked.guessed_owner == "Darlene" and asked.missing == ["owner", "due"]
    assert "I read the owner as Darlene, but I am not sure. Is that right, and by when?" in reply.text
    conv.reply("yes, by dec 18")
    action = conv.plan.actions[0]
    assert (action.owner, action.due) == ("Darlene", date(2026, 12, 18))
    assert OWNER_NOT_SET not in action.flags


def test_a_no_or_another_name_replaces_the_guess(context: PlanningContext) -> None:
    conv = meeting(context)
    conv.reply("within two days of each suspension the dean holds a reentry circle")
    conv.reply("no, mr. hollis")
    assert conv.plan.actions[0].owner == "Mr. Hollis"
    conv = meeting(context)
    conv.reply("within two days of each suspension the dean holds a reentry circle")
    conv.reply("no")
    assert conv.plan.actions[0].owner is None
    assert OWNER_NOT_SET in conv.plan.actions[0].flags


@pytest.mark.parametrize("leave", ["/skip", "/back", "/done"])
def test_a_guess_never_confirmed_is_not_kept(context: PlanningContext, leave: str) -> None:
    conv = meeting(context)
    reply = conv.reply("pilot co-teaching pairs chosen by principals before spring break")
    asked = last(reply)
    assert isinstance(asked, FollowUp) and asked.guessed_owner == "principals"
    assert conv.plan.actions[0].owner is None  # the plan table and an export made now show no owner yet
    conv.reply(leave)
    assert conv.plan.actions[0].owner is None


def test_a_day_that_passed_weeks_ago_is_asked_not_moved_a_year_on(context: PlanningContext) -> None:
    conv = meeting(context)  # today is Nov 22, 2026
    reply = conv.reply("ms kim sends the family survey in spanish by 9/24")
    asked = last(reply)
    assert isinstance(asked, FollowUp) and asked.guessed and asked.guessed_due == date(2027, 9, 24)
    assert "2027-09-24, a year on, since 2026-09-24 has passed" in reply.text
    assert conv.plan.actions[0].due is None  # not in the plan while it is asked about
    conv.reply("/skip")
    assert conv.plan.actions[0].due is None  # a date nobody confirmed is not kept
    conv.reply("ms lee sends the attendance letters home by 10/2")
    conv.reply("dec 4")
    assert conv.plan.actions[1].due == date(2026, 12, 4)


@pytest.mark.parametrize(
    ("answer", "today"),
    [("ms kim sends the survey by 9/24", date(2027, 5, 4)), ("ms kim sends the survey by 9/24/27", TODAY)],
)
def test_a_day_nearer_ahead_or_with_its_year_is_not_asked(answer: str, today: date) -> None:
    (action,) = read_answer(answer, today).actions
    assert action.fields.due == date(2027, 9, 24) and action.guessed == []


def test_an_owner_a_model_reads_is_not_asked_as_a_guess(context: PlanningContext) -> None:
    reading = json.dumps({"owner": "Mr. Hollis"})
    conv = meeting(context)
    conv.backend = LangChainBackend(FakeListChatModel(responses=[reading]), name="fake:model", local=True)
    reply = conv.reply("within two days of each suspension the dean holds a reentry circle, ask mr hollis")
    asked = last(reply)
    assert conv.plan.actions[0].owner == "Mr. Hollis"
    assert not (isinstance(asked, FollowUp) and asked.guessed_owner)
    conv.reply("/skip")
    assert conv.plan.actions[0].owner == "Mr. Hollis"


def test_a_new_action_typed_at_a_date_question_is_not_taken_for_its_answer(context: PlanningContext) -> None:
    conv = meeting(context)
    conv.reply("ms kim sends the family survey in spanish by 9/24")  # the date is asked about
    conv.reply("within two days of each suspension the dean holds a reentry circle")
    first, second = conv.plan.actions
    assert (first.due, first.recurrence) == (None, None)  # nothing of the new action lands on the one asked about
    assert second.recurrence == "after each suspension"
    assert conv.state.followup is not None and conv.state.followup.guessed_owner == "the dean"


def test_a_confirmed_guess_is_written_into_the_plan(context: PlanningContext) -> None:
    conv = meeting(context)
    conv.reply("ms kim sends the family survey in spanish by 9/24")
    conv.reply("yes")
    assert conv.plan.actions[0].due == date(2027, 9, 24)
    conv.reply("pilot co-teaching pairs chosen by principals before spring break")
    assert conv.plan.actions[1].owner is None
    conv.reply("yep")
    assert conv.plan.actions[1].owner == "principals"


def test_the_plan_in_the_chat_shows_recurring_work_without_an_end_as_ongoing(context: PlanningContext) -> None:
    conv = meeting(context)
    conv.reply("within two days of each suspension the dean holds a reentry circle")
    conv.reply("yes")
    shown = conv.reply("/plan").text
    assert "ongoing — after each suspension" in shown and "no due date, after each suspension" not in shown
