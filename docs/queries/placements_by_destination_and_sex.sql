-- Question: how many workers did each office place in each destination country, by sex,
-- this year (the office's latest year of placement records) against last year?
--
-- Destination and sex are recorded per worker only in years with record-level placement
-- files (staging.stg_raw__placements); a year before them has no breakdown, and its
-- column is empty. The last row of each office compares the year totals of IKU 1
-- (marts.fct_kpi_annual), which exist for earlier years too (from the historical feed).
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

latest as (
    select office_code, max(year) as year from placements
    group by all
),

by_country as (
    select
        placements.office_code,
        placements.year,
        coalesce(countries.country_name, placements.destination_country_as_typed)
            as destination_country,
        placements.sex,
        count(*) as placements
    from placements
    left join countries on placements.destination_country_key = countries.country_spelling
    group by all
),

compared as (
    select
        latest.office_code,
        latest.year,
        current_year.destination_country,
        current_year.sex,
        current_year.placements as placements_this_year,
        previous_year.placements as placements_last_year
    from latest
    inner join by_country as current_year
        on latest.office_code = current_year.office_code
        and latest.year = current_year.year
    left join by_country as previous_year
        on current_year.office_code = previous_year.office_code
        and current_year.year - 1 = previous_year.year
        and current_year.destination_country = previous_year.destination_country
        and current_year.sex = previous_year.sex
),

totals as (
    select
        latest.office_code,
        latest.year,
        'Jumlah (IKU 1)' as destination_country,
        null as sex,
        current_year.realisation::bigint as placements_this_year,
        previous_year.realisation::bigint as placements_last_year
    from latest
    inner join kpi as current_year
        on latest.office_code = current_year.office_code
        and latest.year = current_year.year
    left join kpi as previous_year
        on latest.office_code = previous_year.office_code
        and latest.year - 1 = previous_year.year
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
