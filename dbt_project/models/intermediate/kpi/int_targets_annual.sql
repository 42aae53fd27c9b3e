{#- The annual target of every office, year and indicator on both bases of the
    warehouse. PK: the signed performance agreement. DIPA_AA: the target after the
    automatic adjustment; where a year has none for an indicator, its DIPA_AWAL
    target stands, and where that is missing too, its PK target. -#}
with targets as (
    select * from {{ ref('stg_raw__targets') }}
    where quarter is null
),

keys as (
    select distinct office_code, year, indicator_code from targets
),

pivoted as (
    select
        keys.office_code,
        keys.year,
        keys.indicator_code,
        max(targets.target) filter (where targets.target_basis = 'PK') as target_pk,
        max(targets.target) filter (where targets.target_basis = 'DIPA_AWAL') as target_dipa_awal,
        max(targets.target) filter (where targets.target_basis = 'DIPA_AA') as target_dipa_aa
    from keys
    left join targets using (office_code, year, indicator_code)
    group by all
),

{# target_dipa_awal rides along on both bases: Tabel 10 and 17 print it beside them. -#}
final as (
    select
        office_code,
        year,
        indicator_code,
        'PK' as target_basis,
        target_pk as target,
        target_dipa_awal
    from pivoted
    union all
    select
        office_code,
        year,
        indicator_code,
        'DIPA_AA' as target_basis,
        coalesce(target_dipa_aa, target_dipa_awal, target_pk) as target,
        target_dipa_awal
    from pivoted
)

select * from final
