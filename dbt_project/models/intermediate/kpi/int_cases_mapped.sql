{#- Cases with their country and case type mapped to the reference lists. A spelling the
    lists do not know is a warning of the ingest (audit.value_warnings), which takes a case
    type starting with 'lain-lain' as known, as this model does (Reference.open_prefix). -#}
with cases as (
    select * from {{ ref('stg_raw__cases') }}
),

countries as (
    select * from {{ ref('country_spellings') }}
),

case_types as (
    select * from {{ ref('case_type_categories') }}
),

final as (
    select
        cases.*,
        countries.country_code,
        coalesce(countries.country_name, cases.country_as_typed) as country_name,
        coalesce(
            case_types.case_category,
            case when cases.case_type_key like 'lain-lain%' then 'Lain-lain' end,
            'Belum dipetakan'
        ) as case_category
    from cases
    left join countries on cases.country_key = countries.country_spelling
    left join case_types on cases.case_type_key = case_types.case_type
)

select * from final
