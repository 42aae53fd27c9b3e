with kpis as (
    select * from {{ ref('fct_kpi_annual') }}
),

dipa as (
    select * from {{ ref('stg_raw__dipa_totals') }}
),

realised as (
    select office_code, year, sum(realisation) as budget_realisation
    from {{ ref('stg_raw__budget_realisations') }}
    group by all
),

achievement as (
    select
        office_code,
        year,
        target_basis,
        {{ stable_avg("achievement_pct") }} as avg_achievement_pct,
        {{ stable_avg("achievement_pct_lkj") }} as avg_achievement_pct_lkj,
        count(achievement_pct) as indicators_averaged
    from kpis
    group by all
),

final as (
    select
        achievement.office_code,
        achievement.year,
        achievement.target_basis,
        achievement.avg_achievement_pct,
        round(achievement.avg_achievement_pct, 2) as avg_achievement_pct_2dp,
        achievement.avg_achievement_pct_lkj,
        achievement.indicators_averaged,
        dipa.ceiling_initial_total::decimal(18, 2) as budget_ceiling_initial,
        dipa.ceiling_after_adjustment_total::decimal(18, 2) as budget_ceiling,
        realised.budget_realisation::decimal(18, 2) as budget_realisation,
        {{ achievement(
            'realised.budget_realisation::double',
            'dipa.ceiling_after_adjustment_total::double'
        ) }} as budget_absorption_pct,
        round(budget_absorption_pct, 2) as budget_absorption_pct_2dp
    from achievement
    left join dipa
        on achievement.office_code = dipa.office_code
        and achievement.year = dipa.year
    left join realised
        on achievement.office_code = realised.office_code
        and achievement.year = realised.year
)

select * from final
