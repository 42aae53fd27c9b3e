{#- The year's realisation of every indicator: from the records where the year has
    them, by the indicator's kind in that year (a count or sum of own quarters: their
    sum; a ratio of own quarters: the year's rows; a cumulative count, sum or ratio and
    a reduction: the fourth quarter's, which covers the whole year; a score: the latest
    quarter scored), else as the historical feed publishes it. -#}
with quarterly as (
    select * from {{ ref('int_realisations_quarterly') }}
),

indicator_years as (
    select * from {{ ref('int_indicator_years') }}
),

{# A ratio of own quarters: the year's numerator per 100 of the year's rows. -#}
year_ratios as (
    select
        counts.office_code, counts.year, counts.indicator_code,
        sum(counts.amount) / nullif(sum(counts.records), 0) * 100 as realisation
    from {{ ref('int_record_counts_quarterly') }} as counts
    inner join indicator_years using (year, indicator_code)
    where indicator_years.kind = 'ratio' and indicator_years.quarters = 'own'
    group by all
),

history as (
    select * from {{ ref('stg_raw__historical_realisations') }}
),

from_records as (
    select
        quarterly.office_code,
        quarterly.year,
        quarterly.indicator_code,
        case
            when indicator_years.kind in ('count', 'sum') and indicator_years.quarters = 'own'
                then sum(quarterly.realisation)
            when indicator_years.kind = 'ratio' and indicator_years.quarters = 'own'
                then any_value(year_ratios.realisation)
            when indicator_years.kind = 'score'
                then arg_max(quarterly.realisation, quarterly.quarter)
                    filter (where quarterly.realisation is not null)
            else arg_max(quarterly.realisation, quarterly.quarter)
        end as realisation,
        'records' as realisation_source
    from quarterly
    inner join indicator_years using (year, indicator_code)
    left join year_ratios using (office_code, year, indicator_code)
    group by
        quarterly.office_code, quarterly.year, quarterly.indicator_code,
        indicator_years.kind, indicator_years.quarters
),

from_history as (
    select
        office_code,
        year,
        indicator_code,
        realisation,
        'historical' as realisation_source
    from history
),

final as (
    {{ records_else_history('from_records', 'from_history') }}
)

select * from final
