"""Curated data written and reviewed by people: drivers with aliases, stages, question→stage tags."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from assistant.config import get_settings
from assistant.errors import InputError
from assistant.models import Driver, Stage


class DriverInfo(BaseModel):
    key: Driver
    name: str
    category: str
    definition: str
    aliases: list[str] = Field(default_factory=list)


class StageInfo(BaseModel):
    key: Stage
    name: str
    meaning: str
    aliases: list[str] = Field(default_factory=list)


def _load_yaml(name: str, root: Path | None = None) -> list[dict[str, object]]:
    path = (root or get_settings().knowledge_base) / name
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, list):
        raise InputError(f"{path} must hold a list; fix the file or restore it from the project.")
    return data


@lru_cache(maxsize=4)
def drivers(root: Path | None = None) -> tuple[DriverInfo, ...]:
    return tuple(DriverInfo.model_validate(item) for item in _load_yaml("drivers.yaml", root))


@lru_cache(maxsize=4)
def stages(root: Path | None = None) -> tuple[StageInfo, ...]:
    return tuple(StageInfo.model_validate(item) for item in _load_yaml("stages.yaml", root))


def _key(text: str) -> str:
    text = text.lower().replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def driver_info(driver: Driver) -> DriverInfo:
    return next(info for info in drivers() if info.key == driver)


def stage_info(stage: Stage) -> StageInfo:
    return next(info for info in stages() if info.key == stage)


def _alias_table() -> dict[str, Driver]:
    table: dict[str, Driver] = {}
    for info in drivers():
        for alias in [info.key.value, info.key.value.replace("_", " "), info.name, *info.aliases]:
            table[_key(alias)] = info.key
    return table


def match_driver(text: str) -> Driver | None:
    """The driver a name or heading refers to, or None. Accepts every alias ("DIDM", "data systems")."""
    key = _key(text)
    table = _alias_table()
    if key in table:
        return table[key]
    stripped = re.sub(r"\b(best practices|considerations|driver|drivers|tip sheet)\b", " ", key)
    stripped = re.sub(r"\s+", " ", stripped).strip()
    return table.get(stripped)


def resolve_driver(text: str) -> Driver:
    """Like match_driver, but an unknown name is an error that lists what is accepted."""
    found = match_driver(text)
    if found is not None:
        return found
    names = [info.key.value for info in drivers()]
    close = difflib.get_close_matches(_key(text), list(_alias_table()), n=1, cutoff=0.75)
    hint = f" Did you mean '{_alias_table()[close[0]].value}'?" if close else ""
    raise InputError(f"Unknown driver '{text.strip()}'.{hint} Choose one of: {', '.join(names)}.")


def resolve_stage(text: str) -> Stage:
    key = _key(text)
    table = {_key(alias): info.key for info in stages() for alias in [info.key.value, info.name, *info.aliases]}
    if key in table:
        return table[key]
    names = [info.key.value for info in stages()]
    close = difflib.get_close_matches(key, list(table), n=1, cutoff=0.75)
    hint = f" Did you mean '{table[close[0]].value}'?" if close else ""
    raise InputError(f"Unknown stage '{text.strip()}'.{hint} Choose one of: {', '.join(names)}.")
