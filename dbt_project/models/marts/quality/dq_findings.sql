{#- What the pipeline found wrong or inconsistent in the inputs, one row per finding.
    Each check says beside its figures what `expected` and `actual` hold (`*_label` in
    English, `*_label_id` in Indonesian: the headings the LKj's Temuan Data prints them
    under); a check without figures leaves both null. -#}
with ceilings as (
    select * from {{ ref('stg_raw__budget_ceilings') }}
),

dipa as (
    select * from {{ ref('stg_raw__dipa_totals') }}
),

ikpa as (
    select * from {{ ref('stg_raw__ikpa_components') }}
),

annual as (
    select * from {{ ref('int_realisations_annual') }}
),

indicator_years as (
    select * from {{ ref('int_indicator_years') }}
),

targets as (
    select * from {{ ref('stg_raw__targets') }}
),

scores as (
    select * from {{ ref('stg_raw__governance_scores') }}
),

history as (
    select * from {{ ref('stg_raw__historical_realisations') }}
),

preventions as (
    select * from {{ ref('stg_raw__preventions') }}
),

warnings as (
    select * from {{ ref('stg_audit__value_warnings') }}
),

published as (
    select * from {{ ref('fct_lkj_reconciliation') }}
),

ledger as (
    select * from {{ ref('stg_audit__file_ledger') }}
),

activity_sums as (
    select
        office_code,
        year,
        sum(ceiling_initial) as ceiling_initial,
        sum(ceiling_after_adjustment) as ceiling_after_adjustment
    from ceilings
    group by all
),

dipa_total_mismatch as (
    select
        dipa.office_code,
        dipa.year,
        'dipa_total_mismatch' as check_name,
        measures.subject,
        measures.expected,
        'the DIPA total' as expected_label,
        'Total DIPA' as expected_label_id,
        measures.actual,
        'the sum of the activities'' ceilings' as actual_label,
        'Jumlah pagu kegiatan' as actual_label_id,
        'warning' as severity,
        measures.detail,
        measures.detail_id
    from dipa
    inner join activity_sums using (office_code, year)
    {#- LT02 off: sqlfluff 4.5 wants a line break before `lateral` in `join lateral (...)`
        when another clause follows it (sqlfluff issue 8345). #}
    -- noqa: disable=LT02
    cross join lateral (
        select
            'ceiling_initial' as subject,
            dipa.ceiling_initial_total::double as expected,
            activity_sums.ceiling_initial::double as actual,
            'The activities'' initial ceilings (Pagu) do not add up to the initial DIPA total.'
                as detail,
            'Jumlah pagu awal kegiatan tidak sama dengan total DIPA awal.' as detail_id
        union all
        select
            'ceiling_after_adjustment' as subject,
            dipa.ceiling_after_adjustment_total::double as expected,
            activity_sums.ceiling_after_adjustment::double as actual,
            'The activities'' ceilings after the automatic adjustment do not add up to the '
            || 'DIPA total after the adjustment.' as detail,
            'Jumlah pagu kegiatan setelah Automatic Adjustment tidak sama dengan total DIPA '
            || 'setelah Automatic Adjustment.' as detail_id
    ) as measures
    where measures.expected <> measures.actual
    -- noqa: enable=LT02
),

ikpa_weighted as (
    select
        office_code,
        year,
        sum((score * weight)::decimal(38, 18))::double / sum(weight::decimal(38, 18))::double
            as weighted_score
    from ikpa
    group by all
),

ikpa_components_mismatch as (
    select
        ikpa_weighted.office_code,
        ikpa_weighted.year,
        'ikpa_components_mismatch' as check_name,
        annual.indicator_code as subject,
        annual.realisation as expected,
        'the IKPA score reported' as expected_label,
        'Nilai IKPA yang dilaporkan' as expected_label_id,
        ikpa_weighted.weighted_score as actual,
        'the weighted mean of its components' as actual_label,
        'Rata-rata tertimbang komponen' as actual_label_id,
        'warning' as severity,
        'The weighted mean of the IKPA components does not give the year''s IKPA score '
        || '(compared at two decimals).' as detail,
        'Rata-rata tertimbang komponen IKPA tidak sama dengan nilai IKPA tahun itu '
        || '(dibandingkan pada dua desimal).' as detail_id
    from ikpa_weighted
    inner join annual
        on ikpa_weighted.office_code = annual.office_code
        and ikpa_weighted.year = annual.year
    inner join indicator_years
        on annual.year = indicator_years.year
        and annual.indicator_code = indicator_years.indicator_code
        and indicator_years.score_name = 'ikpa'
    where round(ikpa_weighted.weighted_score, 2) <> round(annual.realisation, 2)
),

suspected_duplicate_person as (
    select
        later.office_code,
        later.year,
        'suspected_duplicate_person' as check_name,
        later.source_file || ' row ' || later.source_row as subject,
        null::double as expected,
        null as expected_label,
        null as expected_label_id,
        null::double as actual,
        null as actual_label,
        null as actual_label_id,
        'info' as severity,
        'Prevention recap row ' || later.source_row
        || ' (NO ' || coalesce(later.recap_number::varchar, '-')
        || ') looks like the same person as row ' || later.suspected_duplicate_of_row
        || ' (NO ' || coalesce(earlier.recap_number::varchar, '-')
        || '); it is counted in IKU 3 as published.' as detail,
        'Baris ' || later.source_row || ' rekap pencegahan (NO '
        || coalesce(later.recap_number::varchar, '-')
        || ') tampaknya orang yang sama dengan baris ' || later.suspected_duplicate_of_row
        || ' (NO ' || coalesce(earlier.recap_number::varchar, '-')
        || '); tetap dihitung dalam IKU 3 seperti yang dipublikasikan.' as detail_id
    from preventions as later
    left join preventions as earlier
        on later.source_file = earlier.source_file
        and later.suspected_duplicate_of_row = earlier.source_row
    where later.is_suspected_duplicate
),

historical_vs_records as (
    select
        history.office_code,
        history.year,
        'historical_vs_records' as check_name,
        history.indicator_code as subject,
        history.realisation as expected,
        'the historical feed''s figure' as expected_label,
        'Tertulis di data historis' as expected_label_id,
        annual.realisation as actual,
        'what the records give' as actual_label,
        'Menurut data rinci' as actual_label_id,
        'warning' as severity,
        'The historical feed publishes another realisation than the records give; '
        || 'the warehouse takes the records.' as detail,
        'Data historis mencantumkan realisasi lain daripada data rinci; gudang data memakai '
        || 'data rinci.' as detail_id
    from history
    inner join annual
        on history.office_code = annual.office_code
        and history.year = annual.year
        and history.indicator_code = annual.indicator_code
        and annual.realisation_source = 'records'
    where abs(history.realisation - annual.realisation) > 0.005
),

unknown_values as (
    {#- A spelling a reference list does not know (pipelines/lib/ingest/reference.py), in
        any feed: one finding per office, year, table, column and value as typed. -#}
    select
        office_code,
        year,
        'unknown_value' as check_name,
        table_name || '.' || column_name || ': ' || value as subject,
        null::double as expected,
        null as expected_label,
        null as expected_label_id,
        count(*)::double as actual,
        'rows with this spelling' as actual_label,
        'Jumlah baris' as actual_label_id,
        'warning' as severity,
        any_value(detail) || '. Rows: ' || count(*) || ', the first in '
        || arg_min(source_file || ' row ' || source_row, (source_file, source_row)) || '.'
            as detail,
        any_value(detail_id) || '. Jumlah baris: ' || count(*) || ', yang pertama di '
        || arg_min(source_file || ' baris ' || source_row, (source_file, source_row)) || '.'
            as detail_id
    from warnings
    group by office_code, year, table_name, column_name, value
),

office_years as (
    {#- A file rejected whole: its office-year's figures lack it (or count the version
        accepted before it) until it is fixed. A workbook feeding two tables is one finding;
        a file of no period (targets, history) concerns every year its office has files of. -#}
    select distinct
        office_code,
        try_cast(left(file_period, 4) as integer) as year
    from ledger
    where status = 'current' and file_period is not null
),

rejected as (
    select
        office_code,
        source_file,
        try_cast(left(file_period, 4) as integer) as file_year,
        min(reject_rule) as reject_rule,
        min(reject_detail) as reason,
        min(reject_detail_id) as reason_id,
        extract(year from max(status_changed_at)) as rejected_year
    from ledger
    where status = 'rejected'
    group by office_code, file_period, source_file
),

rejected_files as (
    select
        rejected.office_code,
        coalesce(rejected.file_year, office_years.year, rejected.rejected_year) as year,
        'rejected_file' as check_name,
        rejected.source_file as subject,
        null::double as expected,
        null as expected_label,
        null as expected_label_id,
        null::double as actual,
        null as actual_label,
        null as actual_label_id,
        'error' as severity,
        'The file ' || rejected.source_file || ' was rejected whole (' || rejected.reject_rule
        || ': ' || rejected.reason || '); the version accepted before it, if any, is '
        || 'counted until it is fixed (error workbook: kesalahan/).' as detail,
        'Berkas ' || rejected.source_file || ' ditolak seluruhnya (' || rejected.reason_id
        || '); versi yang diterima sebelumnya, bila ada, tetap dihitung sampai berkas ini '
        || 'diperbaiki (buku kerja kesalahan: kesalahan/).' as detail_id
    from rejected
    left join office_years
        on rejected.office_code = office_years.office_code and rejected.file_year is null
),

{# A target, score or historical row whose code is no indicator of its year's Renstra
    period (or, for a score, no score indicator): it is kept in its staging table but
    counts in no KPI. -#}
undeclared_rows as (
    select office_code, year, indicator_code, 'target' as row_kind, 'target' as row_kind_id
    from targets
    where not exists (
            select 1 from indicator_years
            where indicator_years.year = targets.year
                and indicator_years.indicator_code = targets.indicator_code
        )
    union
    select office_code, year, indicator_code, 'score' as row_kind, 'nilai' as row_kind_id
    from scores
    where not exists (
            select 1 from indicator_years
            where indicator_years.year = scores.year
                and indicator_years.indicator_code = scores.indicator_code
                and indicator_years.kind = 'score'
        )
    union
    select
        office_code,
        year,
        indicator_code,
        'historical realisation' as row_kind,
        'realisasi historis' as row_kind_id
    from history
    where not exists (
            select 1 from indicator_years
            where indicator_years.year = history.year
                and indicator_years.indicator_code = history.indicator_code
        )
),

undeclared_indicators as (
    select
        office_code,
        year,
        'undeclared_indicator' as check_name,
        indicator_code || ' (' || row_kind || ')' as subject,
        null::double as expected,
        null as expected_label,
        null as expected_label_id,
        null::double as actual,
        null as actual_label,
        null as actual_label_id,
        'warning' as severity,
        'A ' || row_kind || ' of ' || indicator_code || ' for ' || year
        || ' is not counted: the Renstra of that year declares no such '
        || case when row_kind = 'score' then 'score ' else '' end
        || 'indicator (dbt_project.yml, var renstra).' as detail,
        'Baris ' || row_kind_id || ' ' || indicator_code || ' tahun ' || year
        || ' tidak dihitung: Renstra tahun itu tidak memuat indikator '
        || case when row_kind = 'score' then 'nilai ' else '' end
        || indicator_code || ' (dbt_project.yml, var renstra).' as detail_id
    from undeclared_rows
),

{# A target in another unit than its indicator's in the year's Renstra (a target file
    that still follows the previous Renstra, or a typing error): it is counted as given,
    and its achievement may compare unlike figures. -#}
target_unit_mismatches as (
    select
        targets.office_code,
        targets.year,
        'target_unit_mismatch' as check_name,
        targets.indicator_code as subject,
        null::double as expected,
        null as expected_label,
        null as expected_label_id,
        null::double as actual,
        null as actual_label,
        null as actual_label_id,
        'warning' as severity,
        'The targets of ' || targets.indicator_code || ' for ' || targets.year
        || ' are given in ' || string_agg(distinct targets.unit, ', ' order by targets.unit)
        || '; the Renstra of that year declares it in ' || any_value(indicator_years.unit)
        || '.' as detail,
        'Target ' || targets.indicator_code || ' tahun ' || targets.year
        || ' ditulis dalam satuan '
        || string_agg(distinct targets.unit, ', ' order by targets.unit)
        || '; Renstra tahun itu menetapkan satuan ' || any_value(indicator_years.unit)
        || '.' as detail_id
    from targets
    inner join indicator_years
        on targets.year = indicator_years.year
        and targets.indicator_code = indicator_years.indicator_code
    where targets.unit is distinct from indicator_years.unit
    group by targets.office_code, targets.year, targets.indicator_code
),

published_findings as (
    select
        office_code,
        year,
        check_name,
        subject,
        published_value as expected,
        'the figure the LKj prints' as expected_label,
        'Tertulis di LKj' as expected_label_id,
        warehouse_value as actual,
        'what the inputs give' as actual_label,
        'Menurut data' as actual_label_id,
        severity,
        detail,
        detail_id
    from published
    where not agrees
),

unioned as (
    select * from dipa_total_mismatch
    union all
    select * from ikpa_components_mismatch
    union all
    select * from suspected_duplicate_person
    union all
    select * from historical_vs_records
    union all
    select * from unknown_values
    union all
    select * from rejected_files
    union all
    select * from undeclared_indicators
    union all
    select * from target_unit_mismatches
    union all
    select * from published_findings
),

final as (
    select
        office_code,
        year,
        check_name,
        subject,
        expected,
        actual,
        actual - expected as difference,
        severity,
        detail,
        detail_id,
        {#- After the contract's columns, so that a reader who selects by position keeps
            its columns where they were. #}
        expected_label,
        expected_label_id,
        actual_label,
        actual_label_id
    from unioned
)

select * from final
