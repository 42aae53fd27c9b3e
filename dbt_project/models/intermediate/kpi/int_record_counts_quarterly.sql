{#- Rows of the record-level feeds per office, year, quarter and indicator. A table,
    incremental by office-year: a refresh recounts the changed slices of each feed
    (macros/changed_slices.sql), and the views and marts above it read a few thousand
    rows instead of every record. -#}
{%- set feeds = [
    ('IKU1', 'penempatan', 'stg_raw__placements'),
    ('IKU2', 'kasus', 'stg_raw__cases'),
    ('IKU3', 'pencegahan', 'stg_raw__preventions'),
    ('IKU4', 'pemulangan', 'stg_raw__repatriations'),
    ('IKU5', 'pemberdayaan', 'stg_raw__empowerment_participants'),
] %}
{%- set slices_of = {} %}
{%- for indicator, raw_table, _ in feeds %}
{%- do slices_of.update({raw_table: "indicator_code = '" ~ indicator ~ "'"}) %}
{%- endfor %}
{{ config(
    materialized='incremental',
    incremental_strategy='changed_slices',
    slices_of=slices_of,
    on_schema_change='fail',
) }}

with counted as (
    {%- for indicator, raw_table, staging_model in feeds %}
    select office_code, year, quarter, '{{ indicator }}' as indicator_code, count(*) as n
    from {{ ref(staging_model) }}
    {%- if is_incremental() %}
    where {{ changed_slices_filter(raw_table) }}
    {%- endif %}
    group by all
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

{# A year has records for an indicator when its feed has rows in that year; its
    quarters without rows then count zero. -#}
record_years as (
    select distinct office_code, year, indicator_code from counted
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
        coalesce(counted.n, 0) as records
    from record_years
    cross join quarters
    left join counted
        on record_years.office_code = counted.office_code
        and record_years.year = counted.year
        and record_years.indicator_code = counted.indicator_code
        and quarters.quarter = counted.quarter
)

select * from final
