{#- Lampiran III of the LKj: cases per country and case category, spellings mapped to
    one country (Arab Saudi and Saudi Arabia are SA). A spelling the reference lists do
    not know keeps its typed name, no code, and is reported in dq_findings. -#}
with cases as (
    select * from {{ ref('int_cases_mapped') }}
),

final as (
    select
        office_code,
        year,
        country_code,
        country_name,
        case_category,
        count(*) as cases,
        count(*) filter (where is_open) as cases_open
    from cases
    group by all
)

select * from final
