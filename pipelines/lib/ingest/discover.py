"""Which files of the raw directory a feed's tables read."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pipelines.lib.errors import FeedFileError
from pipelines.lib.filenames import parse_file_name
from pipelines.lib.i18n import Either, Message
from pipelines.lib.ingest.contract import TableSpec
from pipelines.lib.rawscan import folder_entries


def discover_deliveries(
    raw_dir: Path, specs: Sequence[TableSpec], *, follow_symlinks: bool
) -> tuple[dict[str, list[Path]], dict[str, list[tuple[Path, FeedFileError]]]]:
    """The files of each table to read, and those refused at sight, by table.

    A refused entry (a name no table of the folder claims, a name whose office
    or period does not parse, a FIFO, a link out of the raw directory) is the
    file's own fault: it is rejected on its own, under each table whose prefix
    it starts with (or the folder's first table), and every other file is
    read. A missing feed folder is not a file's fault: it raises.
    """
    errors: list[FeedFileError] = []
    found = discover_files(raw_dir, specs, errors=errors, follow_symlinks=follow_symlinks)
    refused: dict[str, list[tuple[Path, FeedFileError]]] = {spec.table: [] for spec in specs}
    for error in errors:
        if error.rule == "missing_folder":
            raise error
        path = error.source
        feed_specs = [s for s in specs if s.feed == path.parent.name]
        owners = [s for s in feed_specs if path.name.startswith(f"{s.prefix}_")]
        for owner in owners or feed_specs[:1]:
            refused[owner.table].append((path, error))
    return found, refused


def discover_files(
    raw_dir: Path,
    specs: Sequence[TableSpec],
    errors: list[FeedFileError] | None = None,
    *,
    follow_symlinks: bool,
) -> dict[str, list[Path]]:
    """The files of each table in its feed folder; refuse what cannot be a delivery.

    Which entries count as delivered files is :func:`~pipelines.lib.rawscan.folder_entries`'
    rule, the sensor's too: a FIFO, a device, a link to nothing or a link that
    leaves the raw directory (unless ``follow_symlinks``) is refused (``not_a_file``,
    ``symlink``), as is a file no table of the folder claims (``file_name``). A missing
    feed folder is an error (``missing_folder``): an empty one is an office that has
    delivered nothing yet; the folder of an ``optional`` feed (one the source
    systems do not deliver everywhere yet) may be missing. The first refusal is
    raised, unless ``errors`` is given: then every refusal is added to it and
    the entry left out (``python -m pipelines validate`` reports them all).
    """

    def refuse(error: FeedFileError) -> None:
        if errors is None:
            raise error
        errors.append(error)

    found: dict[str, list[Path]] = {spec.table: [] for spec in specs}
    feeds = {spec.feed for spec in specs}
    for feed in sorted(feeds):
        folder = raw_dir / feed
        feed_specs = [s for s in specs if s.feed == feed]
        if not folder.is_dir() and all(s.optional for s in feed_specs):
            continue  # a feed not every office delivers yet: no folder, no files
        if not folder.is_dir():
            refuse(
                FeedFileError(
                    folder,
                    "missing_folder",
                    Message(
                        "the feed folder does not exist: is the raw directory unmounted or "
                        "mistyped? (an office with nothing to deliver yet keeps the folder, empty)"
                    ),
                )
            )
            continue
        for entry in folder_entries(folder, raw_dir, follow_symlinks=follow_symlinks):
            path = entry.path
            if entry.refused is not None:
                refuse(entry.refused)
                continue
            owners = [s for s in feed_specs if path.name.startswith(f"{s.prefix}_")]
            if not owners:
                names = Either(tuple(sorted({f"{s.prefix}_<OFFICE>..." for s in feed_specs})))
                detail = Message(
                    "not a file of feed {feed} ({names})", feed=repr(feed), names=names
                )
                refuse(FeedFileError(path, "file_name", detail))
                continue
            try:
                for owner in owners:
                    parse_file_name(path, owner.prefix, owner.period, owner.ext)
            except FeedFileError as error:
                refuse(error)
                continue
            for owner in owners:
                found[owner.table].append(path)
    return found
