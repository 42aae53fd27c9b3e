with targets as (
    select * from {{ ref('int_targets_annual') }}
),

realisations as (
    select * from {{ ref('int_realisations_annual') }}
),

indicator_years as (
    select * from {{ ref('int_indicator_years') }}
),

bases as (
    select unnest(['PK', 'DIPA_AA']) as target_basis
),

{# Every office-year-indicator that has a target or a realisation, on both bases. -#}
keys as (
    select distinct office_code, year, indicator_code from targets
    union
    select distinct office_code, year, indicator_code from realisations
),

joined as (
    select
        keys.office_code,
        keys.year,
        indicator_years.goal_code,
        keys.indicator_code,
        indicator_years.indicator_name,
        indicator_years.unit,
        bases.target_basis,
        targets.target,
        targets.target_dipa_awal,
        realisations.realisation,
        realisations.realisation_source,
        indicator_years.polarity
    from keys
    cross join bases
    inner join indicator_years
        on keys.year = indicator_years.year
        and keys.indicator_code = indicator_years.indicator_code
    left join targets
        on keys.office_code = targets.office_code
        and keys.year = targets.year
        and keys.indicator_code = targets.indicator_code
        and bases.target_basis = targets.target_basis
    left join realisations
        on keys.office_code = realisations.office_code
        and keys.year = realisations.year
        and keys.indicator_code = realisations.indicator_code
),

final as (
    select
        *,
        {#- IKU 2's realisation is defined rounded to two decimals; its achievement is
            computed on that rounded figure, as the LKj does (4,48 / 6). -#}
        {{ achievement(
            "case when unit = '%' then round(realisation, 2) else realisation end",
            "target",
            "polarity"
        ) }} as achievement_pct,
        round(achievement_pct, 2) as achievement_pct_2dp,
        {{ truncate_2dp('achievement_pct') }} as achievement_pct_lkj
    from joined
)

select * from final
