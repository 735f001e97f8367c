"""The built-in backend: no model. Every request declines, so the rule-based path answers."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from assistant.llm.base import Backend, DraftKind
from assistant.models import Answer, Passage
from assistant.understanding.fields import ExtractedFields, SchoolYear


class NoneBackend(Backend):
    """Offline and deterministic: the assistant as it is without a language model."""

    name = "none"
    local = True

    def extract_action(
        self, text: str, question: str, passages: Sequence[Passage], today: date, year: SchoolYear
    ) -> ExtractedFields | None:
        return None

    def answer(self, question: str, passages: Sequence[Passage]) -> Answer | None:
        return None

    def phrase(self, reply_text: str, passages: Sequence[Passage]) -> Iterator[str]:
        yield reply_text

    def draft(self, kind: DraftKind, request: str, passages: Sequence[Passage]) -> str | None:
        return None
