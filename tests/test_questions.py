"""The guiding questions of the action-planning guide and their curated stage tags."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
import yaml

from assistant import resources
from assistant.errors import InputError
from assistant.knowledge.questions import GuidingQuestion, QuestionTag, guiding_questions, load_tags, questions_for
from assistant.knowledge.sources import parse_source
from assistant.knowledge.text import normalize
from assistant.models import Driver, Passage, PassageKind, Stage

KB = resources.knowledge_base()
GUIDE = KB / "sources" / "001_c83fbb2b23261490.txt"
TAGS = KB / "guiding_questions.yaml"

EXPECTED_COUNTS = {
    Driver.training: 6,
    Driver.coaching: 4,
    Driver.fidelity: 11,
    Driver.facilitative_administration: 7,
    Driver.decision_support_data: 3,
    Driver.systems_intervention: 3,
}


@pytest.fixture(scope="module")
def passages() -> list[Passage]:
    return [p for p in parse_source(GUIDE) if p.kind is PassageKind.guiding_question]


@pytest.fixture(scope="module")
def tags() -> list[QuestionTag]:
    return load_tags(TAGS)


@pytest.fixture(scope="module")
def questions(passages: list[Passage], tags: list[QuestionTag]) -> list[GuidingQuestion]:
    return guiding_questions(passages, tags)


def find(questions: list[GuidingQuestion], opening: str) -> GuidingQuestion:
    hits = [q for q in questions if normalize(q.text).startswith(normalize(opening))]
    assert len(hits) == 1, opening
    return hits[0]


# ------------------------------------------------------------------------------------------- the join


def test_every_parsed_question_has_exactly_one_tag_and_vice_versa(
    passages: list[Passage], tags: list[QuestionTag], questions: list[GuidingQuestion]
) -> None:
    assert len(passages) == 34
    assert len(tags) == 34
    assert Counter(p.driver for p in passages) == EXPECTED_COUNTS
    # Each passage is joined once, in document order, to a tag of its own driver ...
    assert [q.passage for q in questions] == passages
    assert all(q.driver == q.passage.driver for q in questions)
    # ... and each tag is used by exactly one passage (tags are in document order too).
    for tag, question in zip(tags, questions, strict=True):
        assert normalize(question.passage.text).startswith(normalize(tag.question))
        assert sum(normalize(p.text).startswith(normalize(tag.question)) for p in passages) == 1
        assert question.stages == tag.stages
        assert question.why == tag.why


def test_default_path_is_the_bundled_file(passages: list[Passage]) -> None:
    assert load_tags() == load_tags(TAGS)
    assert len(guiding_questions(passages)) == 34


def test_other_kinds_of_passage_are_ignored(questions: list[GuidingQuestion]) -> None:
    everything = parse_source(GUIDE)
    assert len(everything) > 34
    assert [q.passage for q in guiding_questions(everything)] == [q.passage for q in questions]


def test_tags_are_well_formed(tags: list[QuestionTag]) -> None:
    for tag in tags:
        assert 1 <= len(tag.stages) <= 2, tag.question
        assert len(set(tag.stages)) == len(tag.stages)
        assert tag.why.strip() and "\n" not in tag.why


def test_text_is_the_passage_text_with_sub_bullets(questions: list[GuidingQuestion]) -> None:
    protocol = find(questions, "Fidelity assessment may include a written protocol")
    assert protocol.text == protocol.passage.text
    assert "- orientation process for relevant staff" in protocol.text


# ------------------------------------------------------------------------------------------- coverage


def test_every_stage_has_questions(questions: list[GuidingQuestion]) -> None:
    per_stage = Counter(stage for q in questions for stage in q.stages)
    for stage in Stage:
        assert per_stage[stage] >= 4, stage
    # The stages where the work is planned, started and sustained have questions for most drivers.
    for stage in (Stage.installation, Stage.initial_implementation, Stage.full_implementation):
        drivers = {q.driver for q in questions if stage in q.stages}
        assert len(drivers) >= 5, stage


def test_every_question_has_a_stage(questions: list[GuidingQuestion]) -> None:
    assert all(q.stages for q in questions)


# ------------------------------------------------------------------------------------------- questions_for


def test_stage_questions_come_in_document_order(questions: list[GuidingQuestion]) -> None:
    for driver in EXPECTED_COUNTS:
        for stage in Stage:
            selected = questions_for(questions, driver, stage)
            assert all(q.driver == driver and stage in q.stages for q in selected)
            positions = [questions.index(q) for q in selected]
            assert positions == sorted(positions)


def test_fidelity_differs_between_installation_and_full_implementation(questions: list[GuidingQuestion]) -> None:
    installation = questions_for(questions, Driver.fidelity, Stage.installation)
    full = questions_for(questions, Driver.fidelity, Stage.full_implementation)
    assert installation and full
    assert [q.passage.id for q in installation] != [q.passage.id for q in full]
    assert installation[0].passage.heading == "Identify clear implementation criteria."
    assert full[0].passage.heading != installation[0].passage.heading
    assert find(questions, "What will be the process for reviewing fidelity data") in full
    assert find(questions, "What will be the process for reviewing fidelity data") not in installation
    everything_inst = questions_for(questions, Driver.fidelity, Stage.installation, include_other_stages=True)
    everything_full = questions_for(questions, Driver.fidelity, Stage.full_implementation, include_other_stages=True)
    assert everything_inst != everything_full


def test_include_other_stages_puts_the_stage_first(questions: list[GuidingQuestion]) -> None:
    for driver, count in EXPECTED_COUNTS.items():
        for stage in Stage:
            first = questions_for(questions, driver, stage)
            everything = questions_for(questions, driver, stage, include_other_stages=True)
            assert len(everything) == count
            assert {q.passage.id for q in everything} == {q.passage.id for q in questions if q.driver == driver}
            assert everything[: len(first)] == first
            rest = everything[len(first) :]
            assert all(stage not in q.stages for q in rest)
            positions = [questions.index(q) for q in rest]
            assert positions == sorted(positions)


@pytest.mark.parametrize("driver", [Driver.selection, Driver.leadership])
def test_drivers_without_guiding_questions(questions: list[GuidingQuestion], driver: Driver) -> None:
    for stage in Stage:
        assert questions_for(questions, driver, stage) == []
        assert questions_for(questions, driver, stage, include_other_stages=True) == []


# ------------------------------------------------------------------------------------------- reviewed pins


def test_the_guides_typos_are_mended_where_the_team_reads_them_and_kept_where_it_is_quoted(
    questions: list[GuidingQuestion],
) -> None:
    question = find(questions, "What training do coaches need to support practitioners effectively?")
    assert "effectively" in question.text
    assert "effectivley" in question.passage.text, "a citation quotes the guide as delivered"
    assert "relevent" not in " ".join(q.text for q in questions)


@pytest.mark.parametrize(
    ("opening", "stage"),
    [
        ("What data will be collected during initial implementation?", Stage.initial_implementation),
        ("Who will be responsible for coordinating the relevant training?", Stage.installation),
        ("How will the implementation data be shared with staff? Share quick wins", Stage.initial_implementation),
        ("How will implementation criteria be shared with staff?", Stage.installation),
        ("What training do coaches need", Stage.installation),
        ("Who will develop and communicate the coaching plan", Stage.installation),
        ("What will be the process for consistently using a fidelity assessment?", Stage.full_implementation),
        ("What will be the process for reviewing fidelity data", Stage.full_implementation),
        ("How will leadership work together with educational partners to develop a shared", Stage.exploration),
        ("How will the need for this training be communicated?", Stage.exploration),
        ("What resources are needed to implement and support the initiative?", Stage.exploration),
        ("How will leadership problem-solve challenges using data", Stage.initial_implementation),
        ("Who will be responsible for coordinating a data system", Stage.installation),
    ],
)
def test_reviewed_primary_stage(questions: list[GuidingQuestion], opening: str, stage: Stage) -> None:
    assert find(questions, opening).stages[0] == stage


@pytest.mark.parametrize(
    ("opening", "stage"),
    [
        (
            "Who will provide the training? How will new, absent or administrative staff be trained?",
            Stage.full_implementation,
        ),
        ("What data will be collected during initial implementation?", Stage.installation),
        ("What policies and procedures", Stage.full_implementation),
        ("How will leadership create opportunities for educational partners", Stage.installation),
    ],
)
def test_reviewed_secondary_stage(questions: list[GuidingQuestion], opening: str, stage: Stage) -> None:
    assert stage in find(questions, opening).stages


@pytest.mark.parametrize(
    ("opening", "stage"),
    [
        ("Who will be responsible for coordinating the relevant training?", Stage.exploration),
        ("What data will be collected during initial implementation?", Stage.full_implementation),
        ("What will be the process for reviewing fidelity data", Stage.exploration),
        ("How will leadership work together with educational partners to develop a shared", Stage.full_implementation),
    ],
)
def test_reviewed_not_tagged(questions: list[GuidingQuestion], opening: str, stage: Stage) -> None:
    assert stage not in find(questions, opening).stages


# ------------------------------------------------------------------------------------------- a changed source


def write_tags(path: Path, entries: list[dict[str, object]]) -> Path:
    path.write_text(yaml.safe_dump(entries, sort_keys=False), encoding="utf-8")
    return path


def bundled_entries() -> list[dict[str, object]]:
    data = yaml.safe_load(TAGS.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def test_a_tag_matching_nothing_is_an_error(tmp_path: Path, passages: list[Passage]) -> None:
    entries = bundled_entries()
    entries.append(
        {"driver": "training", "question": "How will the training be funded?", "stages": ["installation"], "why": "x"}
    )
    tags = load_tags(write_tags(tmp_path / "tags.yaml", entries))
    with pytest.raises(InputError, match="How will the training be funded"):
        guiding_questions(passages, tags)


def test_a_tag_under_the_wrong_driver_is_an_error(tmp_path: Path, passages: list[Passage]) -> None:
    entries = bundled_entries()
    entries[0]["driver"] = "coaching"
    tags = load_tags(write_tags(tmp_path / "tags.yaml", entries))
    with pytest.raises(InputError, match=r"matches no guiding question.*training"):
        guiding_questions(passages, tags)


def test_a_question_without_a_tag_is_an_error(tmp_path: Path, passages: list[Passage]) -> None:
    entries = [e for e in bundled_entries() if not str(e["question"]).startswith("Identify clear")]
    tags = load_tags(write_tags(tmp_path / "tags.yaml", entries))
    with pytest.raises(InputError, match="Identify clear implementation criteria"):
        guiding_questions(passages, tags)


def test_an_ambiguous_tag_is_an_error(tmp_path: Path, passages: list[Passage]) -> None:
    entries = bundled_entries()
    entries.append(
        {"driver": "fidelity", "question": "What will be the process for", "stages": ["installation"], "why": "x"}
    )
    tags = load_tags(write_tags(tmp_path / "tags.yaml", entries))
    with pytest.raises(InputError, match="matches 2 guiding questions"):
        guiding_questions(passages, tags)


def test_a_question_tagged_twice_is_an_error(tmp_path: Path, passages: list[Passage]) -> None:
    entries = bundled_entries()
    entries.append({**entries[2], "question": "Who will be responsible for coordinating the relevent"})
    tags = load_tags(write_tags(tmp_path / "tags.yaml", entries))
    with pytest.raises(InputError, match="tagged twice"):
        guiding_questions(passages, tags)


def test_a_prefix_must_end_at_a_word_boundary(tmp_path: Path, passages: list[Passage]) -> None:
    entries = bundled_entries()
    entries[0]["question"] = "How will the need for this train"
    tags = load_tags(write_tags(tmp_path / "tags.yaml", entries))
    with pytest.raises(InputError, match="How will the need for this train'"):
        guiding_questions(passages, tags)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"driver": "training", "question": "Q?", "stages": [], "why": "x"}, "stages"),
        ({"driver": "training", "question": "Q?", "stages": ["installing"], "why": "x"}, "stages"),
        ({"driver": "training", "question": "Q?", "stages": ["installation", "installation"], "why": "x"}, "twice"),
        ({"driver": "hiring", "question": "Q?", "stages": ["installation"], "why": "x"}, "driver"),
        ({"driver": "training", "question": "Q?", "stages": ["installation"]}, "why"),
    ],
)
def test_invalid_entries_are_reported(tmp_path: Path, entry: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_tags(write_tags(tmp_path / "tags.yaml", [entry]))


def test_a_missing_or_malformed_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="restore"):
        load_tags(tmp_path / "missing.yaml")
    (tmp_path / "bad.yaml").write_text("driver: training\n", encoding="utf-8")
    with pytest.raises(InputError, match="list"):
        load_tags(tmp_path / "bad.yaml")


def test_an_edited_file_is_read_again(tmp_path: Path) -> None:
    path = write_tags(tmp_path / "tags.yaml", bundled_entries()[:1])
    assert len(load_tags(path)) == 1
    write_tags(path, bundled_entries()[:2])
    os.utime(path, ns=(1, 10**18))
    assert len(load_tags(path)) == 2
