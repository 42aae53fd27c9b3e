"""The audit tables of the warehouse: their DDL, written once, here.

The ingest creates what it writes (:data:`AUDIT_DDL`), the publish step the
publish logs, the file's and the lake's (:data:`PUBLISH_LOG_DDL`). dbt's
on-run-start hook creates the two tables of the incremental build (``create_slice_tables`` in
``dbt_project/macros/changed_slices.sql``), since dbt may run on a warehouse
the ingest has not touched yet: Jinja cannot read this module, so
``tests/test_audit.py`` holds the macro's statements equal to
:data:`SLICE_TABLES_DDL`.
"""

from __future__ import annotations

# The columns that say which raw row is at fault, and by which rule: the first of
# audit.quarantine's and of audit.value_warnings' (pipelines/lib/audit.py).
ROW_FAULT_COLUMNS = [
    "feed",
    "table_name",
    "source_file",
    "source_row",
    "source_sha256",
    "office_code",
    "file_period",
    "rule",
    "column_name",
]

# Every raw file the warehouse has seen, per table and version (pipelines/lib/ledger.py);
# a version refused whole (status 'rejected') says why in the reject_ columns.
FILE_LEDGER = """
create table if not exists audit.file_ledger (
    feed varchar not null,
    table_name varchar not null,
    source_file varchar not null,
    office_code varchar not null,
    file_period varchar,
    sha256 varchar not null,
    size_bytes bigint not null,
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_quarantined bigint not null,
    extra_columns varchar[],
    status varchar not null,
    first_seen_at timestamp not null,
    last_seen_at timestamp not null,
    status_changed_at timestamp not null,
    loader_fingerprint varchar not null,
    reject_rule varchar,
    reject_row bigint,
    reject_detail varchar,
    reject_detail_id varchar
);
-- A warehouse from before rejected files (status 'rejected') gains their columns.
alter table audit.file_ledger add column if not exists reject_rule varchar;
alter table audit.file_ledger add column if not exists reject_row bigint;
alter table audit.file_ledger add column if not exists reject_detail varchar;
alter table audit.file_ledger add column if not exists reject_detail_id varchar;
"""

# Every raw row that broke a rule, with its reason in English (detail) and Indonesian
# (detail_id), and its (pseudonymised) values. A column added later comes last, and is
# added to a warehouse made before it (the loader's version makes its files read again).
QUARANTINE = """
create table if not exists audit.quarantine (
    feed varchar not null,
    table_name varchar not null,
    source_file varchar not null,
    source_row bigint not null,
    source_sha256 varchar not null,
    office_code varchar not null,
    file_period varchar,
    rule varchar not null,
    column_name varchar,
    detail varchar not null,
    raw_values json,
    detail_id varchar
);
alter table audit.quarantine add column if not exists detail_id varchar;
"""

# Every loaded raw row whose free-text value a reference list does not know (a country,
# a case type): the row counts; the warning says so, with the closest known spelling
# (pipelines/lib/ingest/reference.py). Reference columns are never personal.
VALUE_WARNINGS = """
create table if not exists audit.value_warnings (
    feed varchar not null,
    table_name varchar not null,
    source_file varchar not null,
    source_row bigint not null,
    source_sha256 varchar not null,
    office_code varchar not null,
    file_period varchar,
    rule varchar not null,
    column_name varchar not null,
    value varchar not null,
    suggestion varchar,
    reference varchar not null,
    detail varchar not null,
    detail_id varchar not null
);
"""

# The office-years whose raw rows or quarantine changed since the marts were last
# built (year null: every year of the office). dbt rebuilds these slices of its
# incremental models, and empties the table when the build succeeds.
CHANGED_SLICES = """
create table if not exists audit.changed_slices (
    table_name varchar not null,
    office_code varchar not null,
    year integer
);
"""

# The last complete dbt build: the project's fingerprint, written by the Dagster asset
# (pipelines/defs/models/dbt.py, record_build) after a successful build.
DBT_STATE = """
create table if not exists audit.dbt_state (
    project_fingerprint varchar not null,
    run_id varchar not null,
    built_at timestamp not null,
    full_refresh boolean not null,
    slices_rebuilt integer not null
);
"""

# Each raw file's size, times and inode when its SHA-256 was last computed: a file
# whose four are the same is not read again to be compared with the ledger.
RAW_FILE_STATS = """
create table if not exists audit.raw_file_stats (
    table_name varchar not null,
    source_file varchar not null,
    size_bytes bigint not null,
    mtime_ns bigint not null,
    ctime_ns bigint not null,
    inode ubigint not null,
    sha256 varchar not null
);
"""

# One row per publish: which run, when, from which raw files, rows per mart.
PUBLISH_LOG = """
create table if not exists audit.publish_log (
    run_id varchar not null,
    published_at timestamp not null,
    raw_files_sha256 varchar not null,
    raw_files json not null,
    mart_rows json not null
);
"""

# One row per publish into a lake (WAREHOUSE_URL), written after the lake's commit: the
# warehouse knows it feeds a lake, and says so when a refresh leaves the lake behind. Kept
# in the working copy only (pipelines/lib/lake.py, INTERNAL).
LAKE_PUBLISH_LOG = """
create table if not exists audit.lake_publish_log (
    run_id varchar not null,
    published_at timestamp not null,
    lake varchar not null,
    snapshot_id bigint not null,
    tables_written integer not null,
    rows_written bigint not null
);
"""

# The pseudonym key each refresh built the warehouse with, as a fingerprint that tells
# nothing of the key: one row each time it is first recorded, adopted or changed (--rekey);
# the last row is the warehouse's key (pipelines/lib/keyguard.py).
PSEUDONYM_KEY = """
create table if not exists audit.pseudonym_key (
    fingerprint varchar not null,
    run_id varchar not null,
    recorded_at timestamp not null,
    how varchar not null
);
"""

SCHEMAS = """
create schema if not exists audit;
create schema if not exists raw;
"""

# What the ingest writes.
AUDIT_DDL = (
    SCHEMAS
    + FILE_LEDGER
    + QUARANTINE
    + VALUE_WARNINGS
    + CHANGED_SLICES
    + RAW_FILE_STATS
    + PSEUDONYM_KEY
)
# What the publish step writes.
PUBLISH_LOG_DDL = "create schema if not exists audit;\n" + PUBLISH_LOG + LAKE_PUBLISH_LOG
# What dbt's on-run-start hook creates (the macro create_slice_tables, held equal).
SLICE_TABLES_DDL = CHANGED_SLICES + DBT_STATE
