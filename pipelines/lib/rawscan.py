"""What the raw directory holds now, by content: the fingerprint a sensor compares."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from pipelines.lib import config
from pipelines.lib.errors import FeedFileError
from pipelines.lib.readers import file_kind, file_sha256


def ignored_name(name: str) -> bool:
    """Hidden files and Excel's lock files (``~$name.xlsx``) are not deliveries."""
    return name.startswith((".", "~$"))


@dataclass(frozen=True)
class Entry:
    """A file of a feed folder: one to read, or one refused with the reason why."""

    path: Path
    refused: FeedFileError | None = None


def _entry(path: Path, raw_root: Path) -> Entry | None:
    """The entry of a feed folder as a delivery, or None when it is no file (a folder, gone).

    Only regular files are read. A symbolic link is followed to a regular
    file inside the raw directory, or anywhere with ``RAW_FOLLOW_SYMLINKS=1``;
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
            detail = "a symbolic link to nothing (its target is gone, or it loops)"
            return Entry(path, FeedFileError(path, "not_a_file", detail))
        if stat.S_ISDIR(info.st_mode):
            return None
        if not config.raw_follow_symlinks() and not target.is_relative_to(raw_root):
            detail = (
                f"a symbolic link to {target}, outside the raw directory: copy the file in, "
                "or set RAW_FOLLOW_SYMLINKS=1 to read links that leave it"
            )
            return Entry(path, FeedFileError(path, "symlink", detail))
    if stat.S_ISDIR(info.st_mode):
        return None
    if not stat.S_ISREG(info.st_mode):
        detail = f"{file_kind(info.st_mode)}, not a regular file: nothing is read from it"
        return Entry(path, FeedFileError(path, "not_a_file", detail))
    return Entry(path)


def folder_entries(folder: Path, raw_dir: Path) -> list[Entry]:
    """The deliveries of a feed folder in name order: the files to read, and those refused.

    The one rule of what counts as a delivered file, for the refresh
    (:func:`pipelines.lib.ingest.discover_files`, which stops at a refused
    entry) and the raw-files sensor (which skips it, so that it never opens
    a FIFO or a device). Hidden and lock files (:func:`ignored_name`) and
    folders are not deliveries.
    """
    raw_root = raw_dir.resolve()
    names = sorted(path for path in folder.iterdir() if not ignored_name(path.name))
    return [entry for path in names if (entry := _entry(path, raw_root)) is not None]


def _delivered(raw_dir: Path) -> list[Path]:
    """Files in the feed folders that the refresh would read (:func:`folder_entries`)."""
    if not raw_dir.is_dir():
        return []
    return sorted(
        entry.path
        for folder in raw_dir.iterdir()
        if folder.is_dir() and not ignored_name(folder.name)
        for entry in folder_entries(folder, raw_dir)
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


def raw_listing(raw_dir: Path, cache: dict[str, list] | None = None) -> list[list[str]]:
    """``[path inside raw_dir, sha256]`` of every delivered file.

    ``cache`` maps a path to its :func:`file_stamp` and SHA-256 and is
    updated in place: a file whose stamp did not change is not read again,
    and one written too recently to be sure of it (:func:`stat_settled`) is
    not remembered. A file touched without a change of content gives the
    same hash, so it does not count as a change.
    """
    cache = {} if cache is None else cache
    listing = []
    seen = set()
    for path in _delivered(raw_dir):
        name = path.relative_to(raw_dir).as_posix()
        try:
            info = path.stat()
            stamp = list(file_stamp(info))
            cached = cache.get(name)
            if cached and cached[:-1] == stamp:
                sha = cached[-1]
            else:
                sha = file_sha256(path)
                cache.pop(name, None)
                if stat_settled(info.st_mtime_ns, info.st_ctime_ns, time.time_ns()):
                    cache[name] = [*stamp, sha]
        except (OSError, FeedFileError):
            continue  # gone or replaced since it was listed: the next tick sees what is there
        listing.append([name, sha])
        seen.add(name)
    for name in set(cache) - seen:
        del cache[name]
    return listing


def fingerprint(listing: list[list[str]]) -> str:
    """One SHA-256 over a listing, the same as ``audit.publish_log.raw_files_sha256``."""
    return hashlib.sha256(json.dumps(listing).encode()).hexdigest()
