"""A district's own documents: what comes out of Markdown, text, Word and PDF files, and how bad files fail."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from assistant.errors import DocumentError
from assistant.knowledge import sandbox
from assistant.knowledge.curated import detect_driver
from assistant.knowledge.documents import (
    HARD_CHARS,
    MAX_BYTES,
    MAX_PDF_PAGES,
    MAX_ZIP_ENTRIES,
    TARGET_CHARS,
    document_passages,
    read_document,
)
from assistant.models import Driver, Passage, PassageKind
from evaluation.fuzz import make_docx, make_pdf

# ------------------------------------------------------------------------------------------ fixture files


def write_docx(path: Path) -> Path:
    path.write_bytes(make_docx())
    return path


MARKDOWN = """\
---
title: ignored front matter
---
# Reading Initiative

Our district adopted a **structured literacy** curriculum in 2023. See [the guide](https://example.org/guide).

## Training

Teachers attend four _full-day_ sessions before the school year.

- Session 1: foundations of phonics.
- Session 2: assessment and grouping.

### Follow-up

Trainers visit classrooms in October.

## Data Review

| Measure | Target |
|---|---|
| DIBELS composite | 80% at benchmark |

```
# not a heading, just code
```
"""


def sections(passages: list[Passage]) -> list[str]:
    return [passage.section for passage in passages]


def passage_in(passages: list[Passage], fragment: str) -> Passage:
    found = [passage for passage in passages if fragment in passage.text]
    assert found, f"no passage contains {fragment!r}"
    return found[0]


def one_sentence(message: str) -> bool:
    return "\n" not in message and message.endswith(".") and not re.search(r"[.!?] [A-Z]", message)


# ------------------------------------------------------------------------------------------------ Markdown


def test_markdown_headings_become_section_paths(tmp_path: Path) -> None:
    path = tmp_path / "reading-plan.md"
    path.write_text(MARKDOWN, encoding="utf-8")

    passages = document_passages(path)

    assert passage_in(passages, "structured literacy").section == "reading-plan › Reading Initiative"
    assert passage_in(passages, "four full-day").section == "reading-plan › Reading Initiative › Training"
    assert passage_in(passages, "October").section == "reading-plan › Reading Initiative › Training › Follow-up"
    assert passage_in(passages, "DIBELS").section == "reading-plan › Reading Initiative › Data Review"
    assert all("ignored front matter" not in passage.text for passage in passages)
    assert all(passage.source == "reading-plan.md" for passage in passages)
    assert all(passage.kind is PassageKind.summary for passage in passages)


def test_markdown_text_comes_out_clean(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text(MARKDOWN, encoding="utf-8")

    passages = document_passages(path)

    intro = passage_in(passages, "structured literacy")
    assert intro.text == "Our district adopted a structured literacy curriculum in 2023. See the guide."
    training = passage_in(passages, "four full-day")
    assert training.text.splitlines() == [
        "Teachers attend four full-day sessions before the school year.",
        "- Session 1: foundations of phonics.",
        "- Session 2: assessment and grouping.",
    ]
    assert passage_in(passages, "DIBELS").text.splitlines() == [
        "Measure — Target",
        "DIBELS composite — 80% at benchmark",
        "# not a heading, just code",
    ]
    assert not any(marker in passage.text for passage in passages for marker in ("**", "](", "|", "---"))


def test_setext_headings_and_heading_without_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.markdown"
    path.write_text("Goals\n=====\n\nRaise attendance.\n\n#\n\nStill under Goals.\n", encoding="utf-8")

    passages = document_passages(path)

    assert sections(passages) == ["notes › Goals"]
    assert passages[0].text == "Raise attendance.\nStill under Goals."


# ---------------------------------------------------------------------------------------------- plain text


def test_text_caps_and_colon_lines_are_headings(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text(
        "SELECTION OF INTERVENTIONISTS\n"
        "The panel interviews every candidate\nusing the same rubric.\n\n"
        "Next Steps:\n- Post the job.\n- Schedule interviews.\n\n"
        "The team will:\n- meet again in May.\n\n"
        "PLEASE BRING LAPTOPS.\n",
        encoding="utf-8",
    )

    passages = document_passages(path)

    interviews = passage_in(passages, "panel interviews")
    assert interviews.section == "minutes › SELECTION OF INTERVENTIONISTS"
    assert interviews.text == "The panel interviews every candidate using the same rubric."
    assert interviews.driver is Driver.selection
    steps = passage_in(passages, "Post the job")
    assert steps.section == "minutes › SELECTION OF INTERVENTIONISTS › Next Steps"
    # A lead-in sentence is prose, not a heading: it stays with its list.
    assert "The team will:\n- meet again in May." in passage_in(passages, "meet again").text
    # A shouted sentence is not a heading.
    assert passage_in(passages, "LAPTOPS").section == "minutes › SELECTION OF INTERVENTIONISTS › Next Steps"


def test_text_without_headings_is_one_section(tmp_path: Path) -> None:
    path = tmp_path / "memo.txt"
    path.write_text("We met on Monday.\n\nWe agreed on three goals.\n", encoding="utf-8")

    passages = document_passages(path)

    assert sections(passages) == ["memo"]
    assert passages[0].text == "We met on Monday.\nWe agreed on three goals."
    assert passages[0].driver is None


def test_text_in_windows_encodings_is_read(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Caf\u00e9 meeting \u2013 the team\u2019s goals.".encode("cp1252"))
    unicode = tmp_path / "unicode.txt"
    unicode.write_bytes("\ufeffNa\u00efve readers improve.".encode("utf-16-le").join([b"\xff\xfe", b""]))

    assert document_passages(legacy)[0].text == "Caf\u00e9 meeting \u2013 the team\u2019s goals."
    assert document_passages(unicode)[0].text == "Na\u00efve readers improve."


# ---------------------------------------------------------------------------------------------------- Word


def test_docx_headings_tables_and_lists(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "lincoln.docx")

    passages = document_passages(path)

    intro = passage_in(passages, "reading curriculum")
    assert intro.section == "lincoln › Lincoln Elementary CIP"
    coaching = passage_in(passages, "Coaches observe")
    assert coaching.section == "lincoln › Lincoln Elementary CIP › Coaching"
    assert coaching.text.splitlines()[1] == "- Feedback is tied to the fidelity checklist."
    assert coaching.driver is Driver.coaching
    schedule = passage_in(passages, "Walkthroughs")
    assert schedule.section == "lincoln › Lincoln Elementary CIP › Coaching › Schedule"
    assert schedule.text.splitlines() == [
        "Activity — Owner — When",
        "Walkthroughs — Principal — Monthly",
        "Debrief — Coach — Weekly",
    ]
    # The sub-section inherits the driver its parent heading names.
    assert schedule.driver is Driver.coaching
    budget = passage_in(passages, "Title I")
    assert budget.section == "lincoln › Lincoln Elementary CIP › Budget"
    assert budget.driver is None
    assert budget.heading == "Budget"


# ----------------------------------------------------------------------------------------------------- PDF


def test_pdf_passages_name_their_pages(tmp_path: Path) -> None:
    pages = [
        ["Data Meeting Notes", "Teams review screening results every six weeks.", "Page 1 of 3"],
        ["Grade-level teams decide which students need interven-", "tion and who delivers it.", "Page 2 of 3"],
        ["\u2022 Share results with families.", "Page 3 of 3"],
    ]
    path = tmp_path / "data-notes.pdf"
    path.write_bytes(make_pdf(pages))

    passages = document_passages(path)

    text = "\n".join(passage.text for passage in passages)
    assert "Page 2 of 3" not in text
    assert "need intervention and who delivers it." in text
    assert "- Share results with families." in text
    assert sections(passages) == ["data-notes › pp. 1–3"]
    assert all(passage.driver is Driver.decision_support_data for passage in passages)


def test_pdf_prose_across_pages_names_the_page_range(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf([["The team met in the fall and"], ["agreed on a shared goal."]]))

    passages = document_passages(path)

    assert [(passage.text, passage.section) for passage in passages] == [
        ("The team met in the fall and agreed on a shared goal.", "report › pp. 1–2")
    ]


def test_long_pdf_passages_cite_the_pages_they_come_from(tmp_path: Path) -> None:
    pages = [
        [f"Page {page} sentence {index} describes the walkthrough tool." for index in range(14)] for page in (1, 2, 3)
    ]
    path = tmp_path / "walkthroughs.pdf"
    path.write_bytes(make_pdf(pages))

    passages = document_passages(path)

    assert passage_in(passages, "Page 1 sentence 0 ").section == "walkthroughs › p. 1"
    assert passage_in(passages, "Page 3 sentence 13 ").section.endswith("3")
    assert all(len(passage.text) <= TARGET_CHARS for passage in passages)
    assert "Page 2 sentence 7 describes the walkthrough tool." in "\n".join(passage.text for passage in passages)


def _encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Coaching happens weekly."]]))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_with_a_password_fails_and_one_without_is_read(tmp_path: Path) -> None:
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(_encrypted("secret"))
    restricted = tmp_path / "restricted.pdf"
    restricted.write_bytes(_encrypted(""))

    with pytest.raises(DocumentError, match=r"locked\.pdf is password-protected"):
        document_passages(locked)
    assert [passage.text for passage in document_passages(restricted)] == ["Coaching happens weekly."]


# ------------------------------------------------------------------------------------------------ chunking


def _prose(count: int, topic: str) -> str:
    return " ".join(
        f"Sentence {index} explains how the {topic} work continues: Teachers plan; Coaches visit."
        for index in range(count)
    )


def test_passages_stay_short_and_split_between_sentences(tmp_path: Path) -> None:
    long_sentence = "The plan lists " + ", ".join(f"resource number {index}" for index in range(120)) + "."
    assert len(long_sentence) > HARD_CHARS
    path = tmp_path / "long.md"
    path.write_text(
        f"# Training\n\n{_prose(40, 'training')}\n\n{_prose(3, 'short')}\n\n# Coaching\n\n{_prose(30, 'coaching')}"
        f"\n\n{long_sentence}\n",
        encoding="utf-8",
    )

    passages = document_passages(path)

    assert all(len(passage.text) <= HARD_CHARS for passage in passages)
    prose = [passage for passage in passages if "Sentence" in passage.text]
    assert all(len(passage.text) <= TARGET_CHARS for passage in prose)
    assert all(passage.text.endswith(".") for passage in prose)
    # Nothing from one heading runs into the next.
    assert all(("training" in passage.text) != ("coaching" in passage.text) for passage in prose)
    assert {passage.section for passage in prose if "coaching" in passage.text} == {"long › Coaching"}
    # Only the one runaway sentence is cut, and nothing is lost in cutting it.
    pieces = [passage.text for passage in passages if "resource number" in passage.text]
    assert len(pieces) >= 2
    assert " ".join(pieces).split() == long_sentence.split()
    assert len(passages) == len({passage.id for passage in passages})


def test_ids_are_stable_and_follow_the_text(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "plan.docx")
    copy = tmp_path / "copy" / "plan.docx"
    copy.parent.mkdir()
    copy.write_bytes(path.read_bytes())

    first = document_passages(path)
    second = document_passages(copy)
    relabelled = document_passages(path, source="district/plan.docx")

    assert [passage.id for passage in first] == [passage.id for passage in second]
    assert first == second
    assert {passage.source for passage in relabelled} == {"district/plan.docx"}
    assert not {passage.id for passage in first} & {passage.id for passage in relabelled}


def test_given_bytes_are_parsed_without_reading_the_file(tmp_path: Path) -> None:
    passages = document_passages(tmp_path / "not-on-disk.md", data=b"# Fidelity\n\nWe use a checklist.\n")

    assert [(passage.section, passage.driver) for passage in passages] == [("not-on-disk › Fidelity", Driver.fidelity)]


@pytest.mark.parametrize(
    ("headings", "driver"),
    [
        (("plan", "Coaching"), Driver.coaching),
        (("plan", "Data Review"), Driver.decision_support_data),
        (("plan", "Decision Support Data System"), Driver.decision_support_data),
        (("plan", "Facilitative Administration"), Driver.facilitative_administration),
        (("plan", "Internal Systems"), Driver.facilitative_administration),
        (("plan", "Working with External Systems partners"), Driver.systems_intervention),
        (("plan", "Systems Intervention"), Driver.systems_intervention),
        (("plan", "Leadership Team"), Driver.leadership),
        (("plan", "Staff Selection"), Driver.selection),
        (("plan", "Training and Coaching"), Driver.training),
        (("fidelity_plan", "Budget"), Driver.fidelity),
        (("Training", "Coaching"), Driver.coaching),
        (("plan", "Budget", "Calendar"), None),
        (("plan", "Database migration notes"), None),
    ],
)
def test_driver_named_by_the_headings(headings: tuple[str, ...], driver: Driver | None) -> None:
    assert detect_driver(headings) is driver


# ----------------------------------------------------------------------------------------------- bad input


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "gone.md"


def _folder(tmp_path: Path) -> Path:
    path = tmp_path / "folder.md"
    path.mkdir()
    return path


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(tmp_path: Path) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return build


def _too_big(tmp_path: Path) -> Path:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    return path


_GOOD_PDF = make_pdf([["The team reviews the fidelity data every month."]] * 3)


def _docx_without_body(tmp_path: Path) -> Path:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return path


def _word_parts() -> dict[str, bytes]:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Coaching happens weekly.")
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _word(name: str, parts: dict[str, bytes] | None = None) -> Callable[[Path], Path]:
    """A real Word file with some parts replaced or added."""

    def build(tmp_path: Path) -> Path:
        contents = _word_parts()
        contents.update(parts or {})
        path = tmp_path / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for part, body in contents.items():
                archive.writestr(part, body)
        return path

    return build


def _word_with_many_parts(tmp_path: Path) -> Path:
    path = _word("parts.docx")(tmp_path)
    with zipfile.ZipFile(path, "a") as archive:
        for index in range(MAX_ZIP_ENTRIES):
            archive.writestr(f"customXml/item{index}.bin", b"")
    return path


_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_DEEP_XML = (
    b'<?xml version="1.0"?><w:document ' + _W + b"><w:body>" + b"<w:tbl><w:tr><w:tc>" * 5000
    + b"<w:p/>" + b"</w:tc></w:tr></w:tbl>" * 5000 + b"</w:body></w:document>"
)  # fmt: skip
_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a0 "lol">'
    + b"".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">'.encode() for i in range(1, 10))
    + b"]><w:document " + _W + b"><w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>"
)  # fmt: skip


@pytest.mark.parametrize(
    ("build", "says"),
    [
        (_word("bomb.docx", {"word/media/image1.png": b"\0" * 30_000_000}), "expands more than 100 times"),
        (_word_with_many_parts, f"{MAX_ZIP_ENTRIES:,} parts"),
        (_word("deep.docx", {"word/document.xml": _DEEP_XML}), "could not be opened as a Word document"),
        (_word("laughs.docx", {"word/document.xml": _LAUGHS}), "could not be opened as a Word document"),
        (_missing, "does not exist"),
        (_folder, "is a folder"),
        (_write("budget.xlsx", b"PK\x03\x04 spreadsheet"), "is a .xlsx file; add Markdown, text, Word (.docx) or PDF"),
        (_write("README", b"hello"), "has no file extension"),
        (_write("empty.md", b""), "is empty"),
        (_write("blank.txt", b"  \n\t\n\r\n   "), "has no text"),
        (_write("junk.txt", bytes(range(256)) * 4), "binary data"),
        (_write("junk.md", b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10" * 10), "binary data"),
        (_write("fake.docx", b"This is really just a text file.\n"), "is not a Word (.docx) document"),
        (_docx_without_body, "is not a Word (.docx) document"),
        (_write("broken.docx", b"PK\x03\x04" + b"\x00" * 40), "Word document"),
        (_write("fake.pdf", b"Just some text, not a PDF."), "is not a PDF file"),
        (_write("truncated.pdf", _GOOD_PDF[: len(_GOOD_PDF) // 2]), "damaged or incomplete"),
        (_write("scanned.pdf", make_pdf([[], []])), "no text layer"),
        (_too_big, "over the 20 MB limit"),
        (_write("long.pdf", make_pdf([["x"]] * (MAX_PDF_PAGES + 1))), f"more than the {MAX_PDF_PAGES}"),
    ],
)
def test_bad_documents_fail_with_one_sentence_naming_the_file(
    tmp_path: Path, build: Callable[[Path], Path], says: str
) -> None:
    path = build(tmp_path)

    with pytest.raises(DocumentError) as raised:
        document_passages(path)

    message = str(raised.value)
    assert path.name in message
    assert says in message
    assert one_sentence(message), message


# --------------------------------------------------------------------------------- crafted files, the sandbox


def pdf_of(objects: list[bytes]) -> bytes:
    """A PDF made of these objects (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def slow_pdf(pages: int = 400) -> bytes:
    """A 12 kB PDF whose pages all draw one compressed stream of two million operators: about a minute of work."""
    stream = zlib.compress(b"0 0 m " * 2_000_000, 9)
    return pdf_of(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + b" 4 0 R" * pages + f" ] /Count {pages} >>".encode(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>",
            f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream",
        ]
    )


@pytest.fixture
def fresh_reader() -> Iterator[None]:
    """Each test starts and leaves with no worker, so a limit it changes applies to the next one started."""
    sandbox.shutdown()
    yield
    sandbox.shutdown()


def _fine(tmp_path: Path) -> Path:
    path = tmp_path / "fine.md"
    path.write_text("# Coaching\n\nCoaches meet weekly.\n", encoding="utf-8")
    return path


def test_one_reader_serves_document_after_document(tmp_path: Path, fresh_reader: None) -> None:
    path = _fine(tmp_path)

    document_passages(path)
    first = sandbox.worker_pid()
    document_passages(path, source="again.md")

    assert first is not None and sandbox.worker_pid() == first
    assert first != os.getpid()


@pytest.mark.skipif(not Path("/proc/self/limits").exists(), reason="reads the limits from /proc")
def test_the_reader_runs_with_an_address_space_limit(tmp_path: Path, fresh_reader: None) -> None:
    document_passages(_fine(tmp_path))

    limits = Path(f"/proc/{sandbox.worker_pid()}/limits").read_text()

    assert re.search(rf"Max address space\s+{sandbox.MEMORY_LIMIT_BYTES}\s+{sandbox.MEMORY_LIMIT_BYTES}", limits)
    assert re.search(r"Max core file size\s+0\s+0", limits)


def test_a_document_that_reads_too_long_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_reader: None
) -> None:
    monkeypatch.setattr(sandbox, "TIME_LIMIT_SECONDS", 2.0)
    path = tmp_path / "slow.pdf"
    path.write_bytes(slow_pdf())
    document_passages(_fine(tmp_path))
    before = sandbox.worker_pid()

    with pytest.raises(DocumentError) as raised:
        document_passages(path)

    message = str(raised.value)
    assert "slow.pdf took longer than 2 seconds to read" in message and one_sentence(message), message
    assert sandbox.worker_pid() is None  # the busy worker was killed, not left running
    assert document_passages(_fine(tmp_path))[0].text == "Coaches meet weekly."
    assert sandbox.worker_pid() not in {None, before}


def test_a_document_that_needs_too_much_memory_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_reader: None
) -> None:
    monkeypatch.setattr(sandbox, "MEMORY_LIMIT_BYTES", 128 * 1024 * 1024)
    path = tmp_path / "notes.md"
    # About 5.7 MB that takes some 250 MB to parse: five million characters that each need four bytes.
    path.write_text("# Notes\n\n" + "😀 coaching note\n" * 300_000, encoding="utf-8")

    with pytest.raises(DocumentError) as raised:
        document_passages(path)

    message = str(raised.value)
    assert "notes.md" in message and "128 MB of memory" in message and one_sentence(message), message
    monkeypatch.undo()
    assert document_passages(_fine(tmp_path))[0].text == "Coaches meet weekly."


def test_a_reader_that_dies_mid_document_is_reported(tmp_path: Path, fresh_reader: None) -> None:
    path = tmp_path / "slow.pdf"
    path.write_bytes(slow_pdf())
    returned = threading.Event()

    def crash() -> None:
        # As if the parser had crashed (a segfault, the kernel's OOM killer) while it worked on the slow file.
        while not returned.wait(0.2):
            worker = sandbox.worker_pid()
            if worker is not None:
                os.kill(worker, signal.SIGKILL)

    killer = threading.Thread(target=crash)
    killer.start()
    try:
        with pytest.raises(DocumentError) as raised:
            document_passages(path)
    finally:
        returned.set()
        killer.join()

    message = str(raised.value)
    assert "slow.pdf stopped the document reader" in message and one_sentence(message), message
    assert document_passages(_fine(tmp_path))[0].text == "Coaches meet weekly."


def _running(pid: int) -> bool:
    try:
        return "\nState:\tZ" not in Path(f"/proc/{pid}/status").read_text()  # a zombie has finished
    except OSError:
        return False


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


_SERVER = """
import sys
from pathlib import Path
from assistant.knowledge import sandbox
from assistant.knowledge.curated import detect_driver
from assistant.knowledge.documents import document_passages

sandbox.TIME_LIMIT_SECONDS, sandbox.ALARM_GRACE_SECONDS = 3.0, 1
document_passages(Path(sys.argv[2]))
print(sandbox.worker_pid(), flush=True)
document_passages(Path(sys.argv[1]))
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="watches the worker through /proc")
def test_a_server_killed_mid_document_leaves_no_reader_running(tmp_path: Path) -> None:
    slow = tmp_path / "slow.pdf"
    slow.write_bytes(slow_pdf(pages=500))  # over half a minute of work for one core
    server = subprocess.Popen(
        [sys.executable, "-c", _SERVER, str(slow), str(_fine(tmp_path))], stdout=subprocess.PIPE, text=True
    )
    assert server.stdout is not None
    worker = int(server.stdout.readline())
    idle = _cpu_ticks(worker)
    while _running(worker) and _cpu_ticks(worker) < idle + 20 and server.poll() is None:
        time.sleep(0.05)  # until the worker is busy with the slow file
    # The server dies without a chance to stop its busy worker.
    server.kill()
    server.wait()

    # The worker's own alarm ends it four seconds into the file, long before it could have read the whole of it.
    deadline = time.monotonic() + 20
    while _running(worker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _running(worker)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads the worker's memory map from /proc")
def test_the_reader_never_loads_torch(tmp_path: Path, fresh_reader: None) -> None:
    import torch  # the server has it loaded; a forked reader would carry it along

    assert torch.__version__
    document_passages(_fine(tmp_path))

    assert "torch" not in Path(f"/proc/{sandbox.worker_pid()}/maps").read_text()


_QUADRATIC_BEFORE = ["[", "![a](", "x`", "<a", "<!--", "<http:a", "a; A", "|-", "_a ", "*a"]


@pytest.mark.parametrize("piece", _QUADRATIC_BEFORE)
def test_a_long_line_of_one_construct_is_read(tmp_path: Path, piece: str) -> None:
    """Lines that once took quadratic time in a pattern (minutes at this length) are read like any other."""
    path = tmp_path / "line.md"
    path.write_text("# Heading " + " " * 50_000 + "x\n\n" + piece * (200_000 // len(piece)) + "``x\n", encoding="utf-8")

    passages = document_passages(path)

    assert passages and all(0 < len(passage.text) <= HARD_CHARS for passage in passages)


def test_read_document_checks_before_parsing(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text("# Plan\n\nText.\n", encoding="utf-8")
    slides = tmp_path / "deck.PPTX"
    slides.write_bytes(b"PK")

    assert read_document(good) == b"# Plan\n\nText.\n"
    with pytest.raises(DocumentError, match=r"deck\.PPTX is a \.pptx file"):
        read_document(slides)
    with pytest.raises(DocumentError, match="is empty"):
        document_passages(good, data=b"")


@pytest.mark.skipif(sys.platform != "linux", reason="Linux file names may be any bytes")
def test_a_file_name_that_is_not_utf8_is_cited_readably(tmp_path: Path) -> None:
    path = tmp_path / os.fsdecode(b"caf\xe9 notes.md")  # Latin-1 bytes, as an old USB stick may hold them
    path.write_text("# Coaching\n\nCoaches meet weekly.\n", encoding="utf-8")

    passages = document_passages(path)

    assert passages[0].source == "caf\ufffd notes.md"
    assert passages[0].section == "caf\ufffd notes › Coaching"


def test_suffix_check_ignores_case(tmp_path: Path) -> None:
    path = tmp_path / "NOTES.TXT"
    path.write_text("Coaching happens weekly.", encoding="utf-8")

    assert document_passages(path)[0].text == "Coaching happens weekly."


def test_parsers_are_imported_only_when_needed() -> None:
    code = "import sys, assistant.knowledge.documents; print('docx' in sys.modules, 'pypdf' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert result.stdout.split() == ["False", "False"]


# ------------------------------------------------------------------------------------------------ any bytes


def _docx_with(body: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", body)
        archive.writestr("[Content_Types].xml", body[:20])
    return buffer.getvalue()


_ANY_DOCUMENT = st.one_of(
    st.tuples(st.sampled_from([".md", ".txt", ".pdf", ".docx"]), st.binary(max_size=2048)),
    st.tuples(st.just(".pdf"), st.binary(max_size=2048).map(lambda data: b"%PDF-1.4\n" + data + b"\n%%EOF")),
    st.tuples(st.just(".pdf"), st.integers(min_value=0, max_value=len(_GOOD_PDF)).map(lambda n: _GOOD_PDF[:n])),
    st.tuples(st.just(".docx"), st.binary(max_size=512).map(_docx_with)),
    st.tuples(st.sampled_from([".md", ".txt"]), st.text(max_size=2048).map(lambda text: text.encode())),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=_ANY_DOCUMENT)
def test_any_bytes_give_passages_or_a_document_error(tmp_path: Path, document: tuple[str, bytes]) -> None:
    suffix, data = document
    path = tmp_path / f"upload{suffix}"
    path.write_bytes(data)

    try:
        passages = document_passages(path)
    except DocumentError as error:
        assert path.name in str(error)
        assert one_sentence(str(error)), str(error)
    else:
        assert passages
        assert all(0 < len(passage.text) <= HARD_CHARS for passage in passages)
