"""The driver assessment as a record: tip-sheet considerations rated 2/1/0 on a date, kept one after another.

Re-rating on the same day replaces that day's ratings of the driver; a later date starts a new assessment, so the
trend of each driver's score is there to read. A gap (partially or not in place) becomes a suggested action once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from assistant.models import (
    DUE_NOT_SET,
    OWNER_NOT_SET,
    SUGGESTED_BY_READINESS,
    Action,
    ActionPlan,
    Citation,
    ConsiderationRating,
    Driver,
    DriverAssessment,
    Rating,
)

_RATINGS: dict[str, tuple[str, ...]] = {
    "in_place": ("in place", "yes", "done", "we have it", "2", "fully", "in-place", "we do", "we have"),
    "partially": ("partially", "partly", "partial", "somewhat", "some", "1", "halfway", "sort of", "kind of"),
    "not_in_place": ("not in place", "no", "not yet", "none", "0", "missing", "not", "nope", "we don't"),
}
RATING_WORDS = {"in_place": "in place", "partially": "partially in place", "not_in_place": "not in place"}


def read_rating(text: str) -> Rating | None:
    """'in place' / 'partially' / 'not in place' as people say them ("partly", "not yet", "we have it")."""
    answer = " ".join(text.lower().replace("’", "'").split()).strip(" .!")
    order: tuple[Rating, ...] = ("not_in_place", "partially", "in_place")
    for key in order:
        if answer in _RATINGS[key]:
            return key
    for key in order:
        if any(answer.startswith(word) for word in _RATINGS[key] if len(word) > 2):
            return key
    return None


def gap_question(consideration: str) -> str:
    return f"Readiness: {consideration}"


def gap_action(plan: ActionPlan, consideration: str) -> Action | None:
    """The action that answers a gap in this consideration, if the plan has one."""
    question = gap_question(consideration)
    return next((a for a in plan.actions if a.question == question), None)


def suggest_gap_action(
    plan: ActionPlan, rating: ConsiderationRating, citation: Citation | None, stage: object = None
) -> tuple[Action, bool]:
    """The plan's action for a gap, added as a suggestion when there is none yet; (action, newly added)."""
    existing = gap_action(plan, rating.consideration)
    if existing is not None:
        return existing, False
    partial = rating.rating == "partially"
    action = Action(
        number=len(plan.actions) + 1,
        description=f"{'Strengthen' if partial else 'Put in place'}: {rating.consideration.rstrip('.')}",
        driver=rating.driver,
        stage=plan.stage,
        citations=[citation] if citation else [],
        question=gap_question(rating.consideration),
        flags=[SUGGESTED_BY_READINESS, OWNER_NOT_SET, DUE_NOT_SET],
    )
    plan.actions.append(action)
    return action, True


def record(
    plan: ActionPlan, driver: Driver, ratings: Iterable[ConsiderationRating], today: date, who: str = ""
) -> None:
    """Save one driver's ratings in the plan's assessment of `today`, starting that assessment if need be."""
    rows = [r for r in ratings if r.driver is driver]
    latest = plan.assessments[-1] if plan.assessments else None
    if latest is None or latest.date != today:
        latest = DriverAssessment(date=today, who=who)
        plan.assessments.append(latest)
    latest.ratings = [r for r in latest.ratings if r.driver is not driver] + rows


def record_readiness(plan: ActionPlan, driver: Driver, items: Iterable[object], today: date) -> None:
    """The plan-mode readiness check of a driver, saved as that driver's part of today's assessment."""
    rows = []
    for item in items:
        rating = getattr(item, "rating", None)
        rows.append(
            ConsiderationRating(
                driver=driver,
                consideration=str(getattr(item, "consideration", "")),
                passage_id=getattr(item, "passage_id", None),
                rating=rating if rating in RATING_WORDS else None,
            )
        )
    record(plan, driver, rows, today)


def trend(plan: ActionPlan) -> list[tuple[date, dict[Driver, int | None], int | None]]:
    """(date, score per driver, overall) for each assessment, oldest first."""
    drivers = list(dict.fromkeys([*plan.drivers, *(r.driver for a in plan.assessments for r in a.ratings)]))
    return [
        (a.date, {d: a.score(d) for d in drivers}, a.score()) for a in sorted(plan.assessments, key=lambda a: a.date)
    ]


def open_gaps(plan: ActionPlan) -> list[tuple[ConsiderationRating, Action | None]]:
    """The gaps of the latest assessment, each with the action that answers it (None: no action yet)."""
    if not plan.assessments:
        return []
    latest = plan.assessments[-1]
    return [(r, gap_action(plan, r.consideration)) for r in latest.ratings if r.rating in {"partially", "not_in_place"}]


__all__ = [
    "RATING_WORDS",
    "gap_action",
    "gap_question",
    "open_gaps",
    "read_rating",
    "record",
    "record_readiness",
    "suggest_gap_action",
    "trend",
]
