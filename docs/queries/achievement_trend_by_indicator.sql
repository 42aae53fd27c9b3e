-- Question: how has each indicator's achievement moved from year to year, against the
-- signed performance agreement (PK)?
--
-- Achievement is shown as the LKj prints it (cut to two decimals); years before the
-- record-level files take their realisation from the historical feed
-- (realisation_source). docs/warehouse.md says how each indicator is computed.
-- data_status is the office-year's (marts.fct_office_year_status: "Lengkap", or
-- "Sementara, data s.d. Maret 2025" while not every file is in; empty for a year of the
-- historical feed only). A provisional year's achievement is of part of the year against
-- the whole year's target: it has no change against the year before.
with kpi as (
    select * from marts.fct_kpi_annual
    where target_basis = 'PK'
),

status as (
    select * from marts.fct_office_year_status
),

judged as (
    select
        kpi.*,
        status.status_label as data_status,
        coalesce(status.is_complete, true) as is_complete
    from kpi
    left join status
        on kpi.office_code = status.office_code
        and kpi.year = status.year
),

final as (
    select
        office_code,
        indicator_code,
        indicator_name,
        year,
        data_status,
        unit,
        target,
        realisation,
        realisation_source,
        achievement_pct_lkj as achievement_pct,
        if(
            is_complete,
            round(
                achievement_pct_lkj - lag(achievement_pct_lkj) over (
                    partition by office_code, indicator_code order by year
                ),
                2
            ),
            null
        ) as change_pct_points
    from judged
)

select * from final
order by office_code, indicator_code, year
