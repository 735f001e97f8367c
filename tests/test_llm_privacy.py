"""Personal data is found and withheld before text leaves the machine; plan text passes untouched."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.config import reset_settings
from assistant.llm.privacy import Redactor, describe, is_local, redact, restore


@pytest.mark.parametrize(
    ("text", "withheld", "kept"),
    [
        # student names with an identifier
        ("Maria Lopez (ID 483920) needs a reading plan.", ["Maria Lopez", "ID 483920"], "needs a reading plan"),
        ("student Jose G., #12345 moved schools", ["Jose G.", "#12345"], "student"),
        ("Lopez, Maria - student ID 483920", ["Lopez, Maria", "student ID 483920"], ""),
        ("Student Maria Lopez, Student ID: 483920", ["Maria Lopez", "Student ID: 483920"], "Student"),
        ("Roster: Maria Lopez 483920, Kevin O'Brien 553421", ["Maria Lopez", "483920", "Kevin O'Brien", "553421"], ""),
        ("Ana McDonald-Ruiz [SASID 1234567890]", ["Ana McDonald-Ruiz", "SASID 1234567890"], ""),
        ("Our pupil Zoë K. joined the group", ["Zoë K."], "joined the group"),
        # student ID numbers alone
        ("LASID: 98765 and pupil number 55512", ["LASID: 98765", "pupil number 55512"], "and"),
        ("the student with ID# 00123456", ["ID# 00123456"], "the student with"),
        # email addresses
        ("write to dana.reyes+cip@district.k12.us today", ["dana.reyes+cip@district.k12.us"], "write to"),
        ("MARIA_L@Example.ORG", ["MARIA_L@Example.ORG"], ""),
        # phone numbers
        ("call (555) 123-4567 after school", ["(555) 123-4567"], "after school"),
        ("555.987.6543 or 555-987-6543 x204", ["555.987.6543", "555-987-6543 x204"], "or"),
        ("+1 555 222 3333 / +44 20 7946 0958", ["+1 555 222 3333", "+44 20 7946 0958"], "/"),
        ("cell: 5559876543, phone 555-1234", ["5559876543", "555-1234"], "cell"),
        # birth dates
        ("DOB: 03/14/2012", ["03/14/2012"], "DOB"),
        ("born on March 14, 2012 in Ohio", ["March 14, 2012"], "in Ohio"),
        ("Date of birth 2012-03-14", ["2012-03-14"], "Date of birth"),
        ("birthday: 14th of March 2012; d.o.b. 3-14-12", ["14th of March 2012", "3-14-12"], "birthday"),
    ],
)
def test_each_kind_of_personal_data_is_withheld(text: str, withheld: list[str], kept: str) -> None:
    redacted, findings = redact(text)
    for value in withheld:
        assert value not in redacted
    assert sorted(f.value for f in findings) == sorted(withheld)
    assert kept in redacted
    assert restore(redacted, findings) == text


@pytest.mark.parametrize(
    "text",
    [
        "Dana Reyes, our instructional coach, will schedule monthly coaching cycles by 2027-01-15.",
        "The principal will review walkthrough data for 80% of classrooms by Jan 15, 2027.",
        "Budget: $25,000 from Title I for 12 substitute days; meet 3/15 and 4/12.",
        "Use question 3 of 5 and /edit 2 owner Lee; see [Tips › Coaching — 000_d1ac5a2a4c2540b4.txt].",
        "Grade 3 team, room 204, 2026-27 school year, quarterly on Oct 31.",
        "Student attendance improves by 5 percentage points; 1200 students in grades K-5.",
    ],
)
def test_plan_text_passes_untouched(text: str) -> None:
    assert redact(text) == (text, [])


def test_findings_say_what_was_withheld_without_repeating_it() -> None:
    _, findings = redact(
        "Maria Lopez (ID 483920), a.b@c.org, d.e@f.org, (555) 123-4567, DOB 1/2/2013, Sam Lee (ID 22334)"
    )
    summary = describe(findings)
    assert summary == "2 student names, 2 student ID numbers, 2 email addresses, 1 phone number, 1 birth date"
    assert "Maria" not in summary and "483920" not in summary


def test_a_value_keeps_its_placeholder_across_the_pieces_of_one_request() -> None:
    redactor = Redactor()
    first = redactor("Maria Lopez (ID 483920) reads at grade level.")
    second = redactor("Check on Maria Lopez (ID 483920) and Sam Lee (ID 22334).")
    assert first.startswith("[REDACTED_STUDENT_NAME_1] ([REDACTED_STUDENT_ID_1])")
    assert "[REDACTED_STUDENT_NAME_1]" in second and "[REDACTED_STUDENT_NAME_2]" in second
    assert redactor.restore(second) == "Check on Maria Lopez (ID 483920) and Sam Lee (ID 22334)."


_FILLER = st.sampled_from(
    ["The team meets monthly.", "Dana will lead it by 2027-01-15.", "80% of staff", "room 12", "", " ", "\n"]
)
_PERSONAL = st.sampled_from(
    ["Maria Lopez (ID 483920)", "jo@x.org", "(555) 123-4567", "DOB 1/2/2013", "student Jose G., #12345", "SID 99881"]
)


@given(st.lists(st.one_of(_FILLER, _PERSONAL), max_size=12))
def test_redaction_withholds_every_value_and_restores_the_text_exactly(parts: list[str]) -> None:
    text = " ".join(parts)
    redacted, findings = redact(text)
    for finding in findings:
        assert finding.value not in redacted
    for secret in ("483920", "jo@x.org", "123-4567", "1/2/2013", "12345", "99881"):
        assert secret not in redacted
    assert restore(redacted, findings) == text


@pytest.mark.parametrize(
    ("provider", "base_url", "local"),
    [
        ("ollama", None, True),
        ("ollama", "http://localhost:11434", True),
        ("ollama", "http://127.0.0.1:11434", True),
        ("ollama", "http://[::1]:11434", True),
        ("ollama", "http://10.0.0.5:11434", False),
        ("ollama", "http://gpu.district.lan:11434", False),
        ("openai", None, False),
        ("anthropic", None, False),
        ("openai", "http://localhost:8080/v1", True),
        ("openai", "https://api.example.com/v1", False),
    ],
)
def test_only_a_model_on_loopback_is_local(provider: str, base_url: str | None, local: bool) -> None:
    assert is_local(provider, base_url) is local


def test_ollama_follows_ollama_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_HOST", "192.168.1.20:11434")
    reset_settings()  # settings are read once per process
    assert not is_local("ollama", None)
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:11434")
    reset_settings()  # settings are read once per process
    assert is_local("ollama", None)
