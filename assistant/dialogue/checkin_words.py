"""People's words in a check-in: where an action stands ("finished it", "halfway", "stuck on …") and what shows
it (a link, a file name or a note)."""

from __future__ import annotations

import re

from assistant.models import Evidence, ProgressStatus

STATUS_WORDS: dict[str, str] = {
    "done": "done",
    "in_progress": "in progress",
    "not_started": "not started",
    "blocked": "blocked",
}

# People's words for where an action stands, most specific first: "not finished" is in progress, not done.
_PROGRESS: list[tuple[ProgressStatus, tuple[str, ...]]] = [
    (
        "blocked",
        (
            "blocked",
            "stuck",
            "can't",
            "cannot",
            "held up",
            "waiting on",
            "waiting for",
            "on hold",
            "stalled",
            "hit a wall",
            "no way to",
            "obstacle",
            "roadblock",
        ),
    ),
    (
        "not_started",
        (
            "not started",
            "haven't started",
            "have not started",
            "hasn't started",
            "has not started",
            "didn't start",
            "did not start",
            "not begun",
            "haven't begun",
            "nothing yet",
            "no progress",
            "not yet",
            "haven't",
            "not at all",
            "no movement",
            "hasn't happened",
            "didn't happen",
            "did not happen",
            "not scheduled",
        ),
    ),
    (
        "in_progress",
        (
            "not finished",
            "not done",
            "not complete",
            "isn't finished",
            "isn't done",
            "almost",
            "nearly",
            "halfway",
            "half way",
            "half done",
            "partly",
            "partially",
            "in progress",
            "underway",
            "under way",
            "ongoing",
            "started",
            "working on",
            "began",
            "begun",
            "most of",
            "some of",
            "on track",
            "going",
            "midway",
            "part of",
        ),
    ),
    (
        "done",
        (
            "done",
            "finished",
            "complete",
            "completed",
            "wrapped up",
            "did it",
            "all set",
            "delivered",
            "held",
            "happened",
            "yes",
            "accomplished",
            "took place",
            "ran it",
            "we did",
        ),
    ),
]
_NOT_STARTED_ALONE = {"no", "nope", "nothing"}
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
_FILE = re.compile(r"\b[\w][\w .()-]*\.(?:pdf|docx?|xlsx?|csv|pptx?|png|jpe?g|txt|md|odt|ods)\b", re.I)


def read_progress(text: str) -> ProgressStatus | None:
    """Where an action stands from people's words: "finished it", "halfway", "haven't started", "stuck on …"."""
    words = " ".join(text.lower().replace("’", "'").split()).strip(" .!")
    if words in _NOT_STARTED_ALONE:
        return "not_started"
    for status, phrases in _PROGRESS:
        for phrase in phrases:
            if re.search(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", words):
                return status
    return None


def read_evidence(text: str) -> list[Evidence]:
    """Each part of the answer (split at ';' or a new line) as a link, a file name or a note."""
    out = []
    for part in re.split(r";|\n", text):
        part = " ".join(part.split())
        if not part:
            continue
        if _URL.search(part):
            out.append(Evidence(kind="link", text=part))
        elif _FILE.search(part):
            out.append(Evidence(kind="file", text=part))
        else:
            out.append(Evidence(kind="note", text=part))
    return out
