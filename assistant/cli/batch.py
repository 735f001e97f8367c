"""`search --batch FILE`: the queries of a file, checked as a whole and then line by line."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.errors import InputError

# About ten minutes of searching on two cores; a bigger set is split into several files.
MAX_BATCH_BYTES = 5 * 1024 * 1024
MAX_BATCH_LINES = 10_000
PROGRESS_EVERY = 100

_UNDECODED = re.compile("[\udc80-\udcff]")
_LIMITS = f"a batch can hold up to {MAX_BATCH_LINES:,} queries in {MAX_BATCH_BYTES // (1024 * 1024)} MB"


def read_batch(path: Path) -> list[str]:
    """The lines of a batch file; a file that is not one, or is over the limits, is refused before any search."""
    try:
        if not path.exists():
            raise InputError(f"The batch file {path} does not exist.")
        if path.is_dir():
            raise InputError(f"{path} is a folder, not a file; give a text file with one query per line.")
        if not path.is_file():
            raise InputError(f"{path} is not a regular file; give a text file with one query per line.")
        size = path.stat().st_size
        if size <= MAX_BATCH_BYTES:
            with path.open("rb") as handle:
                # One byte past the limit: the file may have grown since it was measured.
                data = handle.read(MAX_BATCH_BYTES + 1)
            size = len(data)
    except OSError as exc:
        raise InputError(f"The batch file {path} cannot be read ({exc.strerror or type(exc).__name__}).") from exc
    if size > MAX_BATCH_BYTES:
        raise InputError(f"The batch file {path} is {size / (1024 * 1024):.1f} MB; {_LIMITS}, so split it.")
    if b"\x00" in data:
        raise InputError(f"The batch file {path} is not plain text; save it as UTF-8 text, one query per line.")
    lines = data.decode("utf-8", "surrogateescape").removeprefix("\ufeff").splitlines()
    if len(lines) > MAX_BATCH_LINES:
        raise InputError(f"The batch file {path} has {len(lines):,} lines; {_LIMITS}, so split it.")
    return lines


def line_problem(line: str) -> str | None:
    """Why one line of a batch cannot be searched, or None; a blank line is searched as no query at all."""
    from assistant.retrieval.retriever import check_query

    if _UNDECODED.search(line):
        return "it is not UTF-8 text; save the file as UTF-8"
    if not line.strip():
        return None
    try:
        check_query(line)
    except InputError as exc:
        reason = str(exc)
        return reason[:1].lower() + reason[1:].rstrip(".")
    return None


def skipped_summary(skipped: list[int], total: int) -> str:
    """One sentence for the end of a batch that skipped lines: how many, and which."""
    shown = ", ".join(str(n) for n in skipped[:10]) + (", …" if len(skipped) > 10 else "")
    one = len(skipped) == 1
    return (
        f"{len(skipped)} of {total} lines {'was' if one else 'were'} skipped ({'line' if one else 'lines'} {shown}); "
        "the others were searched."
    )
