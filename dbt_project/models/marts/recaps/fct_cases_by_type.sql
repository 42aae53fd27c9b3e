{#- The LKj's Lampiran III as it prints it: cases per country and case type as typed in
    the complaint records (88 lines of "Arab Saudi", "Saudi Arabia", "Hongkong"... for
    JATENG 2024), not mapped to one country or a category (fct_cases_annual does that).
    Spellings that differ only in case or spaces are one line, under the spelling
    received first. -#}
with cases as (
    select * from {{ ref('int_cases_mapped') }}
),

countries_shown as (
    select
        office_code,
        year,
        country_key,
        arg_min(
            country_as_typed, (received_date, source_file, source_row)
        ) as country_as_typed
    from cases
    group by all
),

lines as (
    select
        office_code,
        year,
        country_key,
        case_type_key,
        arg_min(
            case_type_as_typed, (received_date, source_file, source_row)
        ) as case_type_as_typed,
        any_value(country_code) as country_code,
        any_value(country_name) as country_name,
        any_value(case_category) as case_category,
        count(*) as cases,
        count(*) filter (where is_open) as cases_open
    from cases
    group by office_code, year, country_key, case_type_key
),

final as (
    select
        lines.office_code,
        lines.year,
        lines.country_key,
        lines.case_type_key,
        countries_shown.country_as_typed,
        lines.case_type_as_typed,
        lines.country_code,
        lines.country_name,
        lines.case_category,
        lines.cases,
        lines.cases_open
    from lines
    left join countries_shown
        on lines.office_code = countries_shown.office_code
        and lines.year = countries_shown.year
        and lines.country_key is not distinct from countries_shown.country_key
)

select * from final
