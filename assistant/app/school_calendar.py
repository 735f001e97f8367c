"""The district's school-calendar file, checked before a team's answers depend on it.

A file that cannot be used (not YAML, an impossible date, a break that ends before it starts) is set aside with
one sentence naming it and what is wrong; the usual US dates apply until it is fixed. A team's answer is therefore
never refused because of the calendar, and the problem is told once, not on every answer.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import InputError

_ISO_DAY = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_lock = threading.Lock()
_checked: dict[str, int] = {}  # each version of a file is checked (and, unusable, told) once
# The verdict on the latest version of each file seen: the file is read once per version, not on every turn.
_verdicts: dict[str, tuple[int, UnusableCalendar | None]] = {}


@dataclass(frozen=True)
class UnusableCalendar:
    """A version of the district's calendar file that cannot be used, and the sentence that tells it."""

    path: Path
    stamp: int
    sentence: str

    def current(self) -> bool:
        """Whether the calendar in use is still this version of this file (not fixed, replaced or removed)."""
        from assistant.understanding.calendar import calendar_file

        return calendar_file() == self.path and _stamp(self.path) == self.stamp


def unusable_calendar() -> UnusableCalendar | None:
    """The district's calendar file as it is now, when it cannot be used, whether or not it was told already."""
    from assistant.understanding.calendar import calendar_file

    path = calendar_file()
    stamp = _stamp(path) if path is not None else 0
    if path is None or not stamp:
        return None
    with _lock:
        known = _verdicts.get(str(path))
        if known is None or known[0] != stamp:
            problem = calendar_problem(path)
            sentence = f"{problem}; plans use the usual US school dates until it is fixed."
            known = _verdicts[str(path)] = (stamp, UnusableCalendar(path, stamp, sentence) if problem else None)
        return known[1]


def check_school_calendar() -> str | None:
    """One sentence naming the district's calendar file and what is wrong with it, the first time this version of
    it is found unusable (the calendar then uses the usual US dates); None when it is usable, absent or told."""
    found = unusable_calendar()
    if found is None:
        return None
    with _lock:
        if _checked.get(str(found.path)) == found.stamp:
            return None
        _checked[str(found.path)] = found.stamp
    return found.sentence


def calendar_problem(path: Path) -> str | None:
    """What makes the calendar file at `path` unusable, as the start of a sentence naming it; None when usable."""
    from assistant.understanding.calendar import school_calendar

    name = f"The school calendar {path}"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return f"{name} cannot be read ({getattr(exc, 'strerror', None) or type(exc).__name__})"
    try:
        raw: Any = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        return f"{name} is not valid YAML{where}"
    except ValueError:  # YAML reads 2027-02-30 as a date and fails on it
        return f"{name} holds an impossible date{_impossible(text)}"
    if not isinstance(raw, dict):
        return f"{name} must be a mapping of dates like first_day: 2026-08-25"
    first = raw.get("first_day")
    fall_year = first.year if isinstance(first, date) else date.today().year
    try:
        calendar = school_calendar(fall_year, path)
    except InputError as exc:
        return f"{name} is not used: {_detail(str(exc))}"
    except ValueError:
        return f"{name} holds an impossible date{_impossible(text)}"
    if calendar.last_day <= calendar.first_day:
        return f"{name} ends the school year ({calendar.last_day}) before it begins ({calendar.first_day})"
    return None


def _stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns if path.is_file() else 0
    except OSError:
        return 0


def _detail(message: str) -> str:
    """The calendar's own message, reworded to follow the file's name: "its breaks.winter ends … before …"."""
    message = message.rstrip(".")
    for prefix, replacement in (("The school calendar's ", "its "), ("The school calendar ", "it "), ("A ", "a ")):
        if message.startswith(prefix):
            return replacement + message[len(prefix) :]
    return message


def _impossible(text: str) -> str:
    for match in _ISO_DAY.finditer(text):
        try:
            date(*(int(part) for part in match.groups()))
        except ValueError:
            return f" ({match.group(0)})"
    return ""
