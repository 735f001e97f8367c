"""A date a team gives by a weekday's place in a month ("the 2nd tuesday in feb") is that day, not the next
Tuesday; and a due date that would come before the action's start is never written into the plan."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.errors import InputError
from assistant.models import Action, Driver
from assistant.planning.operations import set_field
from assistant.understanding.fields import SchoolYear
from assistant.understanding.nth_weekday import nth_weekday

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("its the 2nd tuesday in feb", date(2027, 2, 9)),
        ("first monday of march", date(2027, 3, 1)),
        ("the last friday in may", date(2027, 5, 28)),
        ("the 1st monday in dec", date(2026, 12, 7)),
    ],
)
def test_a_weekday_by_its_place_in_the_month(said: str, day: date) -> None:
    assert nth_weekday(said, TODAY) == day


def _action() -> Action:
    return Action(number=1, description="Present the dashboard", driver=Driver.decision_support_data)


def test_edit_reads_the_2nd_tuesday_in_feb() -> None:
    action = _action()
    set_field(action, "due", "the 2nd tuesday in feb", TODAY, SchoolYear.containing(TODAY))
    assert action.due == date(2027, 2, 9)


def test_edit_refuses_a_due_date_before_the_start() -> None:
    action = _action()
    action.start = date(2027, 1, 11)
    with pytest.raises(InputError, match="before the start"):
        set_field(action, "due", "december 11", TODAY, SchoolYear.containing(TODAY))
    assert action.due is None


def test_by_when_answered_with_the_2nd_tuesday_in_feb(retriever) -> None:  # type: ignore[no-untyped-def]
    from assistant.dialogue.plan_mode import PlanConversation
    from assistant.dialogue.session import Session
    from assistant.models import ActionPlan, Stage
    from assistant.planning.context import PlanningContext

    plan = ActionPlan(
        name="t", initiative="Reading screener", drivers=[Driver.coaching], stage=Stage.initial_implementation
    )
    conv = PlanConversation(Session(id="t", plan=plan), PlanningContext(retriever), today=TODAY)
    conv.start()
    conv.reply("no")
    asked = conv.reply("ms kim walks principals through the dashboard at the admin meeting")
    assert "By when?" in asked.text
    conv.reply("its the 2nd tuesday in feb")
    assert conv.plan.actions[0].due == date(2027, 2, 9)


def test_a_long_action_name_in_a_follow_up_ends_on_a_whole_word() -> None:
    from assistant.dialogue.events import FollowUp
    from assistant.dialogue.render_text import render

    event = FollowUp(
        action=3,
        missing=["due"],
        description="Anyone hired after that or who misses it does the self paced version for anyone hired",
    )
    text = render([event])
    assert "(Anyone hired after that or who misses it does the self…)" in text  # whole words, then "…"


def test_a_question_back_about_another_driver_is_answered_from_that_driver(real_retriever) -> None:  # type: ignore[no-untyped-def]
    from assistant.dialogue.plan_mode import PlanConversation
    from assistant.dialogue.session import Session
    from assistant.models import ActionPlan, Stage
    from assistant.planning.context import PlanningContext

    plan = ActionPlan(name="t", initiative="Restorative practices", drivers=[Driver.training], stage=Stage.installation)
    conv = PlanConversation(Session(id="t", plan=plan), PlanningContext(real_retriever), today=TODAY)
    conv.start()
    conv.reply("no")
    reply = conv.reply("wait what counts as fidelity here?")
    assert conv.plan.actions == []
    assert "Fidelity is the extent to which" in reply.text


def test_edit_writes_an_owner_as_the_chat_does() -> None:
    action = _action()
    set_field(action, "owner", "mrs delgado-reyes", TODAY, SchoolYear.containing(TODAY))
    assert action.owner == "Mrs. Delgado-Reyes"
