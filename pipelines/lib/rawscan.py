"""What the raw directory holds now, by content: the fingerprint a sensor compares."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from pipelines.lib.readers import file_sha256


def _delivered(raw_dir: Path) -> list[Path]:
    """Files in the feed folders, as discovery sees them (hidden and lock files skipped)."""
    if not raw_dir.is_dir():
        return []
    return sorted(
        path
        for folder in raw_dir.iterdir()
        if folder.is_dir() and not folder.name.startswith(".")
        for path in folder.iterdir()
        if path.is_file() and not path.name.startswith((".", "~$"))
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
        listing.append([name, sha])
        seen.add(name)
    for name in set(cache) - seen:
        del cache[name]
    return listing


def fingerprint(listing: list[list[str]]) -> str:
    """One SHA-256 over a listing, the same as ``audit.publish_log.raw_files_sha256``."""
    return hashlib.sha256(json.dumps(listing).encode()).hexdigest()
