{#- The records of every counted indicator per office, year and month, counted as
    int_record_counts_quarterly counts them per quarter (macros/renstra.sql,
    renstra_record_counts): what the progress during the year adds up from 1 January to
    the last complete month (marts.fct_indicator_progress). A year has records for an
    indicator when its feed has rows in that year; its months without rows then count
    zero. -#}
with counted as (
    {{ renstra_record_counts('month', renstra_indicators()) }}
),

record_years as (
    select distinct office_code, year, indicator_code, feed from counted
),

months as (
    select unnest(range(1, 13)) as month
),

final as (
    select
        record_years.office_code,
        record_years.year,
        months.month,
        record_years.indicator_code,
        record_years.feed,
        coalesce(counted.records, 0) as records,
        coalesce(counted.amount, 0) as amount
    from record_years
    cross join months
    left join counted
        on record_years.office_code = counted.office_code
        and record_years.year = counted.year
        and record_years.indicator_code = counted.indicator_code
        and months.month = counted.month
)

select * from final
