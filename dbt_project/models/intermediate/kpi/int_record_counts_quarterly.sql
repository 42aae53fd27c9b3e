{#- Rows of the record-level feeds per office, year and quarter, one column per indicator. -#}
with placements as (
    select office_code, year, quarter, 'IKU1' as indicator_code, count(*) as n
    from {{ ref('stg_raw__placements') }}
    group by all
),

cases as (
    select office_code, year, quarter, 'IKU2' as indicator_code, count(*) as n
    from {{ ref('stg_raw__cases') }}
    group by all
),

preventions as (
    select office_code, year, quarter, 'IKU3' as indicator_code, count(*) as n
    from {{ ref('stg_raw__preventions') }}
    group by all
),

repatriations as (
    select office_code, year, quarter, 'IKU4' as indicator_code, count(*) as n
    from {{ ref('stg_raw__repatriations') }}
    group by all
),

participants as (
    select office_code, year, quarter, 'IKU5' as indicator_code, count(*) as n
    from {{ ref('stg_raw__empowerment_participants') }}
    group by all
),

counted as (
    select * from placements
    union all
    select * from cases
    union all
    select * from preventions
    union all
    select * from repatriations
    union all
    select * from participants
),

{#- A year has records for an indicator when its feed has rows in that year; its
    quarters without rows then count zero. -#}
record_years as (
    select distinct office_code, year, indicator_code from counted
),

quarters as (
    select unnest(range(1, 5)) as quarter
),

final as (
    select
        record_years.office_code,
        record_years.year,
        quarters.quarter,
        record_years.indicator_code,
        coalesce(counted.n, 0) as records
    from record_years
    cross join quarters
    left join counted
        on record_years.office_code = counted.office_code
        and record_years.year = counted.year
        and record_years.indicator_code = counted.indicator_code
        and quarters.quarter = counted.quarter
)

select * from final
