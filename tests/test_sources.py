"""The bundled documents become the passages a reader of them would count: one per row, question or behaviour."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from assistant import resources
from assistant.config import PROJECT_ROOT
from assistant.knowledge.sources import bundled_sources, parse_source
from assistant.knowledge.text import normalize
from assistant.models import Driver, Passage, PassageKind

SOURCES = resources.knowledge_base() / "sources"
SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"
TIP_SHEETS = "000_d1ac5a2a4c2540b4.txt"
GUIDE = "001_c83fbb2b23261490.txt"
LEADERSHIP = "002_c9783bca63a4bc61.txt"
PARTNERS = "003_d4417973042cc81c.txt"
SUMMARY = "004_c790838b7d776522.txt"

# The considerations of each tip-sheet table, as a reader counts them: a row that runs on after a page break
# (the repeated header row) is one row, not two.
CONSIDERATIONS: dict[Driver, list[str]] = {
    Driver.selection: [
        "Someone is accountable for the recruitment and selection of relevant staff.",
        "Job descriptions are in place for relevant staff.",
        "Individuals accountable for selection understand the skills and abilities needed for relevant staff.",
        "Selection protocols are in place to assess competencies for relevant staff.",
        "Selection processes are regularly reviewed.",
    ],
    Driver.training: [
        "There is someone accountable for the training of relevant staff for the program or practice.",
        "Agency staff provide or secure skill-based training for relevant staff on the program or practice.",
        "Staff use data about training for improvement.",
    ],
    Driver.coaching: [
        "There is someone accountable for coaching relevant staff on the program or practice.",
        "Coaching is provided to improve the competency of relevant staff to implement the program or practice.",
        "Agency staff use a coaching service delivery plan.",
        "Agency staff regularly assess coaching effectiveness.",
    ],
    Driver.fidelity: [
        "There is someone accountable for fidelity assessments of relevant staff for the program or practice.",
        "The agency uses a fidelity assessment for the program or practice.",
        "Agency staff follow a protocol for fidelity assessments.",
        "Agency staff use fidelity data to improve program and practice outcomes and implementation supports.",
    ],
    Driver.decision_support_data: [
        "There is someone accountable for data-informed decision-making systems.",
        "Agency staff have access to relevant data for making decisions for improvement.",
        "Data are useful and usable.",
        "Agency staff have a process for using data for decision-making.",
    ],
    Driver.facilitative_administration: [
        "Leaders and managers set aside resources to support the development of staff competency to implement the "
        "program or practice.",
        "Leaders and managers develop and/or refine internal policies or procedures that support implementing the "
        "program or practice.",
        "Leaders and managers make changes in organization roles, functions and structures as needed to implement "
        "the program or practice.",
        "Leaders and managers engage in regular communication with all program staff and participants",
        "Leaders and managers visibly promote the importance of effectively implementing the program or practice.",
        "Leaders and managers problem-solve challenges to implement the program or practice.",
        "Leaders and managers recognize and appreciate staff contributions to implement the program or practice.",
    ],
    Driver.systems_intervention: [
        "Leadership engages stakeholders and staff in developing a shared understanding of the need for the program "
        "or practice.",
        "Leadership creates opportunities for stakeholders and staff to learn and design solutions together to "
        "support the program or practice.",
        "Leadership regularly communicates with stakeholders regarding the program or practice.",
    ],
}

QUESTIONS_PER_DRIVER = {
    Driver.training: 6,
    Driver.coaching: 4,
    Driver.fidelity: 11,
    Driver.facilitative_administration: 7,
    Driver.decision_support_data: 3,
    Driver.systems_intervention: 3,
}


@pytest.fixture(scope="module")
def by_source() -> dict[str, list[Passage]]:
    return {path.name: parse_source(path) for path in bundled_sources(SOURCES)}


@pytest.fixture(scope="module")
def passages(by_source: dict[str, list[Passage]]) -> list[Passage]:
    return [passage for found in by_source.values() for passage in found]


def of_kind(passages: list[Passage], kind: PassageKind) -> list[Passage]:
    return [p for p in passages if p.kind is kind]


def containing(passages: list[Passage], phrase: str) -> list[Passage]:
    needle = normalize(phrase)
    return [p for p in passages if needle in normalize(p.text)]


def title_of(path: Path) -> str:
    """What a reader takes for the document's title: its first line, without Markdown marks."""
    first = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return first.strip().lstrip("#").strip().strip("*").strip()


# ------------------------------------------------------------------------------------------- tip sheets


def test_each_of_the_seven_tip_sheets_opens_with_a_definition(by_source: dict[str, list[Passage]]) -> None:
    definitions = of_kind(by_source[TIP_SHEETS], PassageKind.definition)
    assert {p.driver for p in definitions} == set(CONSIDERATIONS)
    selection = next(p for p in definitions if p.driver is Driver.selection)
    assert selection.text.startswith("Selection refers to the process of recruiting and hiring staff")
    assert all(p.section.split(" › ")[0] == "Drivers Best Practices Tip Sheets" for p in definitions)


@pytest.mark.parametrize("driver", list(CONSIDERATIONS), ids=lambda d: d.value)
def test_every_table_row_has_a_best_practice_and_a_case_example(
    by_source: dict[str, list[Passage]], driver: Driver
) -> None:
    rows = [p for p in by_source[TIP_SHEETS] if p.driver is driver]
    practices = {p.heading for p in of_kind(rows, PassageKind.best_practice)}
    examples = {p.heading for p in of_kind(rows, PassageKind.case_example)}
    assert practices == set(CONSIDERATIONS[driver])
    assert examples == set(CONSIDERATIONS[driver])


def test_the_reader_counts_these_many_considerations(by_source: dict[str, list[Passage]]) -> None:
    practices = of_kind(by_source[TIP_SHEETS], PassageKind.best_practice)
    distinct = {p.driver: len({q.heading for q in practices if q.driver is p.driver}) for p in practices}
    assert distinct == {
        Driver.selection: 5,
        Driver.training: 3,
        Driver.coaching: 4,
        Driver.fidelity: 4,
        Driver.decision_support_data: 4,
        Driver.facilitative_administration: 7,
        Driver.systems_intervention: 3,
    }


def test_every_part_of_a_long_cell_starts_with_its_consideration(by_source: dict[str, list[Passage]]) -> None:
    cells = [p for p in by_source[TIP_SHEETS] if p.kind in {PassageKind.best_practice, PassageKind.case_example}]
    for passage in cells:
        assert passage.heading is not None
        assert passage.text.startswith(passage.heading + "\n"), passage.text[:120]
        assert passage.section.endswith("”") and "“" in passage.section
    examples = of_kind(cells, PassageKind.case_example)
    assert all(p.text.split("\n")[1] == "Case example:" for p in examples)


@pytest.mark.parametrize(
    "phrase",
    [
        # A sentence broken by a page break, on both sides of the repeated header row.
        "specific procedures for assessing ability to receive and use feedback provided during the interview",
        "The Education Director works to ensure they have access to relevant data in a timely fashion",
        "leaders and managers actively solicit verbal and written feedback from program participants",
        "proactively develop and/or revise policies and procedures that enable staff to implement the program",
        # A case example that continues after the break belongs to the row above it.
        "staff receive training in trauma-informed practice and prevention strategies",
    ],
)
def test_rows_split_by_a_page_break_are_joined(by_source: dict[str, list[Passage]], phrase: str) -> None:
    assert len(containing(by_source[TIP_SHEETS], phrase)) == 1


def test_a_consideration_split_by_a_page_break_is_whole(by_source: dict[str, list[Passage]]) -> None:
    headings = {p.heading for p in by_source[TIP_SHEETS]}
    assert (
        "Leaders and managers develop and/or refine internal policies or procedures that support implementing "
        "the program or practice." in headings
    )
    assert "Leaders and managers engage in regular communication with all program staff and participants" in headings
    assert not any(h and h.startswith(("procedures that support", "program staff and participants")) for h in headings)
    continued = containing(by_source[TIP_SHEETS], "staff receive training in trauma-informed practice")[0]
    assert continued.heading == CONSIDERATIONS[Driver.training][1]


def test_html_and_bullet_characters_are_gone(passages: list[Passage]) -> None:
    for passage in passages:
        assert not re.search(r"</?[a-zA-Z][^>]*>", passage.text), passage.text[:120]
        assert "•" not in passage.text
        assert "\t" not in passage.text
        assert "&nbsp;" not in passage.text and "&amp;" not in passage.text


def test_bullets_in_a_cell_become_list_items(by_source: dict[str, list[Passage]]) -> None:
    protocol = containing(by_source[TIP_SHEETS], "an assessment of core skills needed for the position")
    assert len(protocol) == 1
    lines = protocol[0].text.split("\n")
    assert "- an assessment of core skills needed for the position;" in lines
    assert "- a record of the ratings of individuals’ responses." in lines


# ------------------------------------------------------------------------------------ the planning guide


def test_every_guiding_question_is_one_passage(by_source: dict[str, list[Passage]]) -> None:
    questions = of_kind(by_source[GUIDE], PassageKind.guiding_question)
    assert len(questions) == 34
    assert Counter(p.driver for p in questions) == QUESTIONS_PER_DRIVER
    assert len({p.text for p in questions}) == 34
    for question in questions:
        assert question.heading == question.text.split("\n")[0]


def test_a_question_is_filed_under_its_driver_heading(by_source: dict[str, list[Passage]]) -> None:
    questions = of_kind(by_source[GUIDE], PassageKind.guiding_question)
    last_heading = {p.driver: p.section.split(" › ")[-1] for p in questions}
    assert last_heading == {
        Driver.training: "Training",
        Driver.coaching: "Coaching",
        Driver.fidelity: "Implementation Assessment & Fidelity Assessment",
        Driver.facilitative_administration: "Facilitative Administration",
        Driver.decision_support_data: "Decision Support Data System",
        Driver.systems_intervention: "Systems Intervention",
    }


def test_sub_bullets_stay_with_their_question(by_source: dict[str, list[Passage]]) -> None:
    questions = of_kind(by_source[GUIDE], PassageKind.guiding_question)
    protocol = next(p for p in questions if p.text.startswith("Fidelity assessment may include a written protocol"))
    assert protocol.text.split("\n")[1:] == [
        "- orientation process for relevant staff",
        "- process for how fidelity data are used",
        "- communication protocol for sharing fidelity data",
    ]
    communicate = next(p for p in questions if p.text.startswith("How will leadership regularly communicate"))
    assert communicate.text.split("\n")[0] == "How will leadership regularly communicate with educational partners by:"
    assert len(communicate.text.split("\n")[1:]) == 3
    assert all(line.startswith("- ") for line in communicate.text.split("\n")[1:])
    access = next(p for p in questions if p.text.startswith("How will the implementation team be given access"))
    assert access.text.split("\n")[1:] == ["- feedback data from practitioners, fidelity data, outcome data"]
    # The sub-items are not questions of their own.
    assert not any(p.text.startswith(("orientation process", "providing information")) for p in questions)


# ------------------------------------------------------------------------------ leadership and partners


def test_sixteen_leadership_behaviours_four_in_each_domain(by_source: dict[str, list[Passage]]) -> None:
    behaviours = [p for p in of_kind(by_source[LEADERSHIP], PassageKind.leadership_behavior) if p.domain != "Stay In"]
    assert len(behaviours) == 16
    assert Counter(p.domain for p in behaviours) == {"Lean In": 4, "Lift Up": 4, "Connect": 4, "Culture": 4}
    assert all(p.driver is Driver.leadership for p in behaviours)
    lean_in = [p.text for p in behaviours if p.domain == "Lean In"]
    assert lean_in[0].startswith("Model the practice behaviors expected of staff at all levels")


def test_five_stay_in_principles(by_source: dict[str, list[Passage]]) -> None:
    stay_in = [p for p in by_source[LEADERSHIP] if p.domain == "Stay In"]
    assert [p.text.split()[0] for p in stay_in] == ["Support", "Take", "Acknowledge", "Yield", "INvoke"]
    assert all(p.kind is PassageKind.leadership_behavior for p in stay_in)
    assert all("**" not in p.text for p in stay_in)


def test_partner_roles_in_training_coaching_and_fidelity(by_source: dict[str, list[Passage]]) -> None:
    roles = of_kind(by_source[PARTNERS], PassageKind.partner_role)
    assert {Driver.training, Driver.coaching, Driver.fidelity} <= {p.driver for p in roles}
    fidelity = [p for p in roles if p.driver is Driver.fidelity]
    assert any("Partner Roles in Fidelity Assessment" in p.section for p in fidelity)
    assert containing(roles, "the observation process makes use of one's 'wise mind'")


@pytest.mark.parametrize(
    ("opening", "driver"),
    [
        ("External Systems include", Driver.systems_intervention),
        ("Internal Systems are often controlled by the district", Driver.facilitative_administration),
        ("Data Support Systems should support", Driver.decision_support_data),
        ("Selection refers to the thoughtful", Driver.selection),
        ("Coaching includes supporting", Driver.coaching),
        ("Leadership is developed at all levels", Driver.leadership),
    ],
)
def test_driver_definitions_of_the_summary_use_our_driver_names(
    by_source: dict[str, list[Passage]], opening: str, driver: Driver
) -> None:
    found = [p for p in by_source[SUMMARY] if p.text.startswith(opening)]
    assert len(found) == 1
    assert found[0].kind is PassageKind.definition
    assert found[0].driver is driver


# ------------------------------------------------------------------------------------------ every passage


def test_ids_are_stable_and_unique(passages: list[Passage]) -> None:
    again = [p for path in bundled_sources(SOURCES) for p in parse_source(path)]
    assert [p.id for p in again] == [p.id for p in passages]
    assert len({p.id for p in passages}) == len(passages)


def test_every_section_path_starts_with_the_document_title(by_source: dict[str, list[Passage]]) -> None:
    for name, found in by_source.items():
        title = title_of(SOURCES / name)
        assert found, name
        for passage in found:
            assert passage.section.split(" › ")[0] == title, (name, passage.section)
            assert passage.source == name


def test_passages_are_short_on_average(passages: list[Passage]) -> None:
    assert sum(len(p.text) for p in passages) / len(passages) < 800
    assert all(p.text.strip() == p.text and p.text for p in passages)


def test_sources_are_the_documents_as_delivered() -> None:
    if not SEEDS.is_dir():
        pytest.skip("the delivered documents are not next to the project")
    delivered = sorted(path.name for path in SEEDS.glob("*.txt"))
    assert sorted(path.name for path in SOURCES.glob("*.txt")) == delivered
    for name in delivered:
        assert (SOURCES / name).read_bytes() == (SEEDS / name).read_bytes(), name
