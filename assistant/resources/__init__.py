"""The data that travels inside the package: the curated knowledge base with its bundled sources, and the prompts.

Everything is found through `importlib.resources`, so a wheel, an editable install and a source checkout read the
same files from the same place, `assistant/resources/`, and nothing guesses at install prefixes.
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from functools import cache
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

PACKAGE = __name__

# Paths handed out live as long as the process: indexing, the phrasing files' reload check and Jinja need real
# files. From a package imported out of a zip archive, a file (a folder too, from Python 3.12) is extracted once
# and removed at exit; an installed wheel is a folder on disk, and its own paths are handed out as they are.
_KEPT = ExitStack()
atexit.register(_KEPT.close)


def shipped(*parts: str, package: str = PACKAGE) -> Traversable:
    """A file or folder shipped with `package`, as importlib.resources finds it."""
    return files(package).joinpath(*parts)


@cache
def shipped_path(*parts: str, package: str = PACKAGE) -> Path:
    """A real path of a file or folder shipped with `package`, valid until the process ends."""
    return _KEPT.enter_context(as_file(shipped(*parts, package=package)))


def knowledge_base() -> Path:
    """The bundled knowledge base: curated YAML beside `sources/`, the guidance documents as delivered."""
    return shipped_path("knowledge_base")


def prompts() -> Path:
    """The LLM prompt templates and the phrasing files of the deterministic mode."""
    return shipped_path("prompts")


__all__ = ["knowledge_base", "prompts", "shipped", "shipped_path"]
