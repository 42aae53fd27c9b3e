-- Question: how many workers did each office place in each destination country, by sex,
-- this year (the office's latest year of placement records) against last year?
--
-- Destination and sex are recorded per worker only in years with record-level placement
-- files (staging.stg_raw__placements); a year before them has no breakdown, and its
-- column is empty. The last row of each office compares the year totals of IKU 1
-- (marts.fct_kpi_annual), which exist for earlier years too (from the historical feed).
--
-- A provisional year (marts.fct_office_year_status: not every file in yet) is compared
-- with the same months of last year, never with the whole of it: months_compared is the
-- number of months counted in both years (12 for a complete year; 3 for "Sementara, data
-- s.d. Maret 2025"), and last year's total is then counted from its records (empty where
-- it has none). docs/warehouse.md, "What has arrived".
with placements as (
    select * from staging.stg_raw__placements
),

countries as (
    select * from reference.country_spellings
),

kpi as (
    select * from marts.fct_kpi_annual
    where indicator_code = 'IKU1' and target_basis = 'PK'
),

status as (
    select * from marts.fct_office_year_status
),

latest as (
    select
        placements.office_code,
        max(placements.year) as year
    from placements
    group by all
),

compared_months as (
    select
        latest.office_code,
        latest.year,
        if(coalesce(status.is_complete, true), 12, status.months_complete) as months_compared
    from latest
    left join status
        on latest.office_code = status.office_code
        and latest.year = status.year
),

counted as (
    select placements.*
    from placements
    inner join compared_months
        on placements.office_code = compared_months.office_code
        and placements.month <= compared_months.months_compared
),

by_country as (
    select
        counted.office_code,
        counted.year,
        coalesce(countries.country_name, counted.destination_country_as_typed)
            as destination_country,
        counted.sex,
        count(*) as placements
    from counted
    left join countries on counted.destination_country_key = countries.country_spelling
    group by all
),

by_year as (
    select
        office_code,
        year,
        count(*) as placements
    from counted
    group by all
),

compared as (
    select
        compared_months.office_code,
        compared_months.year,
        compared_months.months_compared,
        current_year.destination_country,
        current_year.sex,
        current_year.placements as placements_this_year,
        previous_year.placements as placements_last_year
    from compared_months
    inner join by_country as current_year
        on compared_months.office_code = current_year.office_code
        and compared_months.year = current_year.year
    left join by_country as previous_year
        on current_year.office_code = previous_year.office_code
        and current_year.year - 1 = previous_year.year
        and current_year.destination_country = previous_year.destination_country
        and current_year.sex = previous_year.sex
),

totals as (
    select
        compared_months.office_code,
        compared_months.year,
        compared_months.months_compared,
        'Jumlah (IKU 1)' as destination_country,
        null as sex,
        if(
            compared_months.months_compared = 12,
            current_kpi.realisation::bigint,
            current_records.placements
        ) as placements_this_year,
        if(
            compared_months.months_compared = 12,
            previous_kpi.realisation::bigint,
            previous_records.placements
        ) as placements_last_year
    from compared_months
    left join kpi as current_kpi
        on compared_months.office_code = current_kpi.office_code
        and compared_months.year = current_kpi.year
    left join kpi as previous_kpi
        on compared_months.office_code = previous_kpi.office_code
        and compared_months.year - 1 = previous_kpi.year
    left join by_year as current_records
        on compared_months.office_code = current_records.office_code
        and compared_months.year = current_records.year
    left join by_year as previous_records
        on compared_months.office_code = previous_records.office_code
        and compared_months.year - 1 = previous_records.year
    where current_kpi.year is not null or current_records.year is not null
),

final as (
    select
        *,
        placements_this_year - placements_last_year as change,
        0 as sort_order
    from compared
    union all
    select
        *,
        placements_this_year - placements_last_year as change,
        1 as sort_order
    from totals
)

select * exclude (sort_order)
from final
order by
    office_code asc, sort_order asc, placements_this_year desc, destination_country asc, sex asc
