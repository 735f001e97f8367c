"""What the generators share about their phrasing files (`resources/prompts/*.yaml`): reading them
into checked models, filling their placeholders, and the text a user types into them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from assistant import resources
from assistant.errors import InputError
from assistant.knowledge.curated import load_yaml
from assistant.knowledge.text import clean_input

M = TypeVar("M", bound=BaseModel)

PROMPTS_DIR = resources.prompts()


def read_model(path: Path, model: type[M]) -> M:
    """A phrasing file read and validated; the first problems are named in one sentence."""
    try:
        return model.model_validate(load_yaml(path))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:3])
        raise InputError(f"{path} is invalid: {problems}.") from exc


def check_placeholders(text: str, names: set[str], label: str) -> None:
    for found in re.findall(r"\{([^{}]*)\}", text):
        if found not in names:
            raise InputError(f"{label} uses the unknown placeholder {{{found}}}; use one of {sorted(names)}.")


def clean_text(text: str) -> str:
    """Terminal escapes and control characters dropped, whitespace collapsed: only what the user meant is kept."""
    return " ".join(clean_input(text).split())


def display_quote(quote: str) -> str:
    """A quoted sentence as it reads inside other words: list punctuation ("; or") trimmed, ending as a sentence."""
    text = re.sub(r"(?:[;,]\s*(?:and/or|and|or)?|\s+(?:and/or|and|or))$", "", quote.strip()).rstrip(" ;,")
    return text if re.search(r"[.!?]$", text) else text + "."


def fill(template: str, values: dict[str, str]) -> str:
    """A template with its placeholders filled; text typed by the user is never read as a template."""
    out = re.sub(r"\{([a-z_]+)\}", lambda m: values.get(m.group(1), m.group(0)), template)
    return " ".join(out.split())


__all__ = ["PROMPTS_DIR", "check_placeholders", "clean_text", "display_quote", "fill", "read_model"]
