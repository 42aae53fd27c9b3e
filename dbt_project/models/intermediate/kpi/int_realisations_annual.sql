{#- The year's realisation of every indicator: from the records where the year has
    them (IKU 1, 3, 4, 5 the year's rows; IKU 2 the reduction over the whole year;
    IKU 6-8 the latest quarter's score), else as the historical feed publishes it. -#}
with quarterly as (
    select * from {{ ref('int_realisations_quarterly') }}
),

history as (
    select * from {{ ref('stg_raw__historical_realisations') }}
),

from_records as (
    select
        office_code,
        year,
        indicator_code,
        case
            when indicator_code in ('IKU1', 'IKU3', 'IKU4', 'IKU5') then sum(realisation)
            when indicator_code = 'IKU2' then arg_max(realisation, quarter)
            else arg_max(realisation, quarter) filter (where realisation is not null)
        end as realisation,
        'records' as realisation_source
    from quarterly
    group by office_code, year, indicator_code
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
    select * from from_records
    union all
    select * from from_history
    where
        not exists (
            select 1 from from_records
            where from_records.office_code = from_history.office_code
                and from_records.year = from_history.year
                and from_records.indicator_code = from_history.indicator_code
        )
)

select * from final
