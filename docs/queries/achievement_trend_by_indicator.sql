-- Question: how has each indicator's achievement moved from year to year, against the
-- signed performance agreement (PK)?
--
-- Achievement is shown as the LKj prints it (cut to two decimals); years before the
-- record-level files take their realisation from the historical feed
-- (realisation_source). docs/warehouse.md says how each indicator is computed.
with kpi as (
    select * from marts.fct_kpi_annual
    where target_basis = 'PK'
),

final as (
    select
        office_code,
        indicator_code,
        indicator_name,
        year,
        unit,
        target,
        realisation,
        realisation_source,
        achievement_pct_lkj as achievement_pct,
        round(
            achievement_pct_lkj - lag(achievement_pct_lkj) over (
                partition by office_code, indicator_code order by year
            ),
            2
        ) as change_pct_points
    from kpi
)

select * from final
order by office_code, indicator_code, year
