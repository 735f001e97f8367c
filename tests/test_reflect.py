"""Reflection prompts: what a trainer hands out before, during and after a session, its exports and the chat mode."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import docx
import pytest
import yaml

from assistant.dialogue.coach_mode import CoachConversation
from assistant.dialogue.events import GuidePrompt, Help, Notice, PromptsMore, PromptsShown
from assistant.errors import InputError
from assistant.export.guide import NOTES_LINE, export_prompts, prompts_text, render_prompts
from assistant.generators.coach import PROMPTS_DIR, display_quote
from assistant.generators.reflect import default_seed, load_phrasing, reflection_prompts
from assistant.models import Driver, ReflectionSet, Stage
from assistant.retrieval.bm25 import tokenize
from assistant.retrieval.retriever import Retriever

TIMINGS = {"before", "during", "after"}
LEVELS = {"individual", "team", "system"}


def texts(prompts: ReflectionSet) -> set[str]:
    return {p.text for p in prompts.prompts}


def overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


# ------------------------------------------------------------------------------------------------ the set


@pytest.mark.parametrize("n", [1, 3, 8, 30])
def test_n_distinct_prompts(retriever: Retriever, n: int) -> None:
    result = reflection_prompts(retriever, Driver.coaching, Stage.initial_implementation, n=n)
    assert len(result.prompts) == n == len(texts(result))
    quotes = [p.citation.quote for p in result.prompts]
    assert len(set(quotes)) == n
    words = [frozenset(tokenize(p.text)) for p in result.prompts]
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            assert len(a & b) / len(a | b) <= 0.6


def test_eight_by_default(retriever: Retriever) -> None:
    assert len(reflection_prompts(retriever, Driver.training).prompts) == 8


def test_prompts_spread_over_timing_and_level(retriever: Retriever) -> None:
    result = reflection_prompts(retriever, Driver.fidelity, Stage.installation, n=8)
    timing = Counter(p.timing for p in result.prompts)
    level = Counter(p.level for p in result.prompts)
    assert set(timing) == TIMINGS and min(timing.values()) >= 2
    assert set(level) == LEVELS and min(level.values()) >= 2
    three = reflection_prompts(retriever, Driver.fidelity, Stage.installation, n=3)
    assert {p.timing for p in three.prompts} == TIMINGS and {p.level for p in three.prompts} == LEVELS
    # The handout reads in order: before, then during, then after.
    order = [p.timing for p in result.prompts]
    assert order == sorted(order, key=["before", "during", "after"].index)


@pytest.mark.parametrize("driver", list(Driver))
@pytest.mark.parametrize("stage", [None, *Stage])
def test_every_prompt_quotes_the_passage_it_cites(retriever: Retriever, driver: Driver, stage: Stage | None) -> None:
    result = reflection_prompts(retriever, driver, stage, n=8)
    own = 0
    for prompt in result.prompts:
        passage = retriever.passage(prompt.citation.id)
        assert passage is not None
        assert prompt.citation.quote in passage.text
        assert (prompt.citation.source, prompt.citation.section) == (passage.source, passage.section)
        # The prompt shows the sentence it grows from (a list item after the line that opens its list).
        assert display_quote(prompt.citation.quote)[:-1] in prompt.text
        assert (prompt.driver, prompt.stage) == (driver, stage)
        assert passage.driver in {driver, None}
        own += passage.driver is driver
    assert own >= 6, "most prompts come from the driver's own guidance"


def test_the_same_request_gives_the_same_prompts(retriever: Retriever) -> None:
    a = reflection_prompts(retriever, Driver.coaching, Stage.installation, "new teachers", 10)
    b = reflection_prompts(retriever, Driver.coaching, Stage.installation, "new teachers", 10)
    assert a == b
    assert a.seed == default_seed(Driver.coaching, Stage.installation, "new teachers")


def test_another_seed_gives_other_prompts(retriever: Retriever) -> None:
    a = reflection_prompts(retriever, Driver.coaching, Stage.installation, n=8, seed=1)
    b = reflection_prompts(retriever, Driver.coaching, Stage.installation, n=8, seed=2)
    assert (a.seed, b.seed) == (1, 2)
    assert overlap(texts(a), texts(b)) < 0.5


def test_asking_for_more_keeps_the_first_prompts(retriever: Retriever) -> None:
    small = reflection_prompts(retriever, Driver.leadership, Stage.full_implementation, n=6)
    large = reflection_prompts(retriever, Driver.leadership, Stage.full_implementation, n=14)
    assert texts(small) <= texts(large)


@pytest.mark.parametrize("stage", [None, *Stage])
def test_different_drivers_give_mostly_different_prompts(retriever: Retriever, stage: Stage | None) -> None:
    coaching = reflection_prompts(retriever, Driver.coaching, stage, n=10)
    data = reflection_prompts(retriever, Driver.decision_support_data, stage, n=10)
    assert overlap(texts(coaching), texts(data)) < 0.3
    sources_a = {p.citation.id for p in coaching.prompts}
    sources_b = {p.citation.id for p in data.prompts}
    assert overlap(sources_a, sources_b) < 0.3


def stage_template_count(prompts: ReflectionSet, stage: Stage) -> int:
    """How many prompts use a template written for the stage (placeholders match anything)."""
    patterns = [
        re.compile(re.sub(r"\\\{[a-z_]+\\\}", ".*", re.escape(t.text)) + "$", re.DOTALL)
        for t in load_phrasing().templates
        if stage in t.stages
    ]
    return sum(any(p.match(prompt.text) for p in patterns) for prompt in prompts.prompts)


def test_the_stage_changes_the_emphasis(retriever: Retriever) -> None:
    early = reflection_prompts(retriever, Driver.training, Stage.exploration, n=10)
    late = reflection_prompts(retriever, Driver.training, Stage.full_implementation, n=10)
    assert overlap(texts(early), texts(late)) < 0.3
    # Most prompts use the stage's own templates: fit and readiness early, sustaining and fidelity late.
    assert stage_template_count(early, Stage.exploration) >= 6
    assert stage_template_count(late, Stage.full_implementation) >= 6
    assert stage_template_count(late, Stage.exploration) == 0
    none = reflection_prompts(retriever, Driver.training, None, n=10)
    assert all(stage_template_count(none, stage) == 0 for stage in Stage)


@pytest.mark.parametrize(
    ("audience", "words"),
    [
        ("new teachers", ["your classroom", "your grade-level team", "your school", "your students"]),
        ("instructional coaches", ["your coaching", "the teachers you coach", "your coaching team"]),
        ("school leaders", ["your building", "your leadership team", "your district", "your staff"]),
    ],
)
def test_the_audience_shapes_the_wording(retriever: Retriever, audience: str, words: list[str]) -> None:
    result = reflection_prompts(retriever, Driver.coaching, Stage.initial_implementation, audience, 12)
    assert result.audience == audience
    joined = " ".join(texts(result))
    assert any(word in joined for word in words)
    others = {"your classroom", "your coaching", "your building"} - set(words)
    assert not any(word in joined for word in others)


@pytest.mark.parametrize("n", [0, -1, 31, 1000])
def test_a_number_out_of_range_is_a_clear_error(retriever: Retriever, n: int) -> None:
    with pytest.raises(InputError, match="between 1 and 30"):
        reflection_prompts(retriever, Driver.coaching, n=n)


@pytest.mark.parametrize("audience", ["", "   ", "\t\n"])
def test_an_empty_audience_is_a_clear_error(retriever: Retriever, audience: str) -> None:
    with pytest.raises(InputError, match="audience is empty"):
        reflection_prompts(retriever, Driver.coaching, audience=audience)


def test_json_follows_the_contract(retriever: Retriever) -> None:
    data = reflection_prompts(retriever, Driver.selection, n=4).model_dump(mode="json")
    assert len(data["prompts"]) == 4
    for prompt in data["prompts"]:
        assert {"text", "driver", "stage", "citation", "timing", "level"} <= set(prompt)
        assert {"id", "source", "section", "quote"} <= set(prompt["citation"])


# ------------------------------------------------------------------------------------------------ the phrasing file


def _broken_copy(tmp_path: Path, change: dict[str, object], index: int = 0) -> Path:
    data = yaml.safe_load((PROMPTS_DIR / "reflection.yaml").read_text(encoding="utf-8"))
    data["templates"][index].update(change)
    path = tmp_path / "reflection.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": "Think about it."}, "does not quote its source"),
        ({"text": "“{quote}” in {clasroom}"}, "unknown placeholder"),
        ({"key": "before-individual-week"}, "used twice"),
        ({"timing": "later"}, "invalid"),
    ],
)
def test_mistakes_in_the_phrasing_file_are_caught_on_load(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        load_phrasing(_broken_copy(tmp_path, change))


def test_every_timing_and_level_needs_a_general_template(tmp_path: Path) -> None:
    data = yaml.safe_load((PROMPTS_DIR / "reflection.yaml").read_text(encoding="utf-8"))
    data["templates"] = [
        t for t in data["templates"] if (t["timing"], t["level"]) != ("during", "team") or t.get("stages")
    ]
    path = tmp_path / "reflection.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError, match="no general template for during · team"):
        load_phrasing(path)


# ------------------------------------------------------------------------------------------------ exports


def test_the_markdown_handout_groups_prompts_by_timing(retriever: Retriever) -> None:
    result = reflection_prompts(retriever, Driver.coaching, Stage.installation, "coaches", 9)
    text = render_prompts(result, "md").decode("utf-8")
    positions = [text.index(f"## {title} the session") for title in ("Before", "During", "After")]
    assert positions == sorted(positions)
    assert "## Sources" in text and "- **For:** coaches" in text
    assert text.count("   > “") == len({(p.citation.id, p.citation.quote) for p in result.prompts})


def test_the_word_handout_opens_with_room_to_write(retriever: Retriever, tmp_path: Path) -> None:
    result = reflection_prompts(retriever, Driver.training, Stage.initial_implementation, "new teachers", 6)
    out = export_prompts(result, "docx", tmp_path / "handout.docx")
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert headings == ["Before the session", "During the session", "After the session", "Sources"]
    lines = [p.text for p in document.paragraphs]
    assert lines.count(NOTES_LINE) == 6
    assert docx.Document(io.BytesIO(render_prompts(result, "docx"))).paragraphs
    with pytest.raises(InputError, match="md or docx"):
        render_prompts(result, "csv")


def test_the_terminal_text_numbers_prompts_and_sources(retriever: Retriever) -> None:
    text = prompts_text(reflection_prompts(retriever, Driver.fidelity, n=5))
    assert "BEFORE THE SESSION" in text and "\nSources\n  [1] " in text
    assert "  1. (" in text and "  5. (" in text


# ------------------------------------------------------------------------------------------------ chat: reflect mode


def test_the_chat_gives_prompts_then_more_then_another_set(retriever: Retriever) -> None:
    conv = CoachConversation(
        retriever, "reflect", driver=Driver.coaching, stage=Stage.initial_implementation, context="new teachers", n=6
    )
    first = conv.start()
    assert "Reflection prompts: Coaching · Initial Implementation" in first and "For: new teachers" in first
    shown = list(conv.state.shown)
    assert len(shown) == 6
    more = conv.reply("more").text
    assert more.startswith("More prompts:") and "  7. (" in more
    assert set(shown) <= set(conv.state.shown) and len(conv.state.shown) == 12
    other = conv.reply("/new").text
    assert "Seed:" in other and set(conv.state.shown) != set(shown)
    redone = conv.reply("school leaders").text
    assert "For: school leaders" in redone
    assert "The passages behind what was shown" in conv.reply("/why").text


def test_each_reflect_reply_is_typed_events(retriever: Retriever) -> None:
    conv = CoachConversation(
        retriever, "reflect", driver=Driver.coaching, stage=Stage.initial_implementation, context="new teachers", n=6
    )
    opening = conv.opening().events
    assert [type(e) for e in opening] == [PromptsShown, GuidePrompt]
    assert isinstance(opening[0], PromptsShown) and len(opening[0].prompts.prompts) == 6
    more = conv.reply("more").events[0]
    assert isinstance(more, PromptsMore) and more.first == 7 and len(more.prompts) == 6
    shown = {prompt.text for prompt in opening[0].prompts.prompts}
    assert not shown & {prompt.text for prompt in more.prompts}
    other = conv.reply("/new").events[0]
    assert isinstance(other, PromptsShown) and other.prompts.seed != opening[0].prompts.seed
    assert conv.reply("/help").events[0] == Help(mode="reflect")
    assert [type(e) for e in conv.reply("/skip").events] == [Notice, GuidePrompt]


def test_the_chat_asks_for_the_audience_and_accepts_a_skip(retriever: Retriever) -> None:
    conv = CoachConversation(retriever, "reflect")
    assert "training session" in conv.start()
    assert "stage" in conv.reply("data systems").text
    assert "Who are the prompts for" in conv.reply("full implementation").text
    out = conv.reply("/skip").text
    assert "Reflection prompts: Data-Informed Decision-Making · Full Implementation" in out
    assert "For: any audience" in out
