"""Property-based fuzzing of everything that parses what users type or upload: only our own errors come out.

Documents are parsed in this process (`parse_passages`, what the sandbox worker runs), so a failure shows its
traceback here. The property: a `DocumentError` or passages that are well formed; a damaged Word or PDF file may
also make python-docx or pypdf raise their own error (the worker reports that as a damaged file), but our own code
never raises anything else. The free-text parsers may only raise `InputError`, and what they return is sane.
Budgets are fixed and inputs small, so the file runs in well under a minute.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.dialogue.plan_mode import EDITABLE, set_field
from assistant.errors import AssistantError, DocumentError, InputError
from assistant.knowledge.curated import parse_drivers
from assistant.knowledge.documents import parse_passages
from assistant.models import Action, ActionPlan, Driver
from assistant.retrieval.retriever import MAX_QUERY_CHARS, check_query
from assistant.storage.sessions import check_name
from assistant.understanding.fields import SchoolYear, extract_action, parse_due, parse_owner
from evaluation.fuzz import (
    MARKDOWN_SEED,
    TEXT_SEED,
    extraction_problems,
    make_docx,
    make_pdf,
    own_code_raised,
    passage_problems,
)
from ui.state import COLUMNS, Edit, table_edits


def budget(examples: int) -> settings:
    """A fixed number of examples and no deadline: the suite's time is set by the budgets, not by the machine."""
    return settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))


DOCX = make_docx()
PDF = make_pdf([["COACHING", "Coaches meet weekly.", "- a bullet"], ["Page 2 of 2", "imple-", "mentation."]])
SEEDS = {".md": MARKDOWN_SEED.encode(), ".txt": TEXT_SEED.encode(), ".docx": DOCX, ".pdf": PDF}


def one_line(message: str, typed: str) -> bool:
    """An error is one line, unless the user's own text it quotes back has line breaks of its own."""
    return "\n" not in message or len(typed.splitlines()) > 1


def parse_or_fail(suffix: str, data: bytes) -> None:
    """Parse an upload and check the property; a bug in our own code fails the test with its traceback."""
    try:
        passages = parse_passages(Path(f"upload{suffix}"), data, "upload")
    except DocumentError as error:
        assert "upload" in str(error) and "\n" not in str(error), str(error)
        return
    except Exception as error:
        if suffix in {".docx", ".pdf"} and not own_code_raised(error):
            return  # python-docx or pypdf on a damaged file; the sandbox reports it as damaged
        raise
    assert passage_problems(passages, "upload") == []


# ------------------------------------------------------------------------------------------------ random bytes


@budget(400)
@given(suffix=st.sampled_from([".md", ".markdown", ".txt", ".docx", ".pdf"]), data=st.binary(max_size=1024))
def test_random_bytes_with_any_extension(suffix: str, data: bytes) -> None:
    parse_or_fail(suffix, data)


@budget(150)
@given(suffix=st.sampled_from([".docx", ".pdf"]), body=st.binary(max_size=1024))
def test_random_bytes_behind_the_right_signature(suffix: str, body: bytes) -> None:
    data = b"PK\x03\x04" + body if suffix == ".docx" else b"%PDF-1.4\n" + body + b"\n%%EOF"
    parse_or_fail(suffix, data)


# ------------------------------------------------------------------------------------------------ mutated valid files


@st.composite
def mutations(draw: st.DrawFn, seed: bytes) -> bytes:
    """The seed with a few bytes flipped, set, inserted, deleted or copied elsewhere, or cut short."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        operation = draw(st.sampled_from(["flip", "set", "insert", "delete", "splice", "truncate"]))
        if operation == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif operation == "set":
            data[at] = draw(st.sampled_from([0, 0x0A, 0x20, 0x22, 0x2F, 0x3C, 0x3E, 0x5B, 0x5D, 0x7F, 0xFF]))
        elif operation == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        elif operation == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif operation == "splice":
            start = draw(st.integers(0, len(data) - 1))
            data[at:at] = data[start : start + draw(st.integers(1, 256))]
        else:
            del data[at:]
    return bytes(data)


@budget(300)
@given(document=st.sampled_from(sorted(SEEDS)).flatmap(lambda s: st.tuples(st.just(s), mutations(SEEDS[s]))))
def test_mutated_valid_files(document: tuple[str, bytes]) -> None:
    parse_or_fail(*document)


def _docx_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


DOCX_PARTS = _docx_parts(DOCX)


def _rezip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return buffer.getvalue()


@budget(80)
@given(
    part=st.sampled_from(
        ["word/document.xml", "word/styles.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"]
    ),
    data=st.data(),
)
def test_word_files_with_mutated_xml_inside_a_sound_archive(part: str, data: st.DataObject) -> None:
    parts = dict(DOCX_PARTS)
    parts[part] = data.draw(mutations(parts[part]))
    parse_or_fail(".docx", _rezip(parts))


# ------------------------------------------------------------------------------------------------ adversarial text

_PIECES = [
    "# ", "###### ", "#", "> ", ">>>> ", "- ", "  - ", "* ", "1. ", "12) ", "[x] ", "|", "| a | b |", "|---|:-:|",
    "---", "===", "***", "```", "~~~", "`", "``", "[", "]", "(", ")", "![", "](", "<", ">", "<!--", "-->", "<b>",
    "<http://x", "&amp;", "&#0;", "&", "_", "__", "*", "**", "~~", "\\", "¹", "^{2}", ":", ".", "!", "?", "…", " ",
    "\t", "\n", "\n\n", "\r\n", "\r", "\f", "\v", "\x00", "\x01", "\x1b[31m", "\x7f", "\u0085", "\u2028", "\u200b",
    "\u202e", "\u2066", "\u200f", "\ufeff", "\ud800", "مرحبا بالعالم", "שלום", "ﬁ", "Ａ", "𝔸", "👩🏽‍🏫", "Coaching",
    "DATA REVIEW", "The team will:", "Page 3 of 9", "Training", "a" * 300,
]  # fmt: skip

adversarial_text = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=20)), max_size=60).map("".join)


@budget(250)
@given(suffix=st.sampled_from([".md", ".txt"]), text=adversarial_text)
def test_adversarial_markdown_and_text(suffix: str, text: str) -> None:
    parse_or_fail(suffix, text.encode("utf-8", "surrogatepass"))


@budget(5)
@given(
    suffix=st.sampled_from([".md", ".txt"]),
    piece=st.sampled_from([p for p in _PIECES if "\n" not in p and "\x00" not in p]),
    tail=st.sampled_from(["", "x", " b", "]", ")", "`", ">", "-->"]),
    nested=st.booleans(),
)
def test_a_one_megabyte_line_is_read(suffix: str, piece: str, tail: str, nested: bool) -> None:
    """A single line of a megabyte, made of one construct repeated, is parsed (every pattern stays linear)."""
    repeated = (piece + ("a" if nested else "")) * (1_000_000 // (len(piece) + nested))
    parse_or_fail(suffix, (repeated + tail).encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize("depth", [50, 5000])
def test_deeply_nested_markdown(depth: int) -> None:
    nested = "".join("  " * level + "- item\n" for level in range(depth)) + "> " * depth + "quote\n" + "[" * depth
    parse_or_fail(".md", nested.encode())


# ------------------------------------------------------------------------------------------------ free text

_DATES = [
    "by Jan 15", "by January 29, 2027", "1/29", "2/30/2027", "13/45", "2027-01-29", "0001-01-01", "9999-12-31",
    "next Friday", "this coming Monday", "end of the semester", "by spring", "before winter break", "in October",
    "mid-March", "early May", "late June", "within 2 weeks", "in 10 school days", "in 999999 weeks", "BOY", "MOY",
    "EOY", "Q3", "quarter 4 of 2026-27", "next month", "the following year", "starting September 1",
    "from Oct 1 to Nov 30", "the first day of school", "Febtober 40", "the 31st of February",
]  # fmt: skip
_OWNERS = [
    "Dana Reyes, our instructional coach,", "The principal", "Ms. O'Neil", "Mr. Ortiz and Ms. Lee", "me and Pat",
    "we", "the team", "Our data coach", "jordan", "Dr. Nguyen-Smith", "the 3rd grade team", "María José",
]  # fmt: skip
_REST = [
    "will", "is going to", "should", "schedule monthly coaching cycles", "review the data", "every quarter",
    "twice a month", "every other month", "each semester", "using the Title I budget", "funded by a $5,000 grant",
    "so that 80% of teachers reach fidelity", "success looks like fewer referrals", "Owner: Pat", "Due: 3/1",
    "Resources: binders; laptops", ",", ";", ".", "and", "\n", "- ", "…",
]  # fmt: skip

answers = st.lists(
    st.one_of(st.sampled_from(_DATES), st.sampled_from(_OWNERS), st.sampled_from(_REST), st.text(max_size=12)),
    max_size=14,
).map(" ".join)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2045, 12, 31))


@budget(300)
@given(text=answers, today=days)
def test_extracting_an_action_from_any_answer(text: str, today: date) -> None:
    fields = extract_action(text, today)

    assert extraction_problems(fields, today) == []


@budget(200)
@given(text=answers, today=days)
def test_reading_a_due_date_or_an_owner(text: str, today: date) -> None:
    try:
        due = parse_due(text, today)
    except InputError as error:
        assert one_line(str(error), text), str(error)
    else:
        assert due is None or (type(due) is date and 1900 <= due.year <= 2200)
    owner, role = parse_owner(text)
    assert owner is None or (owner.strip() and "\n" not in owner)
    assert role is None or role.strip()


@budget(200)
@given(today=days, year_shift=st.integers(-1, 1), text=answers)
def test_extraction_with_a_school_year_around_today(today: date, year_shift: int, text: str) -> None:
    year = SchoolYear.containing(today)
    year = year.next() if year_shift > 0 else year.previous() if year_shift < 0 else year

    assert extraction_problems(extract_action(text, today, year), today) == []


# ------------------------------------------------------------------------------------------------ names, queries, edits

_NAME = re.compile(r"[\w][\w .-]{0,79}")


@budget(300)
@given(name=st.one_of(st.text(max_size=100), st.from_regex(_NAME, fullmatch=True)))
def test_session_names(name: str) -> None:
    try:
        checked = check_name(name)
    except InputError as error:
        assert one_line(str(error), name), str(error)
    else:
        assert checked == name.strip() and _NAME.fullmatch(checked)
        assert check_name(checked) == checked


@budget(300)
@given(query=st.one_of(st.text(max_size=MAX_QUERY_CHARS + 50), st.text(alphabet=" \t\n\r\u3000\x0b", max_size=20)))
def test_search_queries(query: str) -> None:
    try:
        cleaned = check_query(query)
    except InputError as error:
        assert one_line(str(error), query), str(error)
    else:
        assert cleaned and len(cleaned) <= MAX_QUERY_CHARS and cleaned == " ".join(cleaned.split())


@budget(200)
@given(text=st.one_of(st.text(max_size=80), answers))
def test_naming_drivers_in_free_text(text: str) -> None:
    found = parse_drivers(text)

    assert len(found) == len(set(found)) and all(isinstance(driver, Driver) for driver in found)


@budget(300)
@given(
    field=st.sampled_from(sorted(EDITABLE)),
    value=st.one_of(st.sampled_from(_DATES + _OWNERS + ["in progress", "DONE", "", " "]), st.text(max_size=80)),
    today=days,
)
def test_editing_a_field_of_an_action(field: str, value: str, today: date) -> None:
    action = Action(number=1, description="Schedule coaching cycles")
    try:
        set_field(action, field, value, today, SchoolYear.containing(today))
    except InputError as error:
        assert one_line(str(error), value), str(error)
        return
    # Whatever was typed, the action is still a valid record that saves and reloads.
    assert Action.model_validate(action.model_dump()) == action
    assert action.description.strip()


def _int_refuses(cell: object) -> bool:
    # Digits that str.isdigit() accepts but int() refuses ("²", "①") make table_edits raise ValueError on the
    # number column; they are kept out so that this test checks everything else.
    text = str(cell).strip()
    return text.isdigit() and not text.isdecimal()


cells = st.one_of(
    st.none(), st.just(float("nan")), st.integers(-5, 5), st.floats(allow_nan=False), st.text(max_size=12),
    st.sampled_from(["1", "2", "١", "01", " 1 ", "Jan 29", "done"]),
).filter(lambda cell: not _int_refuses(cell))  # fmt: skip


@budget(300)
@given(rows=st.lists(st.lists(cells, max_size=len(COLUMNS) + 1), max_size=4))
def test_reading_an_edited_plan_table(rows: list[list[object]]) -> None:
    plan = ActionPlan(
        name="lincoln-2026",
        actions=[Action(number=1, description="Coach"), Action(number=2, description="Review")],
    )
    try:
        edits = table_edits(plan, rows)
    except AssistantError:
        return
    assert all(isinstance(edit, Edit) and edit.number in {1, 2} for edit in edits)
