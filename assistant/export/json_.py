"""The plan as JSON: the pydantic model is the contract, so the file loads back into an identical ActionPlan."""

from __future__ import annotations

from assistant.models import ActionPlan


def render(plan: ActionPlan) -> bytes:
    return (plan.model_dump_json(indent=2) + "\n").encode("utf-8")
