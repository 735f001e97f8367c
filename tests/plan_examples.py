"""A plan as a school team leaves a meeting with it: six actions in their own words, checked by the real equity rules.

Used by the export tests and to look at the rendered files; the equity results come from the curated checks, so
the review tables hold what a real plan holds.
"""

from __future__ import annotations

import zlib
from datetime import UTC, date, datetime

from assistant.models import Action, ActionPlan, Citation, Driver, Stage

TIP_SHEETS_FILE = "000_d1ac5a2a4c2540b4.txt"
GUIDE_FILE = "001_c83fbb2b23261490.txt"
DRIVER_SHEETS = {
    Driver.coaching: "Coaching",
    Driver.training: "Training",
    Driver.decision_support_data: "Data-Informed Decision-Making",
    Driver.fidelity: "Implementation & Fidelity Assessment",
    Driver.leadership: "Introduction",
}


def _practice(driver: Driver, heading: str, quote: str) -> Citation:
    section = f"Drivers Best Practices Tip Sheets › {DRIVER_SHEETS[driver]} › “{heading}”"
    identifier = f"tip-{driver.value}-{zlib.crc32(heading.encode()) % 10_000}"
    return Citation(id=identifier, source=TIP_SHEETS_FILE, section=section, quote=quote)


def _question(heading: str, question: str) -> Citation:
    return Citation(
        id=f"guide-{zlib.crc32(question.encode()) % 10_000}",
        source=GUIDE_FILE,
        section=f"CIP Action Planning Guide › {heading}",
        quote=question,
    )


ACTIONS = [
    dict(
        description="Observe each K-2 teacher using the phonics routines and give feedback",
        note="dana and the two coaches will get into every K-2 room once a month starting after labor day, "
        "using the observation form, and give feedback within two days",
        driver=Driver.coaching,
        owner="Dana Ruiz",
        owner_role="instructional coach",
        start=date(2026, 9, 14),
        due=date(2027, 5, 28),
        recurrence="monthly",
        resources=["Observation form", "Release time: 2 hours per teacher per month"],
        measures=["90% of K-2 teachers observed each month", "Fidelity checklist average ≥ 80%"],
        status="planned",
        citations=[
            _practice(
                Driver.coaching,
                "Coaching is provided to improve the competency…",
                "Coaching is provided at least monthly to relevant staff.",
            ),
        ],
    ),
    dict(
        description="Review benchmark results by grade and student group",
        note="the data team looks at DIBELS after each benchmark window, broken down by race and by EL status",
        driver=Driver.decision_support_data,
        owner="Marcus Lee",
        owner_role="assistant principal",
        start=date(2026, 9, 21),
        due=date(2027, 6, 4),
        recurrence="each benchmark window",
        resources=["DIBELS dashboard"],
        measures=["Notes posted to the team folder within a week of each window"],
        status="in_progress",
        citations=[
            _practice(
                Driver.decision_support_data,
                "Data are used to inform decisions…",
                "All data should be disaggregated by race/ethnicity and sub-population.",
            ),
        ],
    ),
    dict(
        description="Train K-2 teachers in the structured literacy routines",
        note="two full PD days before school starts plus a refresher in January",
        driver=Driver.training,
        owner="District literacy office",
        start=date(2026, 8, 17),
        due=date(2026, 8, 19),
        resources=["Two PD days", "Trainer from the district literacy office"],
        measures=["All K-2 teachers complete both days"],
        status="done",
    ),
    dict(
        description="Hold family literacy nights with interpreters",
        note="each semester, Spanish and Vietnamese interpreters, families tell us what works at home",
        driver=Driver.leadership,
        owner="Principal Okafor",
        start=date(2026, 10, 8),
        due=None,
        recurrence="each semester",
        resources=["Interpreters (Spanish, Vietnamese)", "Childcare", "Dinner budget $600"],
        measures=["Attendance by home language", "Family survey: 80% find it useful"],
        status="planned",
    ),
    dict(
        description="Check fidelity of the phonics routines with the walkthrough tool",
        note="every other thursday the leadership team does short walkthroughs",
        driver=Driver.fidelity,
        owner=None,
        start=date(2026, 10, 1),
        due=date(2027, 5, 27),
        recurrence="biweekly",
        resources=["Walkthrough tool"],
        measures=["Routines observed in 80% of visits"],
        status="proposed",
        flags=["owner not set"],
    ),
    dict(
        description="Report progress to the staff",
        note="at every staff meeting, five minutes on the literacy plan",
        driver=Driver.leadership,
        owner="CIP team lead",
        start=None,
        due=date(2027, 6, 4),
        recurrence="each staff meeting",
        status="planned",
        citations=[
            _question(
                "Building a Supportive Environment › Facilitative Administration",
                "How will the team communicate progress to staff?",
            ),
        ],
    ),
]


def six_action_plan() -> ActionPlan:
    """Lincoln Elementary's literacy plan for 2026–27, equity-checked by the curated rules."""
    from assistant.planning.equity import action_text, evaluate, load_checks

    checks = load_checks()

    def cite(check: object, driver: Driver | None) -> Citation | None:
        grounding = next((g for g in getattr(check, "grounded_in", []) if g.driver == driver), None)
        if grounding is None or driver not in DRIVER_SHEETS:
            return None
        return _practice(driver, f"{getattr(check, 'title', '')} (equity)", grounding.phrase)

    actions = []
    for number, fields in enumerate(ACTIONS, start=1):
        action = Action.model_validate({"number": number, "stage": Stage.initial_implementation, **fields})
        results = evaluate(action_text(action), action.driver, checks, cite)
        actions.append(action.model_copy(update={"equity_checks": results}))
    return ActionPlan(
        name="Lincoln literacy 2026-27",
        initiative="Structured literacy in K-2",
        school="Lincoln Elementary, Springfield Unified School District",
        team="Lincoln CIP team",
        school_year="2026–27",
        stage=Stage.initial_implementation,
        drivers=[Driver.coaching, Driver.decision_support_data, Driver.training, Driver.fidelity, Driver.leadership],
        actions=actions,
        goals=["85% of K-2 students at or above benchmark on DIBELS by spring"],
        created=datetime(2026, 8, 20, 15, 30, tzinfo=UTC),
        updated=datetime(2026, 9, 2, 18, 5, 12, tzinfo=UTC),
        version=4,
    )
