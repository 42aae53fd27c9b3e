{#- Every figure of a published LKj (seed published_figures) beside the value the
    warehouse computes for the same thing, and whether the two agree within 0.01. -#}
with published_all as (
    select * from {{ ref('published_figures') }}
),

kpi_annual as (
    select * from {{ ref('fct_kpi_annual') }}
),

kpi_quarterly as (
    select * from {{ ref('fct_kpi_quarterly') }}
),

goals as (
    select * from {{ ref('fct_goal_annual') }}
),

offices as (
    select * from {{ ref('fct_office_annual') }}
),

placements as (
    select * from {{ ref('fct_placements_monthly') }}
),

{# Only the office-years this warehouse holds: another office's report is not ours. -#}
published as (
    select published_all.*
    from published_all
    where
        exists (
            select 1 from kpi_annual
            where kpi_annual.office_code = published_all.office_code
                and kpi_annual.year = published_all.year
        )
),

{# The warehouse's figures, in the published figures' vocabulary of measures. The
   union's later branches take their column names from the first (AL03 off). LT02 off:
   sqlfluff 4.5 wants a line break before `lateral` in `join lateral (...)` when another
   clause follows it (sqlfluff issue 8345). -#}
warehouse as (
    -- noqa: disable=AL03,LT02
    select
        kpi_annual.office_code, kpi_annual.year, measures.measure, kpi_annual.indicator_code,
        null as goal_code, null as target_basis, null::integer as quarter,
        null::integer as month, null as cell, measures.value
    from kpi_annual
    cross join lateral (
        select 'kpi_annual_realisation' as measure, kpi_annual.realisation as value
        where kpi_annual.target_basis = 'PK'
    ) as measures
    union all
    select
        kpi_annual.office_code, kpi_annual.year, measures.measure, kpi_annual.indicator_code,
        null, kpi_annual.target_basis, null, null, null, measures.value
    from kpi_annual
    cross join lateral (
        select 'kpi_annual_target' as measure, kpi_annual.target as value
        union all
        select 'kpi_annual_achievement', kpi_annual.achievement_pct
    ) as measures
    union all
    select
        kpi_quarterly.office_code, kpi_quarterly.year, measures.measure,
        kpi_quarterly.indicator_code, null, null, kpi_quarterly.quarter, null, null,
        measures.value
    from kpi_quarterly
    cross join lateral (
        select 'kpi_quarterly_realisation' as measure, kpi_quarterly.realisation as value
        union all
        select 'kpi_quarterly_target', kpi_quarterly.target
    ) as measures
    union all
    select
        office_code, year, 'goal_avg_achievement', null, goal_code, target_basis,
        null, null, null, avg_achievement_pct
    from goals
    union all
    select
        goals.office_code, goals.year, measures.measure, null, goals.goal_code, null, null,
        null, null, measures.value
    from goals
    cross join lateral (
        select 'goal_budget_ceiling' as measure, goals.budget_ceiling::double as value
        union all
        select 'goal_budget_realisation', goals.budget_realisation::double
        union all
        select 'goal_budget_absorption', goals.budget_absorption_pct
    ) as measures
    where goals.target_basis = 'PK'
    union all
    select
        office_code, year, 'office_avg_achievement', null, null, target_basis,
        null, null, null, avg_achievement_pct
    from offices
    union all
    select
        offices.office_code, offices.year, measures.measure, null, null, null, null, null,
        null, measures.value
    from offices
    cross join lateral (
        select
            'office_budget_ceiling_initial' as measure,
            offices.budget_ceiling_initial::double as value
        union all
        select 'office_budget_ceiling', offices.budget_ceiling::double
        union all
        select 'office_budget_realisation', offices.budget_realisation::double
        union all
        select 'office_budget_absorption', offices.budget_absorption_pct
    ) as measures
    where offices.target_basis = 'PK'
    union all
    select
        office_code, year, 'placements_monthly_total', null, null, null, null, month, null,
        sum(placements)
    from placements
    group by all
    union all
    select
        office_code, year, 'placements_annual_cell', null, null, null, null, null,
        concat_ws(' | ', unit_type, scheme_group, sector, sex),
        sum(placements)
    from placements
    group by all
    union all
    select
        office_code, year, 'placements_annual_cell', null, null, null, null, null,
        concat_ws(' | ', 'TOTAL', scheme_group, sector, sex),
        sum(placements)
    from placements
    group by all
    union all
    select
        office_code, year, 'placements_annual_total', null, null, null, null, null, null,
        sum(placements)
    from placements
    group by all
    -- noqa: enable=AL03,LT02
),

{# A sum over a span of years (cell 'YYYY-YYYY'), as Tabel 9 prints one. -#}
spans as (
    select
        published.office_code,
        published.year,
        published.measure,
        published.indicator_code,
        published.cell,
        sum(kpi_annual.realisation) as value
    from published
    inner join kpi_annual
        on published.office_code = kpi_annual.office_code
        and published.indicator_code = kpi_annual.indicator_code
        and kpi_annual.target_basis = 'PK'
        and kpi_annual.year between split_part(published.cell, '-', 1)::integer
        and split_part(published.cell, '-', 2)::integer
    where published.measure = 'kpi_realisation_sum'
    group by all
),

compared as (
    select
        published.*,
        coalesce(warehouse.value, spans.value) as warehouse_value
    from published
    left join warehouse
        on published.office_code = warehouse.office_code
        and published.year = warehouse.year
        and published.measure = warehouse.measure
        and published.indicator_code is not distinct from warehouse.indicator_code
        and published.goal_code is not distinct from warehouse.goal_code
        and published.target_basis is not distinct from warehouse.target_basis
        and published.quarter is not distinct from warehouse.quarter
        and published.month is not distinct from warehouse.month
        and published.cell is not distinct from warehouse.cell
    left join spans
        on published.office_code = spans.office_code
        and published.year = spans.year
        and published.measure = spans.measure
        and published.indicator_code = spans.indicator_code
        and published.cell = spans.cell
),

final as (
    select
        office_code,
        year,
        source_table,
        measure,
        indicator_code,
        goal_code,
        target_basis,
        quarter,
        month,
        cell,
        published_value,
        warehouse_value,
        warehouse_value - published_value as difference,
        coalesce(abs(warehouse_value - published_value) <= 0.01 + 1e-9, false) as agrees,
        case
            when figure_kind = 'total' then 'published_total_mismatch'
            else 'published_vs_records'
        end as check_name,
        concat_ws(
            ' / ', source_table, measure, indicator_code, goal_code, target_basis,
            'Q' || quarter, 'month ' || month, cell
        ) as subject,
        'warning' as severity,
        case
            when warehouse_value is null
                then 'The warehouse has no value for this published figure.'
            when figure_kind = 'total'
                then 'A total printed in the LKj differs from the sum of its parts as the '
                    || 'records give them.'
            else 'The LKj prints another figure than the warehouse computes from its inputs.'
        end || coalesce(' (' || nullif(note, '') || ')', '') as detail,
        case
            when warehouse_value is null
                then 'Gudang data tidak punya nilai untuk angka yang dipublikasikan ini.'
            when figure_kind = 'total'
                then 'Jumlah yang tercetak di LKj berbeda dari jumlah rinciannya menurut '
                    || 'data rinci.'
            else 'LKj mencetak angka lain daripada yang dihitung gudang data dari masukannya.'
        end || coalesce(' (' || nullif(note_id, '') || ')', '') as detail_id
    from compared
)

select * from final
