"""The set-up answers in people's words: the stage ("getting ready, nobody is using it yet") and the school and
team ("Lincoln Elementary, 3rd grade team")."""

from __future__ import annotations

import re

from assistant.errors import InputError
from assistant.knowledge.curated import resolve_stage, stages
from assistant.models import Stage

# How teams describe where they are, from the stage descriptions teams are shown
# (assistant/resources/knowledge_base/stages.yaml).
_STAGE_WORDS: tuple[tuple[Stage, re.Pattern[str]], ...] = tuple(
    (stage, re.compile(pattern, re.IGNORECASE))
    for stage, pattern in (
        (
            Stage.full_implementation,
            r"\b(?:full(?:y)?\s+implement\w*|most\s+(?:of\s+(?:our|the)\s+)?(?:teachers|staff|classrooms|people)|"
            r"sustain\w*|routine|well[- ]established|"
            r"(?:several|many|a\s+few|two|three|four|five|\d+)\s+years\s+(?:in|into)|"
            r"everyone\s+(?:is\s+)?(?:using|doing)|scal\w+\s+up|as\s+intended)\b",
        ),
        (
            Stage.initial_implementation,
            r"\b(?:initial|just\s+(?:started|began|launched|rolled)|started\s+(?:using|this|in)|first\s+(?:year|semester|"
            r"months?|weeks?)\s+(?:of\s+)?(?:using|doing|in)?|new\s+at\s+it|pilot\w*|early\s+(?:implementation|days|use)|"
            r"(?:some|a\s+few)\s+(?:teachers|classrooms|staff)\s+(?:are\s+)?(?:using|trying)|rolling\s+(?:it\s+)?out|"
            r"in\s+(?:its|our)\s+first\s+year|first\s+use|trying\s+it\s+out)\b",
        ),
        (
            Stage.installation,
            r"\b(?:install\w*|getting\s+ready|get\s+ready|preparing|prepping|setting\s+(?:it\s+)?up|set\s+up|"
            r"(?:nobody|no\s+one|none\s+of\s+us|nobody's)\s+(?:is\s+)?(?:using|doing|started)|not\s+(?:using|started)\s+"
            r"(?:it\s+)?yet|before\s+(?:we|anyone)\s+(?:start|launch|use)|(?:decided|chose|picked|adopted|bought)\s+"
            r"(?:it|the|a|to)|(?:planning|plan)\s+(?:the\s+)?(?:training|launch|rollout)|launch(?:ing)?\s+next)\b",
        ),
        (
            Stage.exploration,
            r"\b(?:explor\w*|deciding|nothing\s+(?:is\s+)?decided|not\s+(?:yet\s+)?decided|haven'?t\s+decided|"
            r"looking\s+(?:at|into)|considering|thinking\s+about|figuring\s+out|research\w*|is\s+(?:this|it)\s+the\s+"
            r"right|whether\s+to|choosing|still\s+(?:at\s+the\s+)?(?:beginning|start))\b",
        ),
    )
)


def understand_stage(text: str) -> Stage:
    """The stage an answer names or describes; one clear error listing the stages when it is neither."""
    try:
        return resolve_stage(text)
    except InputError as exc:
        error = exc
    words = text.strip()
    for stage in stages():
        if re.search(rf"\b{re.escape(stage.name)}\b", words, re.IGNORECASE):
            return stage.key
    found = [stage for stage, pattern in _STAGE_WORDS if pattern.search(words)]
    if found:
        # "still exploring, nothing decided" names one; when several fit the earliest stage named wins.
        order = [s.key for s in stages()]
        return min(found, key=order.index)
    raise InputError(
        f"{str(error).split(' Choose one of')[0].replace('Unknown stage', 'I could not tell the stage from')} "
        "Name one of: " + ", ".join(s.name for s in stages()) + ", or describe where you are in a few words."
    )


_SEPARATOR = re.compile(
    r"\s*(?:[,;/|]|\s[-–—]\s|\bteam\s*:|\s+and\s+(?:the\s+|our\s+)?(?=[\w -]*\bteam\b))\s*", re.IGNORECASE
)


def school_and_team(text: str) -> tuple[str, str]:
    """("Lincoln Elementary", "3rd grade team") from "Lincoln Elementary, 3rd grade team"."""
    text = " ".join(text.split()).strip(" .")
    parts = [p for p in _SEPARATOR.split(text, maxsplit=1) if p and p.strip()]
    if len(parts) == 2:
        return parts[0][:200], parts[1][:200]
    if re.search(r"\bteam\b", text, re.IGNORECASE) and not re.search(
        r"\b(?:school|elementary|middle|high|academy|district|k-?\d|isd|usd)\b", text, re.IGNORECASE
    ):
        return "", text[:200]
    return text[:200], ""
