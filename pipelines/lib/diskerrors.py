"""A warehouse folder the refresh cannot write: full, read-only, or a folder in a file's place.

The refresh writes beside the warehouse: its lock file, its build (a copy of
the published file), DuckDB's spill files, the run log, the reports. When the
operating system refuses one of those writes (a full disk, a folder made
read-only or immutable with ``chattr +i``, a folder where the lock file
goes), the operator reads one line naming the folder and the cause
(:func:`problem`), the refresh's partial files are removed
(:func:`remove_run_files`), and the failure is recorded where it can be
(:func:`pipelines.lib.failures.record_failure_somewhere`).

An error raised in a step reaches the command line as text (Dagster's error
info, or DuckDB's message): :func:`from_text` finds the cause in it by the
operating system's own words for it (``No space left on device``).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipelines.lib.i18n import Message
from pipelines.lib.publish import BUILD_MARK, build_path

# The causes said in words, by error number; any other OSError is said by its own words.
FULL = (errno.ENOSPC, errno.EDQUOT)
READ_ONLY = (errno.EROFS,)
REFUSED = (errno.EPERM, errno.EACCES)
A_FOLDER = (errno.EISDIR,)
KNOWN = (*FULL, *READ_ONLY, *REFUSED, *A_FOLDER)


@dataclass(frozen=True)
class FolderProblem:
    """What the operating system refused: its error number, and the path it named."""

    code: int
    path: Path | None

    def text(self, warehouse: Path) -> Message:
        """The cause, in words, naming the folder (or the path in a file's place)."""
        folder = _folder(self.path, warehouse)
        where = (
            Message("the warehouse folder {folder}", folder=str(folder))
            if folder == warehouse.parent
            else Message("the folder {folder}", folder=str(folder))
        )
        if self.code in FULL:
            return Message("{where} is full (no space left on the disk)", where=where)
        if self.code in READ_ONLY:
            return Message("{where} is on a read-only disk", where=where)
        if self.code in REFUSED:
            return Message(
                "{where} cannot be written (no permission, or locked against changes with "
                "chattr +i)",
                where=where,
            )
        if self.code in A_FOLDER and self.path is not None:
            return Message(
                "{path} is a folder, where the refresh writes a file: move that folder away",
                path=str(self.path),
            )
        return Message(
            "{where} cannot be written: {reason}", where=where, reason=os.strerror(self.code)
        )


def _folder(path: Path | None, warehouse: Path) -> Path:
    """The folder to name: the warehouse's, unless the refused path lies elsewhere."""
    if path is None or path.parent == warehouse.parent or path == warehouse.parent:
        return warehouse.parent
    if path.is_relative_to(warehouse.parent):
        return warehouse.parent
    return path if path.is_dir() else path.parent


def problem(error: BaseException) -> FolderProblem | None:
    """The folder problem an ``OSError`` (or one in its chain) is, or None."""
    seen = error
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno is not None:
            # Of a link, a rename or a copy, the path written (``filename2``): the other
            # is its target or source, which may be relative or lie elsewhere.
            name = seen.filename2 if seen.filename2 is not None else seen.filename
            return FolderProblem(seen.errno, Path(os.fsdecode(name)) if name else None)
        seen = seen.__cause__ or seen.__context__
    return None


_QUOTED = re.compile(r"""['"](/[^'"]+)['"]""")


def from_text(text: str, near: Path | None = None) -> FolderProblem | None:
    """The folder problem an error's text tells of, by the system's words (``strerror``)
    for a known cause, with an absolute path quoted in it; None if it tells of none.

    With ``near`` (the warehouse folder): for a full disk, of the paths quoted
    and ``near``, the one on the disk with the least space left (dbt names its
    own target folder first, on another disk); otherwise the first path inside
    ``near``, if one is quoted.
    """
    for code in KNOWN:
        if os.strerror(code) in text:
            paths = [Path(quoted) for quoted in _QUOTED.findall(text)]
            if near is not None and code in FULL:
                paths = sorted([*paths, near], key=_space_left)
            elif near is not None:
                paths = [p for p in paths if p.is_relative_to(near)] or paths
            return FolderProblem(code, paths[0] if paths else None)
    return None


def _space_left(path: Path) -> float:
    """The bytes free on the disk of ``path`` (of its nearest existing folder)."""
    for folder in (path, *path.parents):
        try:
            return shutil.disk_usage(folder).free
        except OSError:
            continue
    return float("inf")


def remove_run_files(published: Path, run_id: str) -> list[Path]:
    """Remove what a failed run wrote beside the warehouse: its build, the build's
    write-ahead log, a copy it did not finish (``.copying``)."""
    build = build_path(published, run_id)
    removed = []
    for path in published.parent.glob(f"{published.name}{BUILD_MARK}{run_id}*"):
        if path == build or path.name.startswith(build.name + "."):
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError:  # the folder itself refuses: nothing more can be done here
                continue
            removed.append(path)
    return removed
