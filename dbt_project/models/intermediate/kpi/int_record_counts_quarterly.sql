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

{#- A year has records for an indicator when its feed has rows in that year; its quarters
    without rows then count zero (macros/renstra.sql, renstra_record_counts_by). -#}
{{ renstra_record_counts_by('quarter', 4, renstra_indicators()) }}
