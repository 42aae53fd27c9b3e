{#- Lampiran III of the LKj: cases per country and case category, spellings mapped to
    one country (Arab Saudi and Saudi Arabia are SA). A spelling the reference lists do
    not know keeps its typed name, no code, and is reported in dq_findings. Incremental
    by office-year: a refresh rebuilds the changed slices of raw.kasus
    (macros/changed_slices.sql); a changed spelling list changes the project's
    fingerprint, and the refresh rebuilds everything. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='changed_slices',
    slices_of={'kasus': none},
    on_schema_change='fail',
) }}

with cases as (
    select * from {{ ref('int_cases_mapped') }}
    {% if is_incremental() -%}
    where {{ changed_slices_filter('kasus') }}
    {%- endif %}
),

final as (
    select
        office_code,
        year,
        country_code,
        country_name,
        case_category,
        count(*) as cases,
        count(*) filter (where is_open) as cases_open
    from cases
    group by all
)

select * from final
