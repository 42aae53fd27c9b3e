{#- Realisation of every indicator per office, year and quarter, from the records.
    IKU 1, 3, 4, 5: the quarter's own rows. IKU 2: the reduction of cases received
    from 1 January to the quarter's end against the whole previous year, in percent.
    IKU 6-8: the quarter's score, null where the quarter was not scored.
    records: the quarter's own rows for IKU 1-5 (for IKU 2 its cases, which Tabel 5
    prints beside the cumulative percentage); null for the scores.
    grade: the grade a score earned, as the governance feed gives it (PREDIKAT: WBK,
    WBBM for the Zona Integritas), which Tabel 5 prints beside it; null elsewhere. -#}
with counts as (
    select * from {{ ref('int_record_counts_quarterly') }}
),

case_years as (
    select * from {{ ref('int_case_counts_yearly') }}
),

scores as (
    select * from {{ ref('stg_raw__governance_scores') }}
),

counted_indicators as (
    select
        office_code,
        year,
        quarter,
        indicator_code,
        records::double as realisation,
        records,
        null::varchar as grade
    from counts
    where indicator_code in ('IKU1', 'IKU3', 'IKU4', 'IKU5')
),

case_reduction as (
    select
        counts.office_code,
        counts.year,
        counts.quarter,
        'IKU2' as indicator_code,
        (previous_year.cases_received - sum(counts.records) over year_to_date)
        / nullif(previous_year.cases_received, 0) * 100 as realisation,
        counts.records,
        null::varchar as grade
    from counts
    left join case_years as previous_year
        on counts.office_code = previous_year.office_code
        and counts.year - 1 = previous_year.year
    where counts.indicator_code = 'IKU2'
    window year_to_date as (
        partition by counts.office_code, counts.year order by counts.quarter
    )
),

scored_years as (
    select distinct office_code, year, indicator_code from scores
),

quarterly_scores as (
    select
        scored_years.office_code,
        scored_years.year,
        quarters.quarter,
        scored_years.indicator_code,
        scores.score as realisation,
        null::bigint as records,
        scores.label as grade
    from scored_years
    cross join (select unnest(range(1, 5)) as quarter) as quarters
    left join scores
        on scored_years.office_code = scores.office_code
        and scored_years.year = scores.year
        and scored_years.indicator_code = scores.indicator_code
        and quarters.quarter = scores.quarter
),

final as (
    select * from counted_indicators
    union all
    select * from case_reduction
    union all
    select * from quarterly_scores
)

select * from final
