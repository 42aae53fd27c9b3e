"""What the raw directory holds now, by content: the fingerprint a sensor compares."""

from __future__ import annotations

import hashlib
import json
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


def raw_listing(raw_dir: Path, cache: dict[str, list] | None = None) -> list[list[str]]:
    """``[path inside raw_dir, sha256]`` of every delivered file.

    ``cache`` maps a path to ``[size, mtime_ns, sha256]`` and is updated in
    place: a file whose size and modification time did not change is not
    read again. A file touched without a change of content gives the same
    hash, so it does not count as a change.
    """
    cache = {} if cache is None else cache
    listing = []
    seen = set()
    for path in _delivered(raw_dir):
        name = path.relative_to(raw_dir).as_posix()
        stat = path.stat()
        cached = cache.get(name)
        if cached and cached[:2] == [stat.st_size, stat.st_mtime_ns]:
            sha = cached[2]
        else:
            sha = file_sha256(path)
            cache[name] = [stat.st_size, stat.st_mtime_ns, sha]
        listing.append([name, sha])
        seen.add(name)
    for name in set(cache) - seen:
        del cache[name]
    return listing


def fingerprint(listing: list[list[str]]) -> str:
    """One SHA-256 over a listing, the same as ``audit.publish_log.raw_files_sha256``."""
    return hashlib.sha256(json.dumps(listing).encode()).hexdigest()
