{# Progress during the year: for each office-year with a complete month
    (fct_office_year_status) and each indicator of its Renstra year, the realisation from
    1 January to the last complete month against the target the office should have
    reached by then, a projection to the year's end with its method, and whether it is
    on track. The rules, with a worked example: docs/warehouse.md, "Progress during the
    year". The quarterly phasing of the targets feed is per quarter for an indicator
    whose quarters are its own (quarters: own, IKU1: 2, 3, 3, 2 add up to the year's 10),
    and the level to reach by the quarter's end for a cumulative one (a percentage, a
    score: 6 %, 6 %, 6 %, 6 %), as Tabel 5 prints them. #}
with statuses as (
    select * from {{ ref('fct_office_year_status') }}
    where months_complete > 0
),

indicator_years as (
    select * from {{ ref('int_indicator_years') }}
),

monthly as (
    select * from {{ ref('int_record_counts_monthly') }}
),

bases as (
    select * from {{ ref('int_record_counts_yearly') }}
),

quarterly as (
    select * from {{ ref('int_realisations_quarterly') }}
),

quarter_targets as (
    select * from {{ ref('int_targets_quarterly') }}
),

annual_targets as (
    select * from {{ ref('int_targets_annual') }}
    where target_basis = 'PK'
),

{# The quarter in progress holds the month after the last complete one (the fourth for
    a year of twelve); months_into_quarter of it are complete (0 to 2, 3 for twelve). #}
keys as (
    select
        statuses.office_code,
        statuses.year,
        indicator_years.goal_code,
        indicator_years.indicator_code,
        indicator_years.indicator_name,
        indicator_years.unit,
        indicator_years.polarity,
        indicator_years.kind,
        indicator_years.quarters,
        indicator_years.kind in ('count', 'sum') as accumulates,
        statuses.status,
        statuses.status_label,
        statuses.data_through_date,
        statuses.months_complete as months_elapsed,
        least(ceil((statuses.months_complete + 1) / 3)::integer, 4) as quarter_in_progress,
        statuses.months_complete
        - 3 * (least(ceil((statuses.months_complete + 1) / 3)::integer, 4) - 1)
            as months_into_quarter
    from statuses
    inner join indicator_years on statuses.year = indicator_years.year
),

{# The records from 1 January to the last complete month. #}
to_date as (
    select
        keys.office_code,
        keys.year,
        keys.indicator_code,
        sum(monthly.records)::bigint as records_to_date,
        sum(monthly.amount) as amount_to_date
    from keys
    inner join monthly
        on keys.office_code = monthly.office_code
        and keys.year = monthly.year
        and keys.indicator_code = monthly.indicator_code
        and keys.months_elapsed >= monthly.month
    group by all
),

{# A score: the latest quarter scored among those whose months are all complete. #}
latest_scores as (
    select
        keys.office_code,
        keys.year,
        keys.indicator_code,
        arg_max(quarterly.realisation, quarterly.quarter) as score
    from keys
    inner join quarterly
        on keys.office_code = quarterly.office_code
        and keys.year = quarterly.year
        and keys.indicator_code = quarterly.indicator_code
        and quarterly.quarter * 3 <= keys.months_elapsed
    where keys.kind = 'score' and quarterly.realisation is not null
    group by all
),

{# The quarterly phasing, each quarter placed against the quarter in progress (0 for
    it, -1 for the one before...). #}
phasing as (
    select
        keys.office_code,
        keys.year,
        keys.indicator_code,
        quarter_targets.quarter - keys.quarter_in_progress as from_quarter,
        quarter_targets.target
    from keys
    inner join quarter_targets
        on keys.office_code = quarter_targets.office_code
        and keys.year = quarter_targets.year
        and keys.indicator_code = quarter_targets.indicator_code
),

phased as (
    select
        office_code,
        year,
        indicator_code,
        count(*) filter (where from_quarter <= 0) as quarters_phased,
        sum(target) filter (where from_quarter <= 0) as sum_to_quarter,
        sum(target) filter (where from_quarter < 0) as sum_before,
        any_value(target) filter (where from_quarter = 0) as quarter_target,
        any_value(target) filter (where from_quarter = -1) as previous_quarter_target
    from phasing
    group by all
),

joined as (
    select
        keys.*,
        to_date.records_to_date,
        to_date.amount_to_date,
        latest_scores.score,
        previous_year.records as base_records,
        annual_targets.target as annual_target,
        {# 'triwulan' where the phasing has the quarter in progress (and, for a target
            per quarter, every quarter before it), else 'prorata' where there is an
            annual target. #}
        case
            when
                phased.quarter_target is not null
                and (
                    not keys.accumulates
                    or keys.quarters = 'cumulative'
                    or phased.quarters_phased = keys.quarter_in_progress
                )
                then 'triwulan'
            when annual_targets.target is not null then 'prorata'
        end as target_source,
        {# The cumulative target at the end of the quarter in progress and of the one
            before it (0 before the first), for a count or sum. #}
        case
            when keys.quarters = 'cumulative' then phased.quarter_target
            else phased.sum_to_quarter
        end as phased_cumulative,
        case
            when keys.quarter_in_progress = 1 then 0
            when keys.quarters = 'cumulative' then phased.previous_quarter_target
            else phased.sum_before
        end as phased_cumulative_before,
        phased.quarter_target
    from keys
    left join to_date
        on keys.office_code = to_date.office_code
        and keys.year = to_date.year
        and keys.indicator_code = to_date.indicator_code
    left join latest_scores
        on keys.office_code = latest_scores.office_code
        and keys.year = latest_scores.year
        and keys.indicator_code = latest_scores.indicator_code
    left join bases as previous_year
        on keys.office_code = previous_year.office_code
        and keys.year - 1 = previous_year.year
        and keys.indicator_code = previous_year.indicator_code
    left join annual_targets
        on keys.office_code = annual_targets.office_code
        and keys.year = annual_targets.year
        and keys.indicator_code = annual_targets.indicator_code
    left join phased
        on keys.office_code = phased.office_code
        and keys.year = phased.year
        and keys.indicator_code = phased.indicator_code
),

computed as (
    select
        *,
        case kind
            when 'score' then score
            when 'reduction'
                then (base_records - records_to_date) / nullif(base_records, 0) * 100
            when 'ratio' then amount_to_date / nullif(records_to_date, 0) * 100
            else amount_to_date
        end::double as realisation_to_date,
        case
            when target_source = 'triwulan' and accumulates then phased_cumulative
            when target_source = 'triwulan' then quarter_target
            when accumulates then annual_target * quarter_in_progress * 3 / 12
            else annual_target
        end::double as exact_quarter_cumulative,
        case
            when target_source = 'triwulan' and accumulates
                then phased_cumulative_before
                    + (phased_cumulative - phased_cumulative_before) * months_into_quarter / 3
            when target_source = 'triwulan' then quarter_target
            when accumulates then annual_target * months_elapsed / 12
            else annual_target
        end::double as exact_to_date
    from joined
),

{# People are whole: a count of persons (unit Orang) has its targets rounded up (37,5
    Orang: 38), so that on track means at least the plan. Rounded to six decimals first,
    lest a whole target that floating point puts a hair above (20.000000000000004) be
    rounded up to the next. #}
targets as (
    select
        *,
        case
            when kind = 'count' and unit = 'Orang'
                then ceil(round(exact_quarter_cumulative, 6))
            else exact_quarter_cumulative
        end::double as target_quarter_cumulative,
        case
            when kind = 'count' and unit = 'Orang' then ceil(round(exact_to_date, 6))
            else exact_to_date
        end::double as target_to_date
    from computed
),

{# A count or sum with the quarterly plan (target_source triwulan) is projected by the
    plan: the share of the target to date reached, applied to the year's target. So the
    projection reaches the annual target exactly when the realisation to date reaches the
    target to date (on track). Without a plan (prorata), or with one that puts nothing
    before now (a target to date of 0), linear. #}
methods as (
    select
        *,
        case
            when months_elapsed = 12 then 'final'
            when kind = 'score' then 'latest_score'
            when kind = 'reduction' then 'linear_cases'
            when kind = 'ratio' then 'ratio_to_date'
            when
                target_source = 'triwulan'
                and target_to_date > 0
                and annual_target is not null
                then 'plan'
            else 'linear'
        end as projection_method
    from targets
),

projected as (
    select
        *,
        case
            when realisation_to_date is null then null
            when projection_method = 'plan'
                then realisation_to_date / target_to_date * annual_target
            when projection_method = 'linear' then amount_to_date * 12 / months_elapsed
            when projection_method = 'linear_cases'
                then (base_records - records_to_date * 12 / months_elapsed)
                    / nullif(base_records, 0) * 100
            else realisation_to_date
        end::double as projection_year_end,
        {# A percentage is compared at two decimals, as fct_kpi_annual does. #}
        case
            when unit = '%' then round(realisation_to_date, 2) else realisation_to_date
        end as realisation_compared
    from methods
),

final as (
    select
        office_code,
        year,
        goal_code,
        indicator_code,
        indicator_name,
        unit,
        kind,
        polarity,
        status,
        status_label,
        data_through_date,
        months_elapsed,
        quarter_in_progress,
        realisation_to_date,
        records_to_date,
        target_quarter_cumulative,
        target_to_date,
        target_source,
        annual_target,
        {{ achievement('realisation_compared', 'target_to_date', 'polarity') }} as progress_pct,
        projection_year_end,
        projection_method,
        case projection_method
            when 'final' then 'Realisasi setahun penuh'
            when 'plan'
                then 'Mengikuti pola target triwulan: realisasi s.d. bulan terakhir / target s.d. '
                    || 'bulan terakhir x target tahunan'
            when 'linear' then 'Linear: realisasi s.d. bulan terakhir x 12 / bulan berjalan'
            when 'linear_cases'
                then 'Linear atas jumlah kasus: kasus s.d. bulan terakhir x 12 / bulan berjalan'
            when 'ratio_to_date' then 'Persentase s.d. bulan terakhir'
            when 'latest_score' then 'Nilai triwulan terakhir'
        end as projection_method_label_id,
        {{ achievement(
            "case when unit = '%' then round(projection_year_end, 2) "
            ~ "else projection_year_end end",
            'annual_target',
            'polarity'
        ) }} as projected_achievement_pct,
        case
            when realisation_compared is null or target_to_date is null then null
            when polarity = 'lower' then realisation_compared <= target_to_date
            else realisation_compared >= target_to_date
        end as is_on_track
    from projected
)

select
    *,
    case is_on_track
        when true then 'Sesuai target'
        when false then 'Tertinggal'
        else '-'
    end as track_label_id
from final
