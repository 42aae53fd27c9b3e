"""What the raw directory holds now, by content: the fingerprint a sensor compares."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipelines.lib.errors import FeedFileError
from pipelines.lib.i18n import Message
from pipelines.lib.readers import file_kind, file_sha256
from pipelines.lib.readers.files import NOT_REGULAR


def ignored_name(name: str) -> bool:
    """Hidden files and Excel's lock files (``~$name.xlsx``) are not deliveries."""
    return name.startswith((".", "~$"))


@dataclass(frozen=True)
class Entry:
    """A file of a feed folder: one to read, or one refused with the reason why."""

    path: Path
    refused: FeedFileError | None = None


def _entry(path: Path, raw_root: Path, follow_symlinks: bool) -> Entry | None:
    """The entry of a feed folder as a delivery, or None when it is no file (a folder, gone).

    Only regular files are read. A symbolic link is followed to a regular
    file inside the raw directory, or anywhere with ``follow_symlinks``
    (``RAW_FOLLOW_SYMLINKS=1``);
    a link to nothing, a FIFO, a device or a socket is refused, as reading
    it would fail, never end (``/dev/zero``) or wait for ever (a FIFO).
    """
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None  # gone since the folder was listed
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve(strict=True)
            info = target.stat()
        except (OSError, RuntimeError):
            detail = Message("a symbolic link to nothing (its target is gone, or it loops)")
            return Entry(path, FeedFileError(path, "not_a_file", detail))
        if stat.S_ISDIR(info.st_mode):
            return None
        if not follow_symlinks and not target.is_relative_to(raw_root):
            detail = Message(
                "a symbolic link to {target}, outside the raw directory: copy the file in, "
                "or set RAW_FOLLOW_SYMLINKS=1 to read links that leave it",
                target=str(target),
            )
            return Entry(path, FeedFileError(path, "symlink", detail))
    if stat.S_ISDIR(info.st_mode):
        return None
    if not stat.S_ISREG(info.st_mode):
        detail = Message(NOT_REGULAR, kind=file_kind(info.st_mode))
        return Entry(path, FeedFileError(path, "not_a_file", detail))
    return Entry(path)


def folder_entries(folder: Path, raw_dir: Path, *, follow_symlinks: bool) -> list[Entry]:
    """The deliveries of a feed folder in name order: the files to read, and those refused.

    The one rule of what counts as a delivered file, for the refresh
    (:func:`pipelines.lib.ingest.discover_files`, which stops at a refused
    entry) and the raw-files sensor (which skips it, so that it never opens
    a FIFO or a device). Hidden and lock files (:func:`ignored_name`) and
    folders are not deliveries. ``follow_symlinks``: a link may lead out of the raw
    directory (the setting ``RAW_FOLLOW_SYMLINKS``).
    """
    raw_root = raw_dir.resolve()
    names = sorted(path for path in folder.iterdir() if not ignored_name(path.name))
    entries = (_entry(path, raw_root, follow_symlinks) for path in names)
    return [entry for entry in entries if entry is not None]


@dataclass(frozen=True)
class Subfolder:
    """A folder inside a feed folder: the refresh does not read its files."""

    path: Path  # inside the raw directory: penempatan/2024
    files: int  # the files in it, at any depth (hidden and lock files aside)

    def text(self) -> Message:
        """What the operator reads of it."""
        return Message(
            "{folder}: {files} file(s) in this subfolder were not read: a refresh reads only "
            "the files directly in the feed folder {feed}/ (move them up into it to load them)",
            folder=f"{self.path.as_posix()}/",
            files=self.files,
            feed=self.path.parts[0],
        )


def unread_subfolders(raw_dir: Path, folders: Iterable[str]) -> list[Subfolder]:
    """The subfolders of the feed ``folders`` (:func:`folder_entries` leaves them out),
    with how many files each holds, in name order; an empty one is nobody's concern."""
    found = []
    for feed in sorted(folders):
        folder = raw_dir / feed
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if ignored_name(path.name) or not path.is_dir():
                continue
            files = sum(
                1 for inner in path.rglob("*") if inner.is_file() and not ignored_name(inner.name)
            )
            if files:
                found.append(Subfolder(path.relative_to(raw_dir), files))
    return found


def _delivered(raw_dir: Path, folders: Iterable[str] | None, follow_symlinks: bool) -> list[Path]:
    """Files in the feed folders that the refresh would read (:func:`folder_entries`).

    ``folders``: the feed folders (by default every folder of the raw directory).
    """
    if not raw_dir.is_dir():
        return []
    if folders is None:
        names = [f.name for f in raw_dir.iterdir() if f.is_dir() and not ignored_name(f.name)]
    else:
        names = [name for name in folders if (raw_dir / name).is_dir()]
    return sorted(
        entry.path
        for name in names
        for entry in folder_entries(raw_dir / name, raw_dir, follow_symlinks=follow_symlinks)
        if entry.refused is None
    )


def file_stamp(info: os.stat_result) -> tuple[int, int, int, int]:
    """Size, modification time, change time and inode: what any write to a file changes.

    Writing a file changes its change time, which no tool can set back, so a
    file edited in place, replaced, or copied in with an old modification
    time has another stamp (once :func:`stat_settled`).
    """
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def stat_settled(mtime_ns: int, ctime_ns: int, now_ns: int) -> bool:
    """Whether any later write to the file must change its modification or change time.

    A file system keeps these times to some precision: nanoseconds on most,
    whole seconds (two on FAT) on others, which show as times in whole
    milliseconds. A write within the same tick as the last one leaves the
    times as they were, so a file's stat vouches for its content only once
    a tick has passed since it was last written (git's "racy" files).
    """
    newest = max(mtime_ns, ctime_ns)
    coarse = newest % 1_000_000 == 0
    tick = 2_000_000_000 if coarse else 10_000_000
    return now_ns - newest > tick


def hash_files(
    paths: Sequence[Path], raw_dir: Path, known: Mapping[str, Sequence]
) -> tuple[dict[str, str], dict[str, list]]:
    """The SHA-256 of each file, by its name inside ``raw_dir``, sparing what is known.

    The one stat cache of the project, for the refresh (``audit.raw_file_stats``)
    and the raw-files sensor (its cursor): ``known`` maps a name to the
    :func:`file_stamp` and SHA-256 it had when it was last hashed
    (``[size, mtime_ns, ctime_ns, inode, sha256]``). A file whose stamp is
    the same is not read again; any other is hashed. Returns the hashes and
    what to remember next time, in the same form: every file whose stamp
    vouches for its content (:func:`stat_settled`), not one written too
    recently. A file that is gone, or no longer a regular file, since it was
    listed raises ``OSError`` or :class:`~pipelines.lib.errors.FeedFileError`.
    """
    hashes: dict[str, str] = {}
    remember: dict[str, list] = {}
    for path in paths:
        name = path.relative_to(raw_dir).as_posix()
        info = path.stat()
        stamp = list(file_stamp(info))
        then = known.get(name)
        sha = then[-1] if then and list(then[:-1]) == stamp else file_sha256(path)
        hashes[name] = sha
        if stat_settled(info.st_mtime_ns, info.st_ctime_ns, time.time_ns()):
            remember[name] = [*stamp, sha]
    return hashes, remember


def raw_listing(
    raw_dir: Path,
    cache: dict[str, list] | None = None,
    folders: Iterable[str] | None = None,
    *,
    follow_symlinks: bool,
) -> list[list[str]]:
    """``[path inside raw_dir, sha256]`` of every delivered file (of ``folders``, the feed
    folders, when given: the folders the refresh reads).

    ``cache`` (:func:`hash_files`' ``known``) is replaced in place by what
    to remember: a file whose stamp did not change is not read again. A file
    touched without a change of content gives the same hash, so it does not
    count as a change; one that vanishes while it is read is left out (the
    next tick sees what is there).
    """
    cache = {} if cache is None else cache
    listing = []
    remember: dict[str, list] = {}
    for path in _delivered(raw_dir, folders, follow_symlinks):
        try:
            hashes, settled = hash_files([path], raw_dir, cache)
        except (OSError, FeedFileError):
            continue
        listing.extend([name, sha] for name, sha in hashes.items())
        remember.update(settled)
    cache.clear()
    cache.update(remember)
    return listing


def fingerprint(listing: list[list[str]]) -> str:
    """One SHA-256 over a listing, the same as ``audit.publish_log.raw_files_sha256``."""
    return hashlib.sha256(json.dumps(listing).encode()).hexdigest()
