"""The raw directory, checked before any file is read: the first step of a refresh.

It fails, changing nothing, when the raw directory is missing (a mistyped
path, an unmounted share), when a feed folder is missing, when the
refresh would remove every file of an office or more than a set share of all
files (:mod:`pipelines.lib.removals`)
without ``allow_removals``, or when the pseudonym key is not the one that built
the warehouse without ``rekey`` (:mod:`pipelines.lib.keyguard`); it records
the key in the build. Every feed step waits for it, so the raw files are
where the asset graph's lineage starts: the asset's data version is the
SHA-256 of the files' content, the same as the publish log's
``raw_files_sha256`` once they are loaded.
"""

from collections import Counter

import dagster as dg

from pipelines.contract.specs import FEEDS
from pipelines.defs.failures import told_to_the_operator
from pipelines.lib.errors import FeedFileError
from pipelines.lib.filenames import parse_file_name
from pipelines.lib.ingest import discover_deliveries
from pipelines.lib.ingest.load import STAT_COLUMNS
from pipelines.lib.keyguard import check_key, record_key
from pipelines.lib.lake import WorkingCopy
from pipelines.lib.publish import edited_outside
from pipelines.lib.rawscan import fingerprint, hash_files, unread_subfolders
from pipelines.lib.removals import plan_removals, refuse_mass_removal, require_raw_directory
from pipelines.lib.resources import RawDirectory, Warehouse
from pipelines.lib.warehouse import table_exists

INVENTORY_KEY = dg.AssetKey(["raw_files"])
SPECS = [spec for specs in FEEDS.values() for spec in specs]


def _known_stats(con) -> dict[str, list]:
    """The stat cache of the last refresh (``audit.raw_file_stats``), by file name."""
    if not table_exists(con, "audit", "raw_file_stats"):
        return {}
    rows = con.execute(
        f"select distinct source_file, {', '.join(STAT_COLUMNS)}, sha256 from audit.raw_file_stats"
    ).fetchall()
    return {name: rest for name, *rest in rows}


def delivered_offices(raw_files: RawDirectory) -> dict[str, str]:
    """Every delivered file (its name inside the raw directory) with its office.

    Raises when the raw directory or a feed folder is missing. A file whose
    name breaks the contract is not one of them: the feed's step rejects it
    on its own (``audit.file_ledger`` status ``rejected``).
    """
    raw_dir = raw_files.root()
    require_raw_directory(raw_dir)
    found, _ = discover_deliveries(raw_dir, SPECS, follow_symlinks=raw_files.follow_symlinks)
    by_table = {spec.table: spec for spec in SPECS}
    delivered = {}
    for table, paths in found.items():
        spec = by_table[table]
        for path in paths:
            identity = parse_file_name(path, spec.prefix, spec.period, spec.ext)
            delivered[path.relative_to(raw_dir).as_posix()] = identity.office_code
    return delivered


def _hashes(root, names: list[str], known: dict[str, list]) -> dict[str, str]:
    """The files' SHA-256 for the lineage; a file that cannot be read has none here (its
    feed's step rejects it, naming why)."""
    try:
        return hash_files([root / name for name in names], root, known)[0]
    except (OSError, FeedFileError):
        hashes = {}
        for name in names:
            try:
                hashes.update(hash_files([root / name], root, known)[0])
            except (OSError, FeedFileError):
                hashes[name] = ""
        return hashes


@dg.asset(
    key=INVENTORY_KEY,
    group_name="raw_feeds",
    kinds={"python"},
    description="The raw directory's files, checked before any is read: the directory and "
    "every feed folder exist, every file name follows the contract, and the refresh does not "
    "remove every file of an office or more than a set share of all files unless "
    "`allow_removals` is set on the raw_files resource (`--allow-removals`), and the pseudonym "
    "key is the one that built the warehouse unless `rekey` is set on the warehouse resource "
    "(`--rekey`). With a lake (WAREHOUSE_URL), it can be reached and this working copy is its "
    "writer.",
)
def raw_inventory(
    context: dg.AssetExecutionContext, raw_files: RawDirectory, warehouse: Warehouse
) -> dg.MaterializeResult:
    """Check the raw directory and what the refresh would remove, before any file is read;
    and the lake, if there is one, before anything is built (a wrong password in seconds)."""
    if edited_outside(warehouse.published()):
        context.log.warning(
            f"{warehouse.published()} was changed outside the refresh since its last "
            "publish: it is rebuilt from the raw files, not from a copy of it"
        )
    with told_to_the_operator():
        if (lake := warehouse.lake()) is not None:
            lake.check(WorkingCopy.of(warehouse.published()))
        delivered = delivered_offices(raw_files)
        key = check_key(warehouse.published(), SPECS, warehouse.key_source(), warehouse.rekey)
        with warehouse.connect(context.run_id) as con:
            plan = plan_removals(con, delivered)
            known = _known_stats(con)
            if not raw_files.allow_removals:
                refuse_mass_removal(plan, raw_files.max_removed_share)
            record_key(con, key, context.run_id)
    if note := key.note(warehouse.key_source().setting()):
        context.log.warning(note.render("en"))
    offices = Counter(delivered.values())
    context.log.info(
        f"raw directory {raw_files.root()}: {len(delivered)} file(s) of {len(offices)} "
        f"office(s); {len(plan.removed)} of the warehouse's {plan.current} file(s) no longer "
        "delivered"
    )
    root = raw_files.root()
    unread = unread_subfolders(root, FEEDS)
    for folder in unread:
        context.log.warning(str(folder.text()))
    hashes = _hashes(root, sorted(delivered), known)
    content = fingerprint([[name, hashes[name]] for name in sorted(hashes)])
    return dg.MaterializeResult(
        # The raw files' content, as audit.publish_log.raw_files_sha256 will say it.
        data_version=dg.DataVersion(content),
        metadata={
            "raw_files_sha256": content,
            "raw_dir": dg.MetadataValue.path(str(raw_files.root())),
            "files": len(delivered),
            "files_by_office": dg.MetadataValue.json(dict(sorted(offices.items()))),
            "files_to_remove": dg.MetadataValue.json(plan.removed),
            "allow_removals": raw_files.allow_removals,
            "pseudonym_key_fingerprint": key.fingerprint,
            "pseudonym_key": key.how,
            "subfolders_not_read": dg.MetadataValue.json(
                {folder.path.as_posix(): folder.files for folder in unread}
            ),
        },
    )
