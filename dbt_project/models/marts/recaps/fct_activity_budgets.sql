{#- The activities (kegiatan) of the LKj's Tabel 3 and 4 and Lampiran I: each activity's
    budget ceiling in the initial DIPA (Tabel 3, Lampiran I: 7.760.019.000 and
    9.710.722.000 for JATENG 2024) and after the Automatic Adjustment (Tabel 4), with the
    strategic goal it serves. -#}
with ceilings as (
    select * from {{ ref('stg_raw__budget_ceilings') }}
),

final as (
    select
        office_code,
        year,
        activity_code,
        goal_code,
        activity_name,
        ceiling_initial as budget_ceiling_initial,
        ceiling_after_adjustment as budget_ceiling
    from ceilings
)

select * from final
