with realisations as (
    select * from {{ ref('int_realisations_quarterly') }}
),

targets as (
    select * from {{ ref('int_targets_quarterly') }}
),

indicator_years as (
    select * from {{ ref('int_indicator_years') }}
),

joined as (
    select
        realisations.office_code,
        realisations.year,
        realisations.quarter,
        indicator_years.goal_code,
        realisations.indicator_code,
        indicator_years.unit,
        targets.target,
        realisations.realisation,
        realisations.records,
        realisations.grade,
        indicator_years.polarity
    from realisations
    inner join indicator_years
        on realisations.year = indicator_years.year
        and realisations.indicator_code = indicator_years.indicator_code
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
            "target",
            "polarity"
        ) }} as achievement_pct,
        round(achievement_pct, 2) as achievement_pct_2dp
    from joined
)

select * from final
