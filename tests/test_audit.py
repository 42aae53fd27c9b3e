"""The audit tables are defined once (pipelines/lib/audit.py); dbt's copy is held equal."""

from __future__ import annotations

import re

import duckdb

from pipelines.lib import audit
from tests.conftest import PROJECT_ROOT


def statements(sql: str) -> list[str]:
    """SQL statements without comments, white space folded, in lower case."""
    sql = re.sub(r"--[^\n]*", "", sql)
    return [" ".join(s.split()).lower() for s in sql.split(";") if s.strip()]


def test_the_dbt_hook_creates_the_slice_tables_as_audit_py_defines_them() -> None:
    macro = (PROJECT_ROOT / "dbt_project" / "macros" / "changed_slices.sql").read_text()
    body = macro.split("{% macro create_slice_tables() %}", 1)[1].split("{% endmacro %}")[0]
    hook = [s for s in statements(body) if not s.startswith("create schema")]
    assert hook == statements(audit.SLICE_TABLES_DDL)


def test_the_ddl_creates_every_audit_table_once_and_again_without_harm() -> None:
    with duckdb.connect() as con:
        for ddl in (audit.AUDIT_DDL, audit.PUBLISH_LOG_DDL, audit.SLICE_TABLES_DDL) * 2:
            con.execute(ddl)
        tables = con.execute(
            "select table_name from duckdb_tables() where schema_name = 'audit' order by 1"
        ).fetchall()
    assert [t for (t,) in tables] == [
        "changed_slices",
        "dbt_state",
        "file_ledger",
        "lake_publish_log",
        "pseudonym_key",
        "publish_log",
        "quarantine",
        "raw_file_stats",
        "value_warnings",
    ]


def test_no_other_module_creates_an_audit_table() -> None:
    """The held duplicates (audit.held_<table>) are made from each raw table's own columns."""
    found = [
        path.relative_to(PROJECT_ROOT).as_posix()
        for path in (PROJECT_ROOT / "pipelines").rglob("*.py")
        if re.search(r"create table if not exists audit\.", path.read_text())
    ]
    assert found == ["pipelines/lib/audit.py"]
