"""The charts' own rules: recurring actions as ticks, month names that never crowd, labels that fit and stay
readable when a chart is scaled down."""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

from assistant.models import Action, ActionPlan, Driver, Stage
from ui import charts

TODAY = date(2026, 11, 22)


def test_a_recurring_action_is_ticked_each_time_it_comes_round() -> None:
    quarterly = Action(number=1, description="Publish the coaching plan", owner="Principal", due=date(2027, 3, 1))
    quarterly.recurrence = "quarterly"
    monthly = Action(
        number=2, description="Review data", owner="Data team", start=date(2027, 1, 10), due=date(2027, 4, 10)
    )
    monthly.recurrence = "monthly"
    once = Action(number=3, description="Train coaches", owner="Dana", due=date(2027, 1, 29))
    bars = {
        bar.action.number: bar
        for bar in charts.timeline_bars(ActionPlan(name="p", actions=[quarterly, monthly, once]), TODAY)
    }
    assert bars[1].ticks == (date(2026, 12, 1), date(2027, 3, 1)) and bars[1].start == date(2026, 12, 1)
    assert bars[2].ticks == (date(2027, 1, 10), date(2027, 2, 10), date(2027, 3, 10), date(2027, 4, 10))
    assert bars[3].ticks == ()
    svg = charts.timeline_svg(ActionPlan(name="p", actions=[quarterly, monthly, once]), TODAY)
    groups = re.findall(r"<g>.*?</g>", svg)
    assert [g.count('class="cip-tick"') for g in groups] == [2, 4, 0]
    assert "Each tick marks a time a recurring action comes round: #1 quarterly, #2 monthly" in svg


def test_month_names_thin_out_on_a_long_plan_and_none_runs_off_the_edge() -> None:
    actions = [
        Action(number=1, description="Start", owner="A", start=date(2026, 9, 1), due=date(2026, 9, 20)),
        Action(number=2, description="End", owner="B", due=date(2029, 6, 1)),
    ]
    svg = charts.timeline_svg(ActionPlan(name="p", actions=actions), TODAY)
    xs = [float(x) for x in re.findall(r'<text x="([\d.]+)" y="20" class="cip-axis">', svg)]
    assert 5 < len(xs) < 33, "some months are named, not all 34"
    width = charts.text_width("Mmm 2000", charts.AXIS_PX)
    assert all(b - a >= width for a, b in pairwise(xs))
    assert max(xs) + width <= 760


def test_long_driver_names_take_two_lines_and_the_charts_never_shrink_their_words_below_11_px() -> None:
    assert charts._two_lines("Implementation & Fidelity Assessment") == ["Implementation &", "Fidelity Assessment"]
    assert charts._two_lines("Coaching") == ["Coaching"]
    plan = ActionPlan(name="p", drivers=[Driver.fidelity, Driver.decision_support_data], stage=Stage.installation)
    svg = charts.coverage_svg(plan)
    assert ">Fidelity Assessment</tspan>" in svg and ">Decision-Making</tspan>" in svg
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))  # type: ignore[union-attr]
    least = float(re.search(r"min-width:(\d+)px", svg).group(1))  # type: ignore[union-attr]
    assert least / width * charts.AXIS_PX >= 10.95
