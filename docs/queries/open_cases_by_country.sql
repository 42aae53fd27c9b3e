-- Question: in which countries are the complaint cases that are still open (status
-- Proses at export), for each office's latest year of case records?
--
-- Countries as the warehouse maps their spellings (reference.country_spellings); a
-- spelling not yet mapped shows as typed, with no country code.
with cases as (
    select * from marts.fct_cases_annual
),

latest as (
    select office_code, max(year) as year from cases
    group by all
),

by_country as (
    select
        cases.office_code,
        cases.year,
        cases.country_code,
        cases.country_name,
        sum(cases.cases) as cases,
        sum(cases.cases_open) as cases_open
    from cases
    inner join latest using (office_code, year)
    group by all
),

final as (
    select
        *,
        round(cases_open / cases * 100, 2) as open_pct
    from by_country
)

select * from final
order by office_code asc, cases_open desc, cases desc, country_name asc
