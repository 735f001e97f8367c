"""A plan as the files a district files: Markdown, Word, JSON, CSV and an iCalendar of its dated actions."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path

from assistant.errors import InputError, StoreError
from assistant.models import ActionPlan

FORMATS = ("md", "docx", "json", "csv", "ics", "report-md", "report-docx")
# A progress report on the plan, for a principal or a board (assistant/export/report.py).
REPORT_FORMATS = {"report-md": "md", "report-docx": "docx"}

# Names people type for the formats; the canonical name is also the file extension.
_ALIASES = {"markdown": "md", "word": "docx", "calendar": "ics", "ical": "ics", "icalendar": "ics"}
_FULL_DISK = {errno.ENOSPC, errno.EDQUOT}
_NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS}
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.EXDEV, errno.ENOSYS}
_TEMPORARY = re.compile(r"[0-9a-f]{8}\.tmp")
# The longest name of a session's export folder, in bytes, with room to spare under the 255 of ext4 and APFS.
MAX_FOLDER_BYTES = 200


def canonical_format(fmt: str) -> str:
    """The short name of a format ("markdown" → "md", ".DOCX" → "docx"), not yet checked against a list."""
    key = fmt.strip().lower().lstrip(".")
    return _ALIASES.get(key, key)


def normalize_format(fmt: str) -> str:
    """The canonical format name for "md", ".MD" or "markdown"; an unknown one is an error listing the choices."""
    key = canonical_format(fmt)
    if key not in FORMATS:
        raise InputError(f"Unknown export format '{fmt.strip()}'. Choose one of: {', '.join(FORMATS)}.")
    return key


def render(plan: ActionPlan, fmt: str) -> bytes:
    """The plan in one of FORMATS, as the bytes of the file."""
    key = normalize_format(fmt)
    if key in REPORT_FORMATS:
        from assistant.export import report

        return report.render(plan, key)
    # Each format imports its library only when used, so small commands stay fast.
    if key == "md":
        from assistant.export import md

        return md.render(plan)
    if key == "docx":
        from assistant.export import docx

        return docx.render(plan)
    if key == "json":
        from assistant.export import json_

        return json_.render(plan)
    if key == "csv":
        from assistant.export import csv_

        return csv_.render(plan)
    from assistant.export import ics

    return ics.render(plan)


def default_filename(plan: ActionPlan, fmt: str) -> str:
    """A safe file name for the plan in a format, e.g. "reading-plan-2025.md"."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", plan.name).strip("-.") or "plan"
    key = normalize_format(fmt)
    if key in REPORT_FORMATS:
        return f"{stem[:93]}-report.{REPORT_FORMATS[key]}"
    return f"{stem[:100]}.{key}"


def folder_name(session: str) -> str:
    """The name of the folder a session's exports are kept in: the session's own name when it fits on any disk.

    A file system allows 255 bytes for one name, and a session may be named with 80 letters of 4 bytes each
    ("𝐀"); such a name keeps as much of itself as fits and a short hash of the whole, so no two share a folder.
    """
    encoded = session.encode("utf-8", "surrogatepass")
    if len(encoded) <= MAX_FOLDER_BYTES:
        return session
    digest = hashlib.sha256(encoded).hexdigest()[:12]
    head = encoded[: MAX_FOLDER_BYTES - len(digest) - 1].decode("utf-8", "ignore").rstrip(" .-")
    return f"{head}-{digest}"


def remove_folders(folders: Iterable[Path]) -> str | None:
    """Remove each folder that exists; a sentence naming those that could not be removed, or None."""
    left: list[str] = []
    for folder in folders:
        try:
            if folder.is_dir():
                shutil.rmtree(folder)
        except OSError as exc:
            left.append(f"{folder} ({(exc.strerror or type(exc).__name__).lower()})")
    if not left:
        return None
    return f"Its exported files in {' and '.join(left)} could not be removed; delete them yourself."


def export_plan(plan: ActionPlan, fmt: str, out: Path, *, replace: bool = False) -> Path:
    """Write the plan to `out` in one step: the old file or the new one is there afterwards, never a partial one.

    Only `out` is written: its folder must exist, and a temporary file beside it is removed on any failure. An
    existing file is replaced only when `replace` is set; anything but a plain file, and the assistant's own
    files, never are.
    """
    out = Path(out)
    # Rendering first means a plan that cannot be rendered never touches the disk.
    data = render(plan, fmt)
    write_export(data, out, replace=replace)
    return out


def write_export(data: bytes, out: Path, *, replace: bool = False) -> None:
    """`data` written to `out` in one step, after the checks `export_plan` describes."""
    check_target(out, replace=replace)
    try:
        _write_atomic(out, data, replace=replace)
    except FileExistsError as exc:
        raise _exists_error(out) from exc
    except OSError as exc:
        raise _write_error(out, exc) from exc


def check_target(out: Path, *, replace: bool = False) -> None:
    """Refuse a place an export must not be written to, in one sentence that says what to do instead."""
    from assistant.config import get_settings

    parent = out.parent
    try:
        existing: os.stat_result | None = out.lstat()
    except (FileNotFoundError, NotADirectoryError):
        existing = None  # the folder checks below say what is wrong
    except OSError as exc:
        raise _write_error(out, exc) from exc
    if existing is not None:
        if stat.S_ISDIR(existing.st_mode):
            raise InputError(f"{out} is a folder; give the name of the file to write, for example {out / 'plan.md'}.")
        if stat.S_ISLNK(existing.st_mode):
            raise InputError(f"{out} is a link to another file; give the name of a plain file to write.")
        if not stat.S_ISREG(existing.st_mode):
            raise InputError(f"{out} is not a plain file (a device, pipe or socket); choose a file name to write.")
    if not parent.exists():
        raise InputError(f"The folder {parent} does not exist; create it or choose another place for the export.")
    if not parent.is_dir():
        raise InputError(f"{parent} is a file, not a folder; choose a folder to save the export in.")
    settings = get_settings()
    if settings.owns(out):
        raise InputError(
            f"{out} is one of CIP Assistant's own files (in {settings.home}); choose another place for the export."
        )
    if existing is not None and not replace:
        raise _exists_error(out)


def _exists_error(out: Path) -> InputError:
    return InputError(f"{out} already exists; add --force to replace it, or choose another name.")


def _write_error(out: Path, exc: OSError) -> InputError | StoreError:
    if exc.errno in _FULL_DISK:
        return StoreError(f"The disk is full, so {out} was not written; free some space and export again.")
    if exc.errno in _NOT_WRITABLE:
        return InputError(f"{out.parent} is not writable; choose a folder you can write to.")
    if exc.errno == errno.EISDIR:
        return InputError(f"{out} is a folder; give the name of the file to write, for example {out / 'plan.md'}.")
    if exc.errno in {errno.ENOENT, errno.ENOTDIR}:
        return InputError(f"The folder {out.parent} does not exist; create it or choose another place for the export.")
    if exc.errno == errno.ENAMETOOLONG:
        return InputError(f"The file name {out.name[:40]}… is too long; choose a shorter one.")
    reason = exc.strerror or type(exc).__name__
    return StoreError(f"Could not write {out} ({reason.lower()}); check the disk and export again.")


def _open_temp(directory: Path, name: str) -> tuple[int, Path]:
    # Not tempfile.mkstemp: its files are private (0600), and an export is meant to be shared like any document
    # the user saves, so the usual umask applies. The name starts with a dot and stays short enough for any name.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        temp = directory / f".{name[:64]}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(directory))


def _write_atomic(out: Path, data: bytes, *, replace: bool = False) -> None:
    """Temporary file in the same folder, fsync, then into place; the temporary file never outlives a failure.

    Without `replace` the file is linked into place, which fails if another process created `out` meanwhile.
    """
    _remove_stale_temporaries(out)
    fd, temp = _open_temp(out.parent, out.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            with contextlib.suppress(FileNotFoundError):
                existing = out.lstat()
                # Re-exporting over a file keeps the permissions the user gave it.
                if stat.S_ISREG(existing.st_mode):
                    os.fchmod(handle.fileno(), stat.S_IMODE(existing.st_mode))
            os.fsync(handle.fileno())
        if replace:
            # os.replace swaps the name itself: a link at `out` is replaced, never the file it points to.
            os.replace(temp, out)
        else:
            _link_new(temp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _sync_directory(out.parent)


def _link_new(temp: Path, out: Path) -> None:
    """`temp` under the name `out`, only if nothing has that name; the temporary name is removed."""
    try:
        os.link(temp, out)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        # A file system without hard links (FAT, some network shares): look, then rename.
        if os.path.lexists(out):
            raise FileExistsError(errno.EEXIST, "exists", str(out)) from exc
        os.replace(temp, out)
        return
    os.unlink(temp)


# A temporary file older than this was left by an export that was killed; a running export takes seconds.
_STALE_TEMPORARY_SECONDS = 15 * 60


def _remove_stale_temporaries(out: Path) -> None:
    """Temporary files a killed export of the same name left in the folder: removed, so none outlives a crash."""
    import time

    prefix = f".{out.name[:64]}."
    with contextlib.suppress(OSError), os.scandir(out.parent) as entries:
        for entry in entries:
            name = entry.name
            if not (name.startswith(prefix) and _TEMPORARY.fullmatch(name[len(prefix) :])):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and time.time() - info.st_mtime > _STALE_TEMPORARY_SECONDS:
                    os.unlink(entry.path)


def remove_stale_temporaries(root: Path) -> int:
    """Temporary files that killed exports left anywhere under `root` (an exports folder): removed; returns how many.

    Only files named as `export_plan` names its temporaries, and only those older than a running export could be.
    """
    import time

    removed = 0
    if not root.is_dir():
        return removed
    for folder, _, names in os.walk(root):
        for name in names:
            if not (name.startswith(".") and _TEMPORARY.fullmatch(name[-12:]) and name[-13:-12] == "."):
                continue
            path = os.path.join(folder, name)
            with contextlib.suppress(OSError):
                info = os.lstat(path)
                if stat.S_ISREG(info.st_mode) and time.time() - info.st_mtime > _STALE_TEMPORARY_SECONDS:
                    os.unlink(path)
                    removed += 1
    return removed


def _sync_directory(directory: Path) -> None:
    # The rename is only durable once the folder is on disk; where a folder cannot be opened, the file still is.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


__all__ = [
    "FORMATS",
    "check_target",
    "default_filename",
    "export_plan",
    "folder_name",
    "normalize_format",
    "remove_folders",
    "remove_stale_temporaries",
    "render",
    "write_export",
]
