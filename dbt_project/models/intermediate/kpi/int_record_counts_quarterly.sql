{#- The records of every counted indicator per office, year and quarter, as the
    declaration (var `renstra`) says to count them: the rows of the indicator's feed in
    the years of its period that match its `where` (records), and what its formula adds
    up (amount: the rows matching the numerator of a ratio, the column of a sum, else
    the rows again; macros/renstra.sql, renstra_record_counts). A table, incremental by
    office-year: a refresh recounts the changed slices of each feed
    (macros/changed_slices.sql), and the views and marts above it read a few thousand
    rows instead of every record. -#}
{%- set slices_of = {} %}
{%- for feed in renstra_record_feeds() %}
{%- do slices_of.update({feed: "feed = " ~ sql_literal(feed)}) %}
{%- endfor %}
{{ config(
    materialized='incremental',
    incremental_strategy='changed_slices',
    slices_of=slices_of,
    on_schema_change='fail',
) }}

with counted as (
    {{ renstra_record_counts('quarter', renstra_indicators()) }}
),

{# A year has records for an indicator when its feed has rows in that year; its
    quarters without rows then count zero. -#}
record_years as (
    select distinct office_code, year, indicator_code, feed from counted
),

quarters as (
    select unnest(range(1, 5)) as quarter
),

final as (
    select
        record_years.office_code,
        record_years.year,
        quarters.quarter,
        record_years.indicator_code,
        record_years.feed,
        coalesce(counted.records, 0) as records,
        coalesce(counted.amount, 0) as amount
    from record_years
    cross join quarters
    left join counted
        on record_years.office_code = counted.office_code
        and record_years.year = counted.year
        and record_years.indicator_code = counted.indicator_code
        and quarters.quarter = counted.quarter
)

select * from final
