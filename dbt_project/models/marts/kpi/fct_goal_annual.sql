with kpis as (
    select * from {{ ref('fct_kpi_annual') }}
),

goals as (
    select * from {{ ref('goals') }}
),

ceilings as (
    select * from {{ ref('stg_raw__budget_ceilings') }}
),

realised as (
    select * from {{ ref('stg_raw__budget_realisations') }}
),

achievement as (
    select
        office_code,
        year,
        goal_code,
        target_basis,
        {{ stable_avg("achievement_pct") }} as avg_achievement_pct,
        {{ stable_avg("achievement_pct_lkj") }} as avg_achievement_pct_lkj,
        count(achievement_pct) as indicators_averaged
    from kpis
    group by all
),

activity_realisation as (
    select office_code, year, activity_code, sum(realisation) as realisation
    from realised
    group by all
),

budget as (
    select
        ceilings.office_code,
        ceilings.year,
        ceilings.goal_code,
        sum(ceilings.ceiling_after_adjustment) as budget_ceiling,
        coalesce(sum(activity_realisation.realisation), 0) as budget_realisation
    from ceilings
    left join activity_realisation
        on ceilings.office_code = activity_realisation.office_code
        and ceilings.year = activity_realisation.year
        and ceilings.activity_code = activity_realisation.activity_code
    group by all
),

final as (
    select
        achievement.office_code,
        achievement.year,
        achievement.goal_code,
        goals.goal_name,
        achievement.target_basis,
        achievement.avg_achievement_pct,
        round(achievement.avg_achievement_pct, 2) as avg_achievement_pct_2dp,
        achievement.avg_achievement_pct_lkj,
        achievement.indicators_averaged,
        budget.budget_ceiling::decimal(18, 2) as budget_ceiling,
        budget.budget_realisation::decimal(18, 2) as budget_realisation,
        {{ achievement('budget.budget_realisation::double', 'budget.budget_ceiling::double') }}
            as budget_absorption_pct,
        round(budget_absorption_pct, 2) as budget_absorption_pct_2dp
    from achievement
    inner join goals
        on achievement.goal_code = goals.goal_code
        and achievement.year between goals.first_year and goals.last_year
    left join budget
        on achievement.office_code = budget.office_code
        and achievement.year = budget.year
        and achievement.goal_code = budget.goal_code
)

select * from final
