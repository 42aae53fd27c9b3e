"""Raw files as the system holds them: only regular files are opened, and read whole."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from pipelines.lib.errors import FeedFileError
from pipelines.lib.i18n import N_, Message

# A directory entry that is not a regular file (its kind first: :func:`file_kind`).
NOT_REGULAR = N_("{kind}, not a regular file: nothing is read from it")


@contextmanager
def open_regular(path: Path) -> Iterator[BinaryIO]:
    """Open a raw file for reading, refusing anything but a regular file.

    The file is opened without blocking, so that a FIFO (which would make
    the refresh wait for a writer for ever) or a device such as
    ``/dev/zero`` (which never ends) is refused before a byte is read. A
    file that cannot be opened or read is refused naming the file, not with
    the system's bare error.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise FeedFileError(
            path, "not_a_file", Message("the file is gone, or is a link to nothing")
        ) from None
    except OSError as error:
        raise FeedFileError(path, "unreadable", _os_reason(error)) from None
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise FeedFileError(path, "not_a_file", Message(NOT_REGULAR, kind=file_kind(mode)))
        try:
            yield handle
        except OSError as error:
            raise FeedFileError(path, "unreadable", _os_reason(error)) from None


def _os_reason(error: OSError) -> Message:
    """Why the system would not open or read a file, in words (its name is already said).

    The system's own reason (``Permission denied``) is in the system's language.
    """
    reason = os.strerror(error.errno) if error.errno else type(error).__name__
    if isinstance(error, PermissionError):
        return Message(
            "the refresh may not read it ({reason}): check the file's permissions", reason=reason
        )
    return Message("the file cannot be read ({reason}): copy it in again", reason=reason)


def file_kind(mode: int) -> Message:
    """What a directory entry is, in words, from its ``st_mode``."""
    for test, kind in (
        (stat.S_ISREG, N_("a regular file")),
        (stat.S_ISDIR, N_("a folder")),
        (stat.S_ISFIFO, N_("a FIFO (named pipe)")),
        (stat.S_ISCHR, N_("a character device")),
        (stat.S_ISBLK, N_("a block device")),
        (stat.S_ISSOCK, N_("a socket")),
        (stat.S_ISLNK, N_("a symbolic link")),
    ):
        if test(mode):
            return Message(kind)
    return Message("not a file")


def file_sha256(path: Path) -> str:
    """The file's SHA-256, read in blocks (a regular file only: :func:`open_regular`)."""
    digest = hashlib.sha256()
    with open_regular(path) as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_bytes(path: Path) -> bytes:
    """The whole of a regular file (:func:`open_regular`)."""
    with open_regular(path) as handle:
        return handle.read()
