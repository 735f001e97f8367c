"""How a document and a citation are named to a person: by title, never by the stored file name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant import resources
from assistant.config import reset_settings
from assistant.dialogue.plan_mode import cite
from assistant.knowledge.citations import citation_label, section_label, source_title
from assistant.knowledge.sources import bundled_sources, parse_source
from assistant.models import Citation

SOURCES = resources.knowledge_base() / "sources"
FILE_NAME = re.compile(r"\d{3}_[0-9a-f]{16}")
TITLES = {
    "000_d1ac5a2a4c2540b4.txt": "Drivers Best Practices Tip Sheets",
    "001_c83fbb2b23261490.txt": "CIP Action Planning Guide",
    "002_c9783bca63a4bc61.txt": "Leadership as the driving force in implementation",
    "003_d4417973042cc81c.txt": "Meaningful partner roles in implementation",
    "004_c790838b7d776522.txt": "Active Implementation Drivers",
}


@pytest.fixture(autouse=True)
def _bundled_knowledge_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIP_ASSISTANT_KNOWLEDGE_BASE", str(resources.knowledge_base()))
    reset_settings()


def test_each_bundled_document_is_named_by_its_own_title() -> None:
    assert {path.name: source_title(path.name) for path in bundled_sources(SOURCES)} == TITLES


def test_a_districts_document_keeps_its_own_name() -> None:
    assert source_title("Lincoln PBIS handbook.pdf") == "Lincoln PBIS handbook"
    assert source_title("attendance-policy.docx") == "attendance-policy"
    # A name that is already a title is left as it is, dots and all.
    assert source_title("Version 2.0 of the plan") == "Version 2.0 of the plan"
    section = "Lincoln PBIS handbook › Tier 2 › p. 4"
    added = Citation(id="x", source="Lincoln PBIS handbook.pdf", section=section, quote="")
    assert citation_label(added) == "Lincoln PBIS handbook › Tier 2 › p. 4"


@pytest.mark.parametrize("path", bundled_sources(SOURCES), ids=lambda path: path.name[:3])
def test_every_bundled_passage_is_cited_by_title_and_headings(path: Path) -> None:
    title = TITLES[path.name]
    for passage in parse_source(path):
        label = citation_label(passage)
        assert label.startswith(title)
        assert not FILE_NAME.search(label)
        # The title is said once, however the document sets its first heading.
        assert label.casefold().count(title.casefold()) == 1


def test_a_short_label_keeps_the_title_and_the_first_heading() -> None:
    citation = Citation(
        id="c",
        source="000_d1ac5a2a4c2540b4.txt",
        section="Drivers Best Practices Tip Sheets › Coaching › “Coaching is provided…”",
        quote="",
    )
    assert citation_label(citation, depth=1) == "Drivers Best Practices Tip Sheets › Coaching"
    assert section_label("LEADERSHIP AS THE DRIVING FORCE IN IMPLEMENTATION › Culture", "002_c9783bca63a4bc61.txt") == (
        "Leadership as the driving force in implementation › Culture"
    )


def test_a_hint_in_the_conversation_names_the_document_not_its_file() -> None:
    citation = Citation(
        id="c", source="000_d1ac5a2a4c2540b4.txt", section="Drivers Best Practices Tip Sheets › Coaching", quote=""
    )
    assert cite(citation) == "[Drivers Best Practices Tip Sheets › Coaching]"


def test_a_hint_names_its_document_once_whatever_case_its_heading_is_in() -> None:
    citation = Citation(
        id="c",
        source="000_d1ac5a2a4c2540b4.txt",
        section="DRIVERS BEST PRACTICES TIP SHEETS › Coaching › “Coaching is provided…”",
        quote="",
    )
    label = cite(citation)
    assert label == "[Drivers Best Practices Tip Sheets › Coaching › “Coaching is provided…”]"
    assert label.casefold().count("tip sheets") == 1
    added = Citation(id="d", source="Lincoln handbook.md", section="Lincoln handbook › Coaching cycles", quote="")
    assert cite(added) == "[Lincoln handbook › Coaching cycles]"


def test_the_web_chat_names_documents_by_title_in_new_replies_and_those_saved_with_a_file_name() -> None:
    from assistant.dialogue.events import Answer, HintRef
    from ui import render

    citation = Citation(
        id="c", source="000_d1ac5a2a4c2540b4.txt", section="Drivers Best Practices Tip Sheets › Coaching", quote="q"
    )
    html = render.turn_html("", [Answer(reason="question", hint=HintRef(quote="q", citation=citation))])
    assert "Drivers Best Practices Tip Sheets" in html and "000_d1ac" not in html
    saved = render.turn_html("see [Drivers Best Practices Tip Sheets › Coaching — 000_d1ac5a2a4c2540b4.txt]", None)
    assert "— Drivers Best Practices Tip Sheets]" in saved and "000_d1ac" not in saved
