"""Coaching guides and reflection prompts as files: Markdown, Word, and the plain text shown in a terminal.

Sources are numbered in the order a reader meets them; each item or prompt points at its number, and the Sources
list at the end quotes the sentence it draws on.
"""

from __future__ import annotations

import io
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import InputError
from assistant.export import canonical_format, write_export
from assistant.export.content import driver_name, one_line, source_label, stage_name
from assistant.export.md import escape
from assistant.export.word_text import make_printable
from assistant.models import Citation, CoachGuide, ReflectionSet

if TYPE_CHECKING:
    from docx.document import Document

    from assistant.config import Settings

GUIDE_FORMATS = ("md", "docx")
TIMING_TITLES = {"before": "Before the session", "during": "During the session", "after": "After the session"}
LEVEL_TITLES = {"individual": "Individual", "team": "Team", "system": "System"}
NOTES_LINE = "Notes: " + "_" * 60


@dataclass
class Numbered:
    """Distinct citations (a passage and the sentence quoted from it), numbered in reading order."""

    citations: list[Citation] = field(default_factory=list)
    _numbers: dict[tuple[str, str], int] = field(default_factory=dict)

    def number(self, citation: Citation) -> int:
        key = (citation.id, citation.quote)
        if key not in self._numbers:
            self.citations.append(citation)
            self._numbers[key] = len(self.citations)
        return self._numbers[key]


def _guide_sources(guide: CoachGuide) -> tuple[Numbered, list[list[int]]]:
    numbered = Numbered()
    numbers = [[numbered.number(item.citation) for item in section.items] for section in guide.sections]
    return numbered, numbers


def _prompt_sources(prompts: ReflectionSet) -> tuple[Numbered, list[int]]:
    numbered = Numbered()
    return numbered, [numbered.number(prompt.citation) for prompt in prompts.prompts]


def guide_title(guide: CoachGuide) -> str:
    return f"Coaching conversation guide: {driver_name(guide.driver)}"


def prompts_title(prompts: ReflectionSet) -> str:
    stage = f" · {stage_name(prompts.stage)}" if prompts.stage else ""
    return f"Reflection prompts: {driver_name(prompts.driver)}{stage}"


def _guide_facts(guide: CoachGuide) -> list[tuple[str, str]]:
    facts = [("Driver", driver_name(guide.driver)), ("Stage", stage_name(guide.stage) or "not set")]
    if guide.context:
        facts.append(("Context", one_line(guide.context)))
    if guide.cues:
        facts.append(("Read from the context", "; ".join(one_line(cue) for cue in guide.cues)))
    if guide.created:
        facts.append(("Prepared", guide.created.isoformat()))
    return facts


def _prompt_facts(prompts: ReflectionSet) -> list[tuple[str, str]]:
    facts = [("Driver", driver_name(prompts.driver)), ("Stage", stage_name(prompts.stage) or "any")]
    facts.append(("For", one_line(prompts.audience) if prompts.audience else "any audience"))
    facts.append(("Seed", f"{prompts.seed} (the same request and seed give the same prompts)"))
    return facts


def _by_timing(prompts: ReflectionSet, numbers: list[int]) -> list[tuple[str, list[tuple[int, str, str, int]]]]:
    """(timing title, [(prompt number, level title, text, source number)]) in before/during/after order."""
    groups: list[tuple[str, list[tuple[int, str, str, int]]]] = []
    for timing, title in TIMING_TITLES.items():
        rows = [
            (position, LEVEL_TITLES[prompt.level], prompt.text, numbers[position - 1])
            for position, prompt in enumerate(prompts.prompts, start=1)
            if prompt.timing == timing
        ]
        if rows:
            groups.append((title, rows))
    return groups


# ------------------------------------------------------------------------------------------------ plain text


def guide_text(guide: CoachGuide) -> str:
    """The guide as a terminal shows it: sections, items with source numbers, then the sources."""
    sources, numbers = _guide_sources(guide)
    lines = [guide_title(guide)]
    lines += [f"{label}: {value}" for label, value in _guide_facts(guide)]
    for section, refs in zip(guide.sections, numbers, strict=True):
        lines += ["", section.title.upper()]
        for item, number in zip(section.items, refs, strict=True):
            lines.append(f"  • {one_line(item.text)} [{number}]")
    lines += ["", *_text_sources(sources)]
    return "\n".join(lines)


def prompts_text(prompts: ReflectionSet) -> str:
    sources, numbers = _prompt_sources(prompts)
    lines = [prompts_title(prompts)]
    lines += [f"{label}: {value}" for label, value in _prompt_facts(prompts)]
    for title, rows in _by_timing(prompts, numbers):
        lines += ["", title.upper()]
        for position, level, text, number in rows:
            lines.append(f"  {position}. ({level}) {one_line(text)} [{number}]")
    lines += ["", *_text_sources(sources)]
    return "\n".join(lines)


def _text_sources(sources: Numbered) -> list[str]:
    lines = ["Sources"]
    for number, citation in enumerate(sources.citations, start=1):
        lines.append(f"  [{number}] {source_label(citation)}")
        lines.append(f"      “{one_line(citation.quote)}”")
    return lines


# ------------------------------------------------------------------------------------------------ Markdown


def _md_facts(facts: list[tuple[str, str]]) -> list[str]:
    return [f"- **{label}:** {escape(value, breaks=' ')}" for label, value in facts]


def _md_sources(sources: Numbered) -> list[str]:
    lines = ["## Sources", ""]
    for number, citation in enumerate(sources.citations, start=1):
        lines.append(f"{number}. {escape(source_label(citation), breaks=' ')}")
        # Three spaces keep the quote inside the numbered item.
        lines.append(f"   > “{escape(citation.quote, breaks=' ')}”")
    return lines


def guide_markdown(guide: CoachGuide) -> bytes:
    sources, numbers = _guide_sources(guide)
    lines = [f"# {escape(guide_title(guide), breaks=' ')}", "", *_md_facts(_guide_facts(guide))]
    for section, refs in zip(guide.sections, numbers, strict=True):
        lines += ["", f"## {escape(section.title, breaks=' ')}", ""]
        # Next steps are things to tick off; the other sections are things to say or ask.
        mark = "- [ ]" if any(item.due for item in section.items) else "-"
        for item, number in zip(section.items, refs, strict=True):
            lines.append(f"{mark} {escape(item.text, breaks=' ')} [{number}]")
    lines += ["", "Numbers in brackets refer to the Sources at the end.", "", *_md_sources(sources)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def prompts_markdown(prompts: ReflectionSet) -> bytes:
    sources, numbers = _prompt_sources(prompts)
    lines = [f"# {escape(prompts_title(prompts), breaks=' ')}", "", *_md_facts(_prompt_facts(prompts))]
    for title, rows in _by_timing(prompts, numbers):
        lines += ["", f"## {title}", ""]
        for position, level, text, number in rows:
            lines.append(f"{position}. **{level}** — {escape(text, breaks=' ')} [{number}]")
    lines += ["", "Numbers in brackets refer to the Sources at the end.", "", *_md_sources(sources)]
    return ("\n".join(lines) + "\n").encode("utf-8")


# ------------------------------------------------------------------------------------------------ Word


def _docx_start(title: str, facts: list[tuple[str, str]]) -> Document:
    import docx

    document = docx.Document()
    properties = document.core_properties
    properties.title = title
    properties.author = "CIP Assistant"
    properties.comments = "Exported by CIP Assistant"
    document.add_heading(title, level=0)
    for label, value in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    return document


def _docx_sources(document: Document, sources: Numbered) -> None:
    document.add_heading("Sources", level=1)
    for number, citation in enumerate(sources.citations, start=1):
        # Numbers are written out rather than left to list numbering, so they always match the [n] references.
        paragraph = document.add_paragraph()
        paragraph.add_run(f"[{number}] ").bold = True
        paragraph.add_run(source_label(citation))
        document.add_paragraph(f"“{one_line(citation.quote)}”", style="Quote")


def _docx_bytes(document: Document) -> bytes:
    make_printable(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def guide_docx(guide: CoachGuide) -> bytes:
    sources, numbers = _guide_sources(guide)
    document = _docx_start(guide_title(guide), _guide_facts(guide))
    for section, refs in zip(guide.sections, numbers, strict=True):
        document.add_heading(one_line(section.title), level=1)
        for item, number in zip(section.items, refs, strict=True):
            prefix = "☐ " if item.due else ""
            document.add_paragraph(f"{prefix}{one_line(item.text)} [{number}]", style="List Bullet")
    _docx_sources(document, sources)
    return _docx_bytes(document)


def prompts_docx(prompts: ReflectionSet) -> bytes:
    """A handout a trainer can print: prompts by before / during / after, room to write, sources at the end."""
    sources, numbers = _prompt_sources(prompts)
    document = _docx_start(prompts_title(prompts), _prompt_facts(prompts))
    for title, rows in _by_timing(prompts, numbers):
        document.add_heading(title, level=1)
        for position, level, text, number in rows:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{position}. {level} — ").bold = True
            paragraph.add_run(f"{one_line(text)} [{number}]")
            document.add_paragraph(NOTES_LINE)
    _docx_sources(document, sources)
    return _docx_bytes(document)


# ------------------------------------------------------------------------------------------------ files


def _guide_format(fmt: str) -> str:
    key = canonical_format(fmt)
    if key not in GUIDE_FORMATS:
        raise InputError(f"Guides and prompts export as {' or '.join(GUIDE_FORMATS)}, not '{fmt.strip()}'.")
    return key


def render_guide(guide: CoachGuide, fmt: str) -> bytes:
    """The guide as the bytes of a Markdown ("md") or Word ("docx") file."""
    return guide_docx(guide) if _guide_format(fmt) == "docx" else guide_markdown(guide)


def render_prompts(prompts: ReflectionSet, fmt: str) -> bytes:
    """The prompts as the bytes of a Markdown ("md") or Word ("docx") handout."""
    return prompts_docx(prompts) if _guide_format(fmt) == "docx" else prompts_markdown(prompts)


def format_for(out: Path, fmt: str | None) -> str:
    """The format asked for, or the one the file name implies ("guide.docx" → docx)."""
    if fmt:
        return _guide_format(fmt)
    suffix = Path(out).suffix.lstrip(".")
    if not suffix:
        raise InputError(f"Say which format to write to {out}: add --format md or --format docx.")
    return _guide_format(suffix)


def export_guide(guide: CoachGuide, fmt: str, out: Path, *, replace: bool = False) -> Path:
    """Write the guide to `out` in one step, with the checks of `export_plan` (an existing file only if `replace`)."""
    out = Path(out)
    write_export(render_guide(guide, fmt), out, replace=replace)
    return out


def export_prompts(prompts: ReflectionSet, fmt: str, out: Path, *, replace: bool = False) -> Path:
    """Write the prompts to `out` in one step, like export_guide."""
    out = Path(out)
    write_export(render_prompts(prompts, fmt), out, replace=replace)
    return out


# ------------------------------------------------------------------------------------------------ the web app's copies


def guide_folders(settings: Settings) -> list[Path]:
    """Where the web app keeps guide exports: its exports folder, and the copies its web server hands to browsers."""
    return [settings.guides_dir, settings.cache_dir / "gradio" / "guides"]


def new_export_folder(root: Path) -> Path:
    """A folder of its own for one export, so exports made at the same moment never share a file."""
    root.mkdir(parents=True, exist_ok=True)
    while True:
        folder = root / secrets.token_hex(16)
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        return folder


def _is_guide_export(entry: Path) -> bool:
    """A folder `new_export_folder` made, or a guide or handout file lying directly in the folder.

    Anything else there (the plan of a session that happens to be named "guides") is left alone.
    """
    name = entry.name
    if len(name) == 32 and all(ch in "0123456789abcdef" for ch in name):
        return entry.is_dir() and not entry.is_symlink()
    return name.startswith(("coach-prep-", "reflection-")) and name.endswith((".md", ".docx")) and entry.is_file()


def remove_guides(settings: Settings, older_than_hours: float | None = None) -> int:
    """Delete the guides and handouts the web app exported, with their served copies; returns how many went.

    With `older_than_hours`, only those last written longer ago than that.
    """
    cutoff = None if older_than_hours is None else time.time() - older_than_hours * 3600
    removed = 0
    for root in guide_folders(settings):
        if not root.is_dir():
            continue
        for entry in root.iterdir():
            if not _is_guide_export(entry):
                continue
            try:
                if cutoff is not None and entry.lstat().st_mtime >= cutoff:
                    continue
                if entry.is_dir():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
            except FileNotFoundError:
                continue  # another request removed it first
            if root == settings.guides_dir:
                removed += 1  # an export; its served copy is not counted again
    return removed


__all__ = [
    "GUIDE_FORMATS",
    "export_guide",
    "export_prompts",
    "format_for",
    "guide_folders",
    "guide_text",
    "new_export_folder",
    "prompts_text",
    "remove_guides",
    "render_guide",
    "render_prompts",
]
