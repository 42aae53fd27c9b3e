{#- The office's own words per indicator for the drafted Bab III of the LKj: what the
    indicator measures, the causes of the year's result, the obstacles, the efforts and
    the follow-up, as the office wrote them in its form (python -m pipelines narasi). An
    indicator the office wrote nothing for has no row: the chapter shows a placeholder. -#}
with narratives as (
    select * from {{ ref('stg_raw__narratives') }}
),

final as (
    select
        office_code,
        year,
        indicator_code,
        performance_information,
        causes,
        obstacles,
        efforts,
        follow_up_plan
    from narratives
)

select * from final
