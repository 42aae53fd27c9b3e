{#- Complaint cases received per office and year: from the records where the year has
    them, else the count the historical feed gives. IKU 2 compares each year with the
    one before. -#}
with counts as (
    select * from {{ ref('int_record_counts_quarterly') }}
    where indicator_code = 'IKU2'
),

from_records as (
    select office_code, year, sum(records) as cases_received, 'records' as counted_from
    from counts
    group by all
),

from_history as (
    select office_code, year, cases_received, 'historical' as counted_from
    from {{ ref('stg_raw__historical_realisations') }}
    where indicator_code = 'IKU2' and cases_received is not null
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
        )
)

select * from final
