{#- Office-year slices: what an incremental refresh rebuilds.

    The ingest lists in audit.changed_slices every office-year whose rows in a raw table
    (or in the quarantine) may have changed since the marts were last built; year null
    means every year of that office. The models that read record-level rows are
    incremental (strategy 'changed_slices' below): they delete the changed slices and
    insert them again, recomputed from the raw rows. A slice is identified in the raw
    rows by the year of the record's date and in the ingest by the year of the file's
    period; the two agree because the ingest quarantines rows dated outside their
    file's period (singular test record_years_match_file_periods).

    "The changed slices" are everything on a --full-refresh, and whenever the warehouse
    holds no record of a complete build (audit.dbt_state, written by the Dagster asset
    after a successful build): then no slice is known to be up to date.
    docs/performance.md, "dbt: what a refresh rebuilds". -#}


{#- Run by the on-run-start hook, so that dbt never fails on a fresh file. The audit
    tables are defined in pipelines/lib/audit.py (SLICE_TABLES_DDL); Jinja cannot read
    it, so tests/test_audit.py holds these statements equal to it. The Dagster asset
    (pipelines/defs/models/dbt.py, record_build) writes audit.dbt_state's one row. -#}
{% macro create_slice_tables() %}
    create schema if not exists audit;
    create table if not exists audit.changed_slices (
        table_name varchar not null,
        office_code varchar not null,
        year integer
    );
    create table if not exists audit.dbt_state (
        project_fingerprint varchar not null,
        run_id varchar not null,
        built_at timestamp not null,
        full_refresh boolean not null,
        slices_rebuilt integer not null
    )
{% endmacro %}


{#- True when this run may rebuild (and test) only the changed slices. -#}
{% macro is_slice_run() %}
    {%- if flags.FULL_REFRESH or not execute -%}
        {{ return(false) }}
    {%- endif -%}
    {#- The hook creates the table, but `dbt compile` and `dbt docs generate` run no hooks. -#}
    {%- set exists = run_query(
        "select count(*) from information_schema.tables "
        ~ "where table_schema = 'audit' and table_name = 'dbt_state'"
    ) -%}
    {%- if exists.columns[0].values()[0] == 0 -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set builds = run_query("select count(*) from audit.dbt_state") -%}
    {{ return(builds.columns[0].values()[0] > 0) }}
{% endmacro %}


{#- A boolean SQL expression over a relation with office and year columns: true for the
    rows of the changed slices of raw table `table_name`. year_column none: whole
    offices (every year of an office with a changed slice). The slices are written out
    as literals, so that DuckDB skips the row groups of other offices. -#}
{% macro changed_slices_filter(table_name, office_column='office_code', year_column='year') %}
    {%- if not is_slice_run() -%}
        {{- return('true') -}}
    {%- endif -%}
    {%- set rows = run_query(
        "select distinct office_code, year from audit.changed_slices where table_name = '"
        ~ table_name ~ "' order by office_code, year nulls first"
    ) -%}
    {%- set whole_offices = [] -%}
    {%- set years = {} -%}
    {%- for office, year in rows.rows -%}
        {%- set quoted = "'" ~ (office | replace("'", "''")) ~ "'" -%}
        {%- if year is none or year_column is none -%}
            {%- if quoted not in whole_offices -%}
                {%- do whole_offices.append(quoted) -%}
            {%- endif -%}
        {%- elif quoted not in whole_offices -%}
            {%- do years.setdefault(quoted, []).append(year | int) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set terms = [] -%}
    {%- if whole_offices -%}
        {%- do terms.append(office_column ~ ' in (' ~ whole_offices | join(', ') ~ ')') -%}
    {%- endif -%}
    {%- for office, office_years in years.items() if office not in whole_offices -%}
        {%- do terms.append(
            '(' ~ office_column ~ ' = ' ~ office ~ ' and ' ~ year_column ~ ' in ('
            ~ office_years | join(', ') ~ '))'
        ) -%}
    {%- endfor -%}
    {{- return('(' ~ (terms | join(' or ') if terms else 'false') ~ ')') -}}
{% endmacro %}


{#- The rows of an incremental model that come from changed slices: config
    slices_of = {raw table: the condition that marks the model's rows from that table,
    or none for all of them}. -#}
{% macro changed_rows_filter(slices_of) %}
    {%- set terms = [] -%}
    {%- for table_name, condition in slices_of.items() -%}
        {%- set slices = changed_slices_filter(table_name) -%}
        {%- do terms.append('(' ~ (condition ~ ' and ' if condition else '') ~ slices ~ ')') -%}
    {%- endfor -%}
    {{- return('(' ~ terms | join(' or ') ~ ')') -}}
{% endmacro %}


{#- Incremental strategy 'changed_slices': delete the rows of the changed slices, then
    insert what the model computed for them (its SQL reads only those slices when
    is_incremental()). A slice that lost all its rows stays empty, which dbt's
    delete+insert (it deletes only the keys it inserts) would not do. Delete and insert
    run in the model's transaction. -#}
{% macro get_incremental_changed_slices_sql(arg_dict) %}
    {%- set slices_of = config.require('slices_of') -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ arg_dict['target_relation'] }}
    where {{ changed_rows_filter(slices_of) }};

    insert into {{ arg_dict['target_relation'] }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{% endmacro %}
