"""An answer taken for a question back or "not sure" is never lost: the reply says nothing was added and how to add
it, and /record adds it to the plan as the work the team says it is. Answers that hesitate the way teams type
("this one is hard for us") are not filed as actions."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.dialogue.events import ActionRecorded, Answer, Notice
from assistant.dialogue.plan_mode import PlanConversation
from assistant.dialogue.session import Session
from assistant.models import ActionPlan, Driver, Stage
from assistant.planning.context import PlanningContext
from assistant.retrieval.retriever import Retriever
from assistant.understanding.reader import read_answer

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def context(retriever: Retriever) -> PlanningContext:
    return PlanningContext(retriever)


def started(context: PlanningContext) -> PlanConversation:
    plan = ActionPlan(name="t", initiative="Literacy", drivers=[Driver.coaching], stage=Stage.initial_implementation)
    conv = PlanConversation(Session(id="t", plan=plan), context, today=TODAY)
    conv.start()
    return conv


@pytest.mark.parametrize("answer", ["this one is hard for us", "not something we have talked about"])
def test_hesitating_is_not_work(answer: str) -> None:
    assert read_answer(answer, TODAY).kind != "action"


def test_an_answer_taken_for_a_question_is_recorded_with_record(context: PlanningContext) -> None:
    conv = started(context)
    said = "do we have to include the bus drivers in the coaching plan"
    reply = conv.reply(said)
    assert any(isinstance(e, Answer) for e in reply.events)
    assert "/record" in reply.text and conv.plan.actions == []
    reply = conv.reply("/record")
    assert any(isinstance(e, ActionRecorded) for e in reply.events)
    (action,) = conv.plan.actions
    assert action.note == said


def test_record_with_nothing_to_record_says_so(context: PlanningContext) -> None:
    conv = started(context)
    conv.reply("ms kim runs the coaching cycles every 3 weeks")
    reply = conv.reply("/record")
    notices = [e for e in reply.events if isinstance(e, Notice)]
    assert notices and notices[0].level == "error" and "Nothing to record" in notices[0].text
    assert len(conv.plan.actions) == 1


def test_work_that_repeats_is_asked_until_when_it_runs(context: PlanningContext) -> None:
    conv = started(context)
    reply = conv.reply("ms kim runs coaching cycles every 3 weeks")
    assert "Until when does it run?" in reply.text and "By when?" not in reply.text
    conv.reply("to the end of the school year")
    assert conv.plan.actions[0].due == date(2027, 6, 11)  # the last day of school on the US default calendar


def test_one_off_work_is_still_asked_by_when(context: PlanningContext) -> None:
    conv = started(context)
    assert "By when?" in conv.reply("ms kim writes the coaching plan").text


def test_work_by_a_doer_no_rule_knows_after_the_last_question_is_added(context: PlanningContext) -> None:
    conv = started(context)
    while conv.state.phase != "done":
        conv.reply("/skip")
    reply = conv.reply("the wranglers set up the family night tables before each family night")
    assert "Added to the plan after the last question." in reply.text
    (action,) = conv.plan.actions
    assert action.note == "the wranglers set up the family night tables before each family night"
    conv.reply("yes")  # the owner was a guess, asked about
    assert action.owner == "the wranglers"
    reply = conv.reply("thanks everyone, great meeting")
    assert "was not added" in reply.text and "/back" in reply.text
    assert len(conv.plan.actions) == 1
