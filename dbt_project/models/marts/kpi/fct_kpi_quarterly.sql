with realisations as (
    select * from {{ ref('int_realisations_quarterly') }}
),

targets as (
    select * from {{ ref('int_targets_quarterly') }}
),

indicators as (
    select * from {{ ref('indicators') }}
),

joined as (
    select
        realisations.office_code,
        realisations.year,
        realisations.quarter,
        indicators.goal_code,
        realisations.indicator_code,
        indicators.unit,
        targets.target,
        realisations.realisation,
        realisations.records,
        realisations.grade
    from realisations
    inner join indicators using (indicator_code)
    left join targets
        on realisations.office_code = targets.office_code
        and realisations.year = targets.year
        and realisations.quarter = targets.quarter
        and realisations.indicator_code = targets.indicator_code
),

final as (
    select
        *,
        {{ achievement(
            "case when unit = '%' then round(realisation, 2) else realisation end",
            "target"
        ) }} as achievement_pct,
        round(achievement_pct, 2) as achievement_pct_2dp
    from joined
)

select * from final
