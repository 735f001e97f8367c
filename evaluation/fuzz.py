"""Coverage-guided fuzzing of the parsers of user input, with atheris (libFuzzer), for a fixed time per target.

Each target runs in its own subprocess under libFuzzer with a time budget (-max_total_time), a memory limit
(-rss_limit_mb) and a limit per input (-timeout), starting from a seed corpus of valid files. A crash, a timeout or
an out-of-memory input is saved as a reproducer under bench-results/fuzz-crashes/, and the run continues with a fresh
process until the budget is spent. The figures go to bench-results/fuzz.json (targets run before are kept).

Targets: md, txt, docx, pdf (the document parsers, in this process, without the sandbox that guards them in the
app, so that coverage reaches the parsers), extract (free-text answers: owners, dates, recurrence) and inputs (session
names, search queries, plan edits). What counts as a failure: any exception other than our own error types, except
that a damaged Word or PDF file may make python-docx or pypdf raise their own (the app reports those as damaged), and
any output that breaks the invariants in `passage_problems` / `extraction_problems`.

Usage: python -m evaluation.fuzz [--seconds N] [--target NAME ...] [--rss-mb N] [--timeout S] [--out DIR]
       python -m evaluation.fuzz --overhead      # what the sandbox adds per document; writes sandbox.json

Reproduce a saved input: python -m evaluation.fuzz --target md --replay bench-results/fuzz-crashes/md-crash-…
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from assistant.config import PROJECT_ROOT

DEFAULT_OUT = PROJECT_ROOT / "bench-results"
TARGETS = ("md", "txt", "docx", "pdf", "extract", "inputs")
DOCUMENT_SUFFIX = {"md": ".md", "txt": ".txt", "docx": ".docx", "pdf": ".pdf"}
# Inputs larger than the seeds let libFuzzer find what is slow only on long lines and big files.
MAX_LEN = {"md": 65536, "txt": 65536, "docx": 131072, "pdf": 131072, "extract": 8192, "inputs": 4096}
ASSISTANT_DIR = PROJECT_ROOT / "assistant"
RECURRENCES = {None, "daily", "weekly", "biweekly", "monthly", "quarterly", "each semester", "annually"}
# A text input whose first byte is 0x80 or more is its remaining bytes repeated up to this many times, so a pattern
# that is slow only on long runs ("[[[[…", "<!--<!--…") shows up as a timeout.
MAX_REPEAT = 1024
MAX_AMPLIFIED = 512 * 1024
# One crash usually repeats at once in a fresh process; a few restarts show whether there are others.
MAX_RESTARTS = 5


# ------------------------------------------------------------------------------------------------ seeds


def make_pdf(pages: Sequence[Sequence[str]]) -> bytes:
    """A real text PDF, one line per entry, with a correct cross-reference table."""
    first_page = 4
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{first_page + 2 * index} 0 R".encode() for index in range(len(pages)))
        + f"] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for index, lines in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {first_page + 2 * index + 1} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        operations = ["BT", "/F1 11 Tf", "14 TL", "72 740 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            operations.append(f"({escaped}) Tj T*")
        operations.append("ET")
        stream = "\n".join(operations).encode("cp1252")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def make_docx() -> bytes:
    """A Word document with a title, headings, body text, a list and a table."""
    import docx

    document = docx.Document()
    document.add_heading("Lincoln Elementary CIP", level=0)
    document.add_paragraph("This plan describes how our school supports the new reading curriculum.")
    document.add_heading("Coaching", level=1)
    document.add_paragraph("Coaches observe each teacher twice a month and give written feedback within a week.")
    document.add_paragraph("Feedback is tied to the fidelity checklist.", style="List Bullet")
    document.add_heading("Schedule", level=2)
    table = document.add_table(rows=3, cols=3)
    rows = [("Activity", "Owner", "When"), ("Walkthroughs", "Principal", "Monthly"), ("Debrief", "Coach", "Weekly")]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_heading("Budget", level=1)
    document.add_paragraph("Substitute days are funded from Title I.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


MARKDOWN_SEED = """\
---
title: front matter
---
# Reading Initiative

Our district adopted a **structured literacy** curriculum. See [the guide](https://example.org/guide) and <https://example.org>.

## Training

Teachers attend four _full-day_ sessions; `code`, ~~old~~ and <b>bold</b> &amp; more.

- Session 1: foundations of phonics.
  - [x] nested item
1. Numbered item.

> A quoted line.

Setext Heading
--------------

| Measure | Target |
|:---|---:|
| DIBELS composite | 80% at benchmark |

<!-- a comment -->
```
# not a heading
```
***
"""

TEXT_SEED = """\
DATA REVIEW

The team meets monthly to review screening data.
Results are shared with families in English and Spanish.

Action Steps:
- Train coaches by October 15.
2) Review fidelity every quarter.

The team will:
schedule walkthroughs.
"""


def seeds(target: str) -> dict[str, bytes]:
    """Valid inputs for a target, named for the corpus folder."""
    if target == "md":
        return {"seed.md": MARKDOWN_SEED.encode(), "utf16.md": MARKDOWN_SEED[:200].encode("utf-16")}
    if target == "txt":
        return {"seed.txt": TEXT_SEED.encode(), "cp1252.txt": "Café – résumé “quoted”.\n".encode("cp1252")}
    if target == "docx":
        return {"seed.docx": make_docx()}
    if target == "pdf":
        return {
            "seed.pdf": make_pdf(
                [["COACHING", "Coaches meet weekly.", "- a bullet"], ["Page 2 of 2", "imple-", "mentation."]]
            ),
            "one.pdf": make_pdf([["The team reviews the fidelity data every month."]]),
        }
    if target == "extract":
        answers = [
            "Dana Reyes, our instructional coach, will schedule monthly coaching cycles by January 29",
            "The principal will review the data every quarter starting next week, using the Title I budget",
            "by end of the semester; success looks like 80% of teachers at fidelity",
            "Ms. O'Neil and Mr. Ortiz will survey families in Spanish within 2 weeks",
        ]
        return {f"answer{index}": b"\x10\x20" + text.encode() for index, text in enumerate(answers)}
    return {
        "edit0": b"\x00\x01lincoln-2026\x00coaching data\x00Jan 29, 2027",
        "edit1": b"\x02\x03Dana Reyes\x00in progress\x00next Friday",
    }


# ------------------------------------------------------------------------------------------------ invariants


def own_code_raised(exc: BaseException) -> bool:
    """Whether the innermost frame of the traceback is the assistant's own code (a bug, not a damaged file)."""
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        return True  # a record we built does not validate
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and Path(frames[-1].filename).resolve().is_relative_to(ASSISTANT_DIR)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def passage_problems(passages: Sequence[Any], source: str) -> list[str]:
    """What is wrong with the passages of a document, as readable lines (empty when all is well)."""
    from assistant.knowledge.documents import HARD_CHARS, MAX_HEADING_CHARS

    problems = []
    if not passages:
        problems.append("no passages and no error")
    ids = [passage.id for passage in passages]
    if len(set(ids)) != len(ids):
        problems.append("two passages share an id")
    for order, passage in enumerate(passages):
        text = passage.text
        if not text.strip() or text != text.strip():
            problems.append(f"passage {order} has empty or unstripped text {text[:40]!r}")
        if len(text) > HARD_CHARS:
            problems.append(f"passage {order} has {len(text)} characters")
        if _CONTROL.search(text) or _CONTROL.search(passage.section):
            problems.append(f"passage {order} holds a control character")
        if not re.fullmatch(r"p[0-9a-f]{12}", passage.id) or passage.source != source or passage.order != order:
            problems.append(f"passage {order} has a bad id, source or order")
        if passage.heading is not None and not 0 < len(passage.heading) <= MAX_HEADING_CHARS:
            problems.append(f"passage {order} has a heading of {len(passage.heading)} characters")
    return problems


def extraction_problems(fields: Any, today: date) -> list[str]:
    """What is wrong with the fields read from one answer (empty when all is well)."""
    from assistant.understanding.fields import DESCRIPTION_MAX, ITEM_MAX, MAX_ITEMS

    problems = []
    if len(fields.description) > DESCRIPTION_MAX:
        problems.append(f"description of {len(fields.description)} characters")
    for name in ("owner", "owner_role", "unparsed_date"):
        value = getattr(fields, name)
        if value is not None and (not value.strip() or _CONTROL.search(value)):
            problems.append(f"{name} is {value!r}")
    if fields.recurrence not in RECURRENCES:
        problems.append(f"recurrence {fields.recurrence!r}")
    for name in ("start", "due"):
        day = getattr(fields, name)
        if day is not None and not (type(day) is date and 1900 <= day.year <= 2200):
            problems.append(f"{name} is {day!r}")
    for name in ("resources", "measures"):
        items = getattr(fields, name)
        if len(items) > MAX_ITEMS or any(not item.strip() or len(item) > ITEM_MAX for item in items):
            problems.append(f"{name} are {items!r}")
    return problems


# ------------------------------------------------------------------------------------------------ one input


class Finding(AssertionError):
    """An output that breaks an invariant."""


def document_input(target: str) -> Callable[[bytes], None]:
    from assistant.errors import DocumentError
    from assistant.knowledge.documents import parse_passages

    suffix = DOCUMENT_SUFFIX[target]
    path = Path(f"upload{suffix}")

    def one(data: bytes) -> None:
        if suffix in {".md", ".txt"}:
            data = amplified(data)
        try:
            passages = parse_passages(path, data, "upload")
        except DocumentError as exc:
            if "\n" in str(exc) or "upload" not in str(exc):
                raise Finding(f"the message is not one sentence naming the file: {exc}") from exc
            return
        except Exception as exc:
            # A damaged Word or PDF file may make the library raise its own error; the app reports it as damaged.
            if suffix in {".docx", ".pdf"} and not own_code_raised(exc):
                return
            raise
        problems = passage_problems(passages, "upload")
        if problems:
            raise Finding("; ".join(problems[:3]))

    return one


def amplified(data: bytes) -> bytes:
    """The input, or its tail repeated when the first byte says so (see MAX_REPEAT)."""
    if not data or data[0] < 0x80:
        return data
    repeat = 1 + (data[0] - 0x80) * MAX_REPEAT // 0x80
    return (data[1:] * repeat)[:MAX_AMPLIFIED]


def extract_input() -> Callable[[bytes], None]:
    import atheris

    from assistant.errors import InputError
    from assistant.understanding.fields import extract_action, parse_due, parse_owner

    def one(data: bytes) -> None:
        provider = atheris.FuzzedDataProvider(data)
        today = date.fromordinal(date(2020, 1, 1).toordinal() + provider.ConsumeIntInRange(0, 7300))
        text = provider.ConsumeUnicode(provider.remaining_bytes())
        problems = extraction_problems(extract_action(text, today), today)
        if problems:
            raise Finding("; ".join(problems))
        try:
            due = parse_due(text, today)
        except InputError as exc:
            # The phrase quoted back is the user's own text and may span lines; the sentence around it may not.
            if "\n" in re.sub(r"“[^”]*”", "", str(exc)):
                raise Finding(f"a message of several lines: {exc!r}") from exc
        else:
            if due is not None and not 1900 <= due.year <= 2200:
                raise Finding(f"due {due}")
        owner, _ = parse_owner(text)
        if owner is not None and (not owner.strip() or _CONTROL.search(owner)):
            raise Finding(f"owner {owner!r}")

    return one


def inputs_input() -> Callable[[bytes], None]:
    import atheris

    from assistant.dialogue.plan_mode import EDITABLE, set_field
    from assistant.errors import AssistantError
    from assistant.models import Action
    from assistant.retrieval.retriever import MAX_QUERY_CHARS, check_query
    from assistant.storage.sessions import check_name
    from assistant.understanding.fields import SchoolYear

    today = date(2026, 9, 10)
    year = SchoolYear.containing(today)
    fields = sorted(EDITABLE)

    def one(data: bytes) -> None:
        provider = atheris.FuzzedDataProvider(data)
        field = fields[provider.ConsumeIntInRange(0, len(fields) - 1)]
        name, query, value = (provider.ConsumeUnicode(provider.ConsumeIntInRange(0, 200)) for _ in range(3))
        try:
            checked = check_name(name)
            if checked != name.strip() or not 0 < len(checked) <= 80:
                raise Finding(f"session name {name!r} became {checked!r}")
        except AssistantError:
            pass
        try:
            cleaned = check_query(query)
            if not cleaned or len(cleaned) > MAX_QUERY_CHARS or cleaned != " ".join(cleaned.split()):
                raise Finding(f"query {query!r} became {cleaned!r}")
        except AssistantError:
            pass
        action = Action(number=1, description="Schedule coaching cycles")
        try:
            set_field(action, field, value, today, year)
        except AssistantError:
            return
        Action.model_validate(action.model_dump())

    return one


def callback(target: str) -> Callable[[bytes], None]:
    if target in DOCUMENT_SUFFIX:
        return document_input(target)
    return extract_input() if target == "extract" else inputs_input()


# ------------------------------------------------------------------------------------------------ the child


def run_child(target: str, libfuzzer_args: list[str]) -> None:
    """Fuzz one target in this process until libFuzzer's budget is spent or it finds a failure."""
    import atheris

    # Instrument our code and the parsers beneath it, so new branches in either count as progress. The parsers
    # are imported here because the assistant imports them lazily, after this block. (atheris' RegEx hook is
    # left off: its pattern proxy does not take the `pos` argument that the extraction passes to search().)
    atheris.enabled_hooks.add("str")
    with atheris.instrument_imports(include=["assistant", "docx", "pypdf", "lxml"]):
        if target == "docx":
            import docx  # noqa: F401
        elif target == "pdf":
            import pypdf  # noqa: F401
        one = callback(target)
    mutator = _docx_mutator if target == "docx" else None
    atheris.Setup([sys.argv[0], *libfuzzer_args], one, custom_mutator=mutator)
    atheris.Fuzz()


def _docx_mutator(data: bytes, max_size: int, seed: int) -> bytes:
    """Mutate one part inside the archive and zip it again, so inputs get past the zip layer to the XML."""
    import random

    import atheris

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = {info.filename: archive.read(info) for info in archive.infolist()}
    except Exception:
        mutated: bytes = atheris.Mutate(data, max_size)
        return mutated
    chooser = random.Random(seed)
    names = sorted(parts)
    # The document body most of the time; now and then the styles, numbering, relationships or content types.
    name = "word/document.xml" if "word/document.xml" in parts and chooser.random() < 0.7 else chooser.choice(names)
    parts[name] = atheris.Mutate(parts[name], max(len(parts[name]) * 2, 64))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, body in parts.items():
            archive.writestr(part, body)
    return buffer.getvalue()[:max_size]


# ------------------------------------------------------------------------------------------------ the parent

_STAT = re.compile(r"^stat::(\w+):\s*(\d+)", re.MULTILINE)
_STATUS = re.compile(r"^#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)", re.MULTILINE)
_WRITTEN = re.compile(r"Test unit written to (\S+)")


def _failure(log: str, kind: str) -> str:
    if kind == "timeout":
        match = re.search(r"ALARM: working on the last Unit for (\d+) seconds", log)
        return f"one input ran for {match.group(1) if match else '?'} s"
    if kind == "oom":
        match = re.search(r"out-of-memory \(used: (\d+)Mb", log)
        return f"one input used {match.group(1) if match else '?'} MB"
    match = re.search(r"=== Uncaught Python exception: ===\n(.+)", log)
    return match.group(1).strip() if match else "the fuzzer stopped (see the reproducer)"


def fuzz_target(target: str, seconds: int, rss_mb: int, timeout: int, out: Path) -> dict[str, Any]:
    """Run one target for `seconds` in total, restarting after each failure, and summarise what happened."""
    crashes_dir = out / "fuzz-crashes"
    crashes_dir.mkdir(parents=True, exist_ok=True)
    record: dict[str, Any] = {"target": target, "seconds": seconds, "executions": 0, "runs": 0, "failures": []}
    coverage = features = corpus_size = peak_rss = 0
    slow: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory(prefix=f"fuzz-{target}-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for name, data in seeds(target).items():
            (corpus / name).write_bytes(data)
        started = time.monotonic()
        while record["runs"] <= MAX_RESTARTS:
            left = int(seconds - (time.monotonic() - started))
            if left < 5:
                break
            record["runs"] += 1
            log_path = Path(tmp) / f"log{record['runs']}.txt"
            command = [
                sys.executable, "-m", "evaluation.fuzz", "--child", target, "--",
                str(corpus),
                f"-max_total_time={left}", f"-rss_limit_mb={rss_mb}", f"-timeout={timeout}",
                f"-max_len={MAX_LEN[target]}", f"-artifact_prefix={crashes_dir}/{target}-",
                "-print_final_stats=1", "-report_slow_units=5", "-close_fd_mask=1",
            ]  # fmt: skip
            with log_path.open("w") as log_file:
                subprocess.run(command, stdout=log_file, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT, check=False)
            log = log_path.read_text(errors="replace")
            stats = {key: int(value) for key, value in _STAT.findall(log)}
            record["executions"] += stats.get("number_of_executed_units", 0)
            peak_rss = max(peak_rss, stats.get("peak_rss_mb", 0))
            statuses = _STATUS.findall(log)
            if statuses:
                _, cov, ft, corp = statuses[-1]
                coverage, features, corpus_size = max(coverage, int(cov)), max(features, int(ft)), int(corp)
            failed = False
            for written in _WRITTEN.findall(log):
                name = Path(written).name
                kind = next((k for k in ("crash", "timeout", "oom", "slow-unit") if f"-{k}-" in name), "crash")
                if kind == "slow-unit":
                    taken = re.search(r"Slowest unit: (\d+) s", log)
                    file = os.path.relpath(written, PROJECT_ROOT)
                    slow.append({"file": file, "seconds": taken.group(1) if taken else "?"})
                    continue
                failed = True
                record["failures"].append(
                    {"kind": kind, "file": os.path.relpath(written, PROJECT_ROOT), "error": _failure(log, kind)}
                )
            if not failed:
                if not re.search(r"^Done \d+ runs", log, re.MULTILINE):
                    tail = " | ".join(log.strip().splitlines()[-3:])
                    record["failures"].append({"kind": "error", "file": "", "error": f"the fuzzer did not run: {tail}"})
                break
        elapsed = time.monotonic() - started
    record.update(
        elapsed=round(elapsed, 1),
        exec_per_sec=round(record["executions"] / elapsed, 1) if elapsed else 0.0,
        coverage=coverage,
        features=features,
        corpus=corpus_size,
        peak_rss_mb=peak_rss,
        slow_units=slow,
        crashes=sum(1 for failure in record["failures"] if failure["kind"] == "crash"),
        timeouts=sum(1 for failure in record["failures"] if failure["kind"] == "timeout"),
        ooms=sum(1 for failure in record["failures"] if failure["kind"] == "oom"),
    )
    return record


def _write(out: Path, name: str, records: list[dict[str, Any]], key: str, meta: dict[str, Any]) -> Path:
    """Merge the records into out/name, replacing earlier records with the same key."""
    path = out / name
    previous: list[dict[str, Any]] = []
    if path.is_file():
        try:
            previous = json.loads(path.read_text())["results"]
        except (ValueError, KeyError, TypeError):
            previous = []
    done = {record[key] for record in records}
    merged = [record for record in previous if record.get(key) not in done] + records
    report = {"created": datetime.now(UTC).isoformat(timespec="seconds"), **meta, "results": merged}
    out.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n")
    return path


def _meta() -> dict[str, Any]:
    from importlib.metadata import version

    return {
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "atheris": version("atheris"),
    }


# ------------------------------------------------------------------------------------------------ sandbox overhead


def measure_overhead(out: Path, repeat: int) -> Path:
    """Time each seed document parsed in this process and through the sandbox (warm, and with a fresh worker)."""
    from assistant.knowledge import sandbox
    from assistant.knowledge.documents import document_passages, parse_passages

    line = "Coaching cycles run every month for every teacher, line {}."
    documents = {
        "small.md": MARKDOWN_SEED.encode(),
        "small.docx": make_docx(),
        "small.pdf": make_pdf([["The team reviews the fidelity data every month."]] * 3),
        "500-page.pdf": make_pdf([[line.format(page)] * 40 for page in range(500)]),
        "4 MB.md": ("# Section\n\n" + "Teams review fidelity data monthly with families.\n" * 80_000).encode(),
    }
    rows = []
    for name, data in documents.items():
        path = Path(name)
        parse_passages(path, data)  # imports and caches, so both sides are timed warm
        runs = repeat if len(data) < 1_000_000 else max(1, repeat // 10)
        direct = [_timed(parse_passages, path, data) for _ in range(runs)]
        document_passages(path, data)
        warm = [_timed(document_passages, path, data) for _ in range(runs)]
        cold = []
        for _ in range(min(runs, 5)):
            sandbox.shutdown()
            cold.append(_timed(document_passages, path, data))
        rows.append(
            {
                "document": name,
                "bytes": len(data),
                "in_process_ms": round(statistics.median(direct) * 1000, 2),
                "sandbox_warm_ms": round(statistics.median(warm) * 1000, 2),
                "overhead_warm_ms": round((statistics.median(warm) - statistics.median(direct)) * 1000, 2),
                "sandbox_new_worker_ms": round(statistics.median(cold) * 1000, 2),
                "runs": runs,
            }
        )
        print(json.dumps(rows[-1]))
    sandbox.shutdown()
    meta = {
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "time_limit_s": sandbox.TIME_LIMIT_SECONDS,
        "memory_limit_mb": sandbox.MEMORY_LIMIT_BYTES // (1024 * 1024),
    }
    return _write(out, "sandbox.json", rows, "document", meta)


def _timed(function: Callable[[Path, bytes], object], path: Path, data: bytes) -> float:
    started = time.perf_counter()
    function(path, data)
    return time.perf_counter() - started


# ------------------------------------------------------------------------------------------------ command line


def replay(target: str, files: list[Path]) -> int:
    """Run saved inputs through a target in this process and show what each does."""
    one = callback(target)
    failed = 0
    for file in files:
        data = file.read_bytes()
        started = time.perf_counter()
        try:
            one(data)
            outcome = "ok"
        except Exception as exc:
            failed += 1
            outcome = "".join(traceback.format_exception(exc)[-3:]).strip()
        print(f"{file} ({len(data)} bytes, {time.perf_counter() - started:.2f} s): {outcome}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        target, rest = argv[1], argv[2:]
        run_child(target, rest[1:] if rest[:1] == ["--"] else rest)
        return 0
    parser = argparse.ArgumentParser(prog="python -m evaluation.fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=180, help="time budget per target (default: 180)")
    parser.add_argument("--target", action="append", choices=TARGETS, help="a target to run (default: all, one by one)")
    parser.add_argument("--rss-mb", type=int, default=2048, help="memory limit of the fuzzing process (default: 2048)")
    parser.add_argument("--timeout", type=int, default=10, help="seconds one input may take (default: 10)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for fuzz.json and fuzz-crashes/")
    parser.add_argument("--replay", type=Path, nargs="+", help="run these saved inputs through --target and stop")
    parser.add_argument("--overhead", action="store_true", help="measure the sandbox per document; write sandbox.json")
    parser.add_argument("--repeat", type=int, default=30, help="repetitions per document for --overhead")
    args = parser.parse_args(argv)
    if args.overhead:
        print(f"wrote {measure_overhead(args.out, max(1, args.repeat))}")
        return 0
    targets = args.target or list(TARGETS)
    if args.replay:
        return replay(targets[0], args.replay)
    try:
        import atheris  # noqa: F401
    except ImportError:
        print("atheris is not installed; run `make install-dev` (Linux) and try again.", file=sys.stderr)
        return 1
    records = []
    for target in targets:
        print(f"fuzzing {target} for {args.seconds} s …", flush=True)
        record = fuzz_target(target, args.seconds, args.rss_mb, args.timeout, args.out)
        records.append(record)
        print(json.dumps({key: value for key, value in record.items() if key != "failures"}), flush=True)
        for failure in record["failures"]:
            print(f"  {failure['kind']}: {failure['error']} -> {failure['file']}", flush=True)
    path = _write(args.out, "fuzz.json", records, "target", _meta())
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
