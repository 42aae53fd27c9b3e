-- Question: how far had each office absorbed its budget by the end of each month?
--
-- The monthly realisation of all activities, summed from January, against the DIPA
-- total after the automatic adjustment (marts.fct_office_annual.budget_ceiling): the
-- same base as the LKj's yearly absorption (96,24 % for BP3MI Jawa Tengah in 2024).
with realisations as (
    select * from staging.stg_raw__budget_realisations
),

office as (
    select * from marts.fct_office_annual
    where target_basis = 'PK'
),

monthly as (
    select office_code, year, month, sum(realisation) as realisation
    from realisations
    group by all
),

final as (
    select
        monthly.office_code,
        monthly.year,
        monthly.month,
        monthly.realisation,
        sum(monthly.realisation) over (
            partition by monthly.office_code, monthly.year order by monthly.month
        ) as realisation_to_date,
        office.budget_ceiling,
        round(realisation_to_date / office.budget_ceiling * 100, 2) as absorption_to_date_pct
    from monthly
    inner join office using (office_code, year)
)

select * from final
order by office_code, year, month
