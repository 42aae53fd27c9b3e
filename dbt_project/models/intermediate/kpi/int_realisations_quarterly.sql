{#- Realisation of every indicator per office, year and quarter, by the kind the
    declaration (var `renstra`) gives the indicator in that year:
      count, sum   the quarter's amount (quarters `own`), or the amount from 1 January
                   to the quarter's end (`cumulative`);
      ratio        the numerator's rows per 100 rows, over the quarter or from 1 January;
      reduction    (base - rows from 1 January to the quarter's end) / base x 100, the
                   base being the whole previous year (int_record_counts_yearly);
      score        the quarter's score from the governance feed, null where the quarter
                   was not scored.
    records: the quarter's own rows (for a reduction its cases, which Tabel 5 prints
    beside the cumulative percentage); null for the scores.
    grade: the grade a score earned, as the governance feed gives it (PREDIKAT: WBK,
    WBBM for the Zona Integritas), which Tabel 5 prints beside it; null elsewhere. -#}
with counts as (
    select * from {{ ref('int_record_counts_quarterly') }}
),

bases as (
    select * from {{ ref('int_record_counts_yearly') }}
),

indicator_years as (
    select * from {{ ref('int_indicator_years') }}
),

scores as (
    select * from {{ ref('stg_raw__governance_scores') }}
),

counted as (
    select
        counts.office_code,
        counts.year,
        counts.quarter,
        counts.indicator_code,
        indicator_years.kind,
        indicator_years.quarters,
        counts.records,
        counts.amount,
        sum(counts.records) over year_to_date as records_to_date,
        sum(counts.amount) over year_to_date as amount_to_date
    from counts
    inner join indicator_years using (year, indicator_code)
    window year_to_date as (
        partition by counts.office_code, counts.year, counts.indicator_code
        order by counts.quarter
    )
),

counted_realisations as (
    select
        counted.office_code,
        counted.year,
        counted.quarter,
        counted.indicator_code,
        case
            when counted.kind = 'reduction'
                then (previous_year.records - counted.records_to_date)
                    / nullif(previous_year.records, 0) * 100
            when counted.kind = 'ratio' and counted.quarters = 'cumulative'
                then counted.amount_to_date / nullif(counted.records_to_date, 0) * 100
            when counted.kind = 'ratio'
                then counted.amount / nullif(counted.records, 0) * 100
            when counted.quarters = 'cumulative' then counted.amount_to_date
            else counted.amount
        end::double as realisation,
        counted.records,
        null::varchar as grade
    from counted
    left join bases as previous_year
        on counted.office_code = previous_year.office_code
        and counted.year - 1 = previous_year.year
        and counted.indicator_code = previous_year.indicator_code
),

{# A score counts in a year whose period declares the code a score. -#}
scored as (
    select scores.*
    from scores
    inner join indicator_years using (year, indicator_code)
    where indicator_years.kind = 'score'
),

scored_years as (
    select distinct office_code, year, indicator_code from scored
),

quarterly_scores as (
    select
        scored_years.office_code,
        scored_years.year,
        quarters.quarter,
        scored_years.indicator_code,
        scored.score as realisation,
        null::bigint as records,
        scored.label as grade
    from scored_years
    cross join (select unnest(range(1, 5)) as quarter) as quarters
    left join scored
        on scored_years.office_code = scored.office_code
        and scored_years.year = scored.year
        and scored_years.indicator_code = scored.indicator_code
        and quarters.quarter = scored.quarter
),

final as (
    select * from counted_realisations
    union all
    select * from quarterly_scores
)

select * from final
