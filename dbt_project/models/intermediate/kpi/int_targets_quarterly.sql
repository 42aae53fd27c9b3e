{#- The quarterly phasing of the targets (Tabel 5 of the LKj). The phasing is given on
    the PK basis; an office that phases on a DIPA basis instead is read the same way. -#}
with targets as (
    select * from {{ ref('stg_raw__targets') }}
    where quarter is not null
),

final as (
    select
        office_code,
        year,
        quarter,
        indicator_code,
        arg_min(
            target,
            case target_basis when 'PK' then 1 when 'DIPA_AA' then 2 else 3 end
        ) as target
    from targets
    group by all
)

select * from final
