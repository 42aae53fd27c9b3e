{#- Every year of every Renstra period, with the indicators of that year: what a code
    means in a year, and how its realisation is computed. -#}
with indicators as (
    select * from {{ ref('indicators') }}
),

final as (
    select
        years.year,
        indicators.renstra_period,
        indicators.indicator_code,
        indicators.goal_code,
        indicators.indicator_name,
        indicators.unit,
        indicators.polarity,
        indicators.kind,
        indicators.quarters,
        indicators.feed,
        indicators.score_components
    from indicators
    cross join lateral (
        select unnest(range(indicators.first_year, indicators.last_year + 1)) as year
    ) as years
)

select * from final
