{#- Lampiran II of the LKj: placements per month, kind of service point, scheme group,
    sector and sex, every cell present (zero where nobody was placed). Incremental by
    office-year: a refresh rebuilds the changed slices of raw.penempatan
    (macros/changed_slices.sql). -#}
{{ config(
    materialized='incremental',
    incremental_strategy='changed_slices',
    slices_of={'penempatan': none},
    on_schema_change='fail',
) }}

with placements as (
    select * from {{ ref('stg_raw__placements') }}
    {% if is_incremental() -%}
    where {{ changed_slices_filter('penempatan') }}
    {%- endif %}
),

months as (
    select distinct office_code, year, month from placements
),

cells as (
    select
        unit_types.unit_type,
        scheme_groups.scheme_group,
        sectors.sector,
        sexes.sex
    from (select unnest(['BP3MI/P4MI', 'LTSA/MPP']) as unit_type) as unit_types
    cross join
        (select unnest(['TKI Mandiri / Pelaut', 'TKI Reguler']) as scheme_group) as scheme_groups
    cross join (select unnest(['Formal', 'Informal']) as sector) as sectors
    cross join (select unnest(['L', 'P']) as sex) as sexes
),

counted as (
    select office_code, year, month, unit_type, scheme_group, sector, sex, count(*) as n
    from placements
    group by all
),

final as (
    select
        months.office_code,
        months.year,
        months.month,
        cells.unit_type,
        cells.scheme_group,
        cells.sector,
        cells.sex,
        coalesce(counted.n, 0) as placements
    from months
    cross join cells
    left join counted
        on months.office_code = counted.office_code
        and months.year = counted.year
        and months.month = counted.month
        and cells.unit_type = counted.unit_type
        and cells.scheme_group = counted.scheme_group
        and cells.sector = counted.sector
        and cells.sex = counted.sex
)

select * from final
