"""Take a feed's files from the raw directory into DuckDB, losing no row.

For each file of a table: read its cells as text, match the header to the
contract, parse the Indonesian numbers and dates, validate with the table's
Pandera schema, pseudonymise personal columns, and load. A row that breaks a
rule is not dropped: it goes to ``audit.quarantine`` with its file, row,
column, rule and (pseudonymised) raw values. A problem with the whole file
(its name, a sheet, a required column, its encoding) rejects it with a
:class:`~pipelines.lib.errors.FeedFileError` that names the file and the rule.

The one entry is :func:`load_table`; the modules, in the order a file goes
through them:

- :mod:`.contract`: what a table's file and columns are (:class:`TableSpec`,
  :class:`Column`), and the Pandera schema derived from them;
- :mod:`.discover`: which files of the raw directory each table reads;
- :mod:`.read`: a file's cells as text, its header matched to the contract;
- :mod:`.parse`: text to typed values; :mod:`.rules`: the Pandera checks,
  their failures in plain words;
- :mod:`.batch`: many files' rows at once, clean or quarantined, pseudonymised;
- :mod:`.store`: the DuckDB side (inserts, duplicates, the writer thread);
- :mod:`.load`: what changed since the ledger, the batches, the ledger and
  the slices for dbt.

Only new and changed files are read; the files of one office are parsed,
validated and inserted in batches, because Pandera's cost is per call, not
per row (docs/performance.md).
"""

from pipelines.lib.audit import AUDIT_DDL
from pipelines.lib.ingest import batch, contract, discover, load, parse, read, rules, store
from pipelines.lib.ingest.batch import BatchOutcome, process_batch
from pipelines.lib.ingest.contract import (
    FLAG_MARKS,
    LINEAGE,
    PERIOD,
    Column,
    FileReport,
    TableSpec,
    within_period,
)
from pipelines.lib.ingest.discover import discover_deliveries, discover_files
from pipelines.lib.ingest.load import (
    BATCH_ROWS,
    LOADER_VERSION,
    TableLoad,
    file_hashes,
    load_table,
    loader_fingerprint,
    remember_file_stats,
)
from pipelines.lib.ingest.parse import parse_cells
from pipelines.lib.ingest.read import match_header, read_file, read_text
from pipelines.lib.ingest.rules import validate
from pipelines.lib.ingest.store import BatchWriter, held_table

__all__ = [
    "AUDIT_DDL",
    "BATCH_ROWS",
    "FLAG_MARKS",
    "LINEAGE",
    "LOADER_VERSION",
    "PERIOD",
    "BatchOutcome",
    "BatchWriter",
    "Column",
    "FileReport",
    "TableLoad",
    "TableSpec",
    "batch",
    "contract",
    "discover",
    "discover_deliveries",
    "discover_files",
    "file_hashes",
    "held_table",
    "load",
    "load_table",
    "loader_fingerprint",
    "match_header",
    "parse",
    "parse_cells",
    "process_batch",
    "read",
    "read_file",
    "read_text",
    "remember_file_stats",
    "rules",
    "store",
    "validate",
    "within_period",
]
