"""The vocabulary of drivers and stages, from the curated data written and reviewed by people.

Names, display names and aliases of the drivers and stages live in `drivers.yaml` and `stages.yaml`; this module
is the one place that reads them and the one matcher that finds them in text: a heading or an answer that is a
name (`match_driver`, `resolve_driver`), every driver a free-text list names (`parse_drivers`), the driver a
sentence of prose names (`find_driver`) and the driver a document's headings name (`detect_driver`). It also
holds the one loader of curated YAML files.

The document reader's worker imports this module for `detect_driver` under a time limit, so the settings, YAML
and difflib are imported where they are used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from assistant.errors import AssistantError, InputError
from assistant.models import Driver, Stage

K = TypeVar("K", Driver, Stage)


class DriverInfo(BaseModel):
    key: Driver
    name: str
    category: str
    definition: str
    aliases: list[str] = Field(default_factory=list)
    tip_sheet: str | None = Field(default=None, description="the title of the driver's tip sheet in the sources")


class StageInfo(BaseModel):
    key: Stage
    name: str
    meaning: str
    aliases: list[str] = Field(default_factory=list)


def modified_ns(path: Path, what: str) -> int:
    """When a curated file last changed, the key its cached reading is kept under; a missing file is named."""
    try:
        return path.stat().st_mtime_ns
    except OSError as exc:
        raise InputError(f"Cannot read the {what} {path}: {exc.strerror}; restore the file.") from exc


def load_yaml(path: Path) -> Any:
    """The content of one curated YAML file (None when it is empty); a missing or broken file is an InputError."""
    import yaml

    try:
        with Path(path).open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror}; restore the file.") from exc
    except yaml.YAMLError as exc:
        raise InputError(f"{path} is not valid YAML ({exc}); fix the file or restore it from the project.") from exc


def _load_yaml(name: str, root: Path | None = None) -> list[dict[str, object]]:
    from assistant.config import get_settings

    path = (root or get_settings().knowledge_base) / name
    data = load_yaml(path)
    if not isinstance(data, list):
        raise InputError(f"{path} must hold a list; fix the file or restore it from the project.")
    return data


@lru_cache(maxsize=4)
def drivers(root: Path | None = None) -> tuple[DriverInfo, ...]:
    return tuple(DriverInfo.model_validate(item) for item in _load_yaml("drivers.yaml", root))


@lru_cache(maxsize=4)
def stages(root: Path | None = None) -> tuple[StageInfo, ...]:
    return tuple(StageInfo.model_validate(item) for item in _load_yaml("stages.yaml", root))


def words(text: str) -> tuple[str, ...]:
    """The words of a name or a text as the matcher compares them: lower case, '&' read as 'and', no punctuation."""
    return tuple(re.findall(r"[^\W_]+", text.lower().replace("&", " and ")))


def _key(text: str) -> str:
    return " ".join(words(text))


def driver_info(driver: Driver) -> DriverInfo:
    return next(info for info in drivers() if info.key == driver)


def stage_info(stage: Stage) -> StageInfo:
    return next(info for info in stages() if info.key == stage)


def driver_name(driver: Driver | None, none: str = "General") -> str:
    """How the assistant names a driver; `none` when there is none."""
    return none if driver is None else _name(driver, driver_info)


def stage_name(stage: Stage | None, none: str = "not set") -> str:
    """How the assistant names a stage; `none` when there is none."""
    return none if stage is None else _name(stage, stage_info)


def _name(key: K, info: Callable[[K], DriverInfo | StageInfo]) -> str:
    # A broken or missing knowledge base must not cost a team its plan or its export over a label.
    try:
        return info(key).name
    except (AssistantError, OSError, ValueError, StopIteration):
        return key.value.replace("_", " ").capitalize()


# ------------------------------------------------------------------------------------------ the matcher


@dataclass(frozen=True)
class Mention:
    """A driver named in a text: where (in words), by which alias."""

    start: int
    alias: tuple[str, ...]
    driver: Driver


class Names:
    """A set of aliases and the one way they are found in a text: leftmost, and longest where names overlap."""

    def __init__(self, aliases: Iterable[tuple[str, Driver]]) -> None:
        self.table: dict[tuple[str, ...], Driver] = {}
        for alias, driver in aliases:
            key = words(alias)
            if key:
                self.table.setdefault(key, driver)
        self.longest = max((len(key) for key in self.table), default=0)

    def scan(self, text: str | Sequence[str]) -> tuple[list[Mention], list[str]]:
        """Every name in `text` in order, and the words no name took."""
        tokens = words(text) if isinstance(text, str) else tuple(text)
        found: list[Mention] = []
        rest: list[str] = []
        i = 0
        while i < len(tokens):
            for size in range(min(self.longest, len(tokens) - i), 0, -1):
                driver = self.table.get(tokens[i : i + size])
                if driver is not None:
                    found.append(Mention(i, tokens[i : i + size], driver))
                    i += size
                    break
            else:
                rest.append(tokens[i])
                i += 1
        return found, rest


@lru_cache(maxsize=4)
def _names(root: Path | None = None) -> Names:
    """Every way the curated data names a driver."""
    return Names(
        (alias, info.key)
        for info in drivers(root)
        for alias in [info.key.value, info.key.value.replace("_", " "), info.name, *info.aliases]
    )


def _alias_table() -> dict[str, Driver]:
    return {" ".join(key): driver for key, driver in _names().table.items()}


# Words around a driver's name in a heading ("Coaching Best Practices"); the name alone decides.
_HEADING_WORDS = re.compile(r"\b(best practices|considerations|driver|drivers|tip sheet)\b")


def match_driver(text: str) -> Driver | None:
    """The driver a name or heading refers to, or None. Accepts every alias ("DIDM", "data systems")."""
    key = _key(text)
    table = _alias_table()
    if key in table:
        return table[key]
    return table.get(_key(_HEADING_WORDS.sub(" ", key)))


def resolve_driver(text: str) -> Driver:
    """Like match_driver, but an unknown name is an error that lists what is accepted."""
    from difflib import get_close_matches

    found = match_driver(text)
    if found is not None:
        return found
    names = [info.key.value for info in drivers()]
    close = get_close_matches(_key(text), list(_alias_table()), n=1, cutoff=0.75)
    hint = f" Did you mean '{_alias_table()[close[0]].value}'?" if close else ""
    raise InputError(f"Unknown driver '{text.strip()}'.{hint} Choose one of: {', '.join(names)}.")


def resolve_stage(text: str) -> Stage:
    from difflib import get_close_matches

    key = _key(text)
    table = {_key(alias): info.key for info in stages() for alias in [info.key.value, info.name, *info.aliases]}
    if key in table:
        return table[key]
    names = [info.key.value for info in stages()]
    close = get_close_matches(key, list(table), n=1, cutoff=0.75)
    hint = f" Did you mean '{table[close[0]].value}'?" if close else ""
    raise InputError(f"Unknown stage '{text.strip()}'.{hint} Choose one of: {', '.join(names)}.")


def parse_drivers(text: str) -> list[Driver]:
    """Every driver named in a free-text list ("coaching, data systems and DIDM"), in order, without repeats."""
    found, _ = _names().scan(text)
    return list(dict.fromkeys(mention.driver for mention in found))


_LIST_WORDS = frozenset(
    "and or the plus also then i we think maybe probably want to plan for on drivers driver".split()
)


def only_drivers(text: str) -> bool:
    """ "coaching and data systems": an answer that names drivers and nothing else."""
    found, rest = _names().scan(text)
    return bool(found) and set(rest) <= _LIST_WORDS


# Aliases of one common word ("data", "systems", "pd") name a driver in a list, not in running prose.
_PROSE_WORDS = frozenset({"selection", "training", "coaching", "fidelity", "leadership"})


def find_driver(text: str) -> Driver | None:
    """The driver a heading or sentence names, using only aliases specific enough to appear in prose."""
    found, _ = _names().scan(text)
    specific = [m for m in found if len(m.alias) > 1 or m.alias[0] in _PROSE_WORDS]
    if not specific:
        return None
    return max(specific, key=lambda m: len(" ".join(m.alias))).driver


# How a district's own documents title a driver's sections. Fixed, not curated: a document parses the same in the
# worker process that reads uploads, whatever the knowledge base holds.
_HEADING_NAMES = Names(
    (alias, driver)
    for driver, aliases in {
        Driver.facilitative_administration: ("facilitative administration", "internal system", "internal systems"),
        Driver.systems_intervention: (
            "systems intervention",
            "system intervention",
            "external system",
            "external systems",
        ),
        Driver.decision_support_data: ("decision support", "data"),
        Driver.selection: ("selection",),
        Driver.training: ("training",),
        Driver.coaching: ("coaching",),
        Driver.fidelity: ("fidelity",),
        Driver.leadership: ("leadership",),
    }.items()
    for alias in aliases
)


def detect_driver(headings: Sequence[str]) -> Driver | None:
    """The driver the innermost heading names, looking outward; the first one named wins within a heading."""
    for heading in reversed(headings):
        found, _ = _HEADING_NAMES.scan(heading)
        if found:
            return found[0].driver
    return None
