{# What has arrived: every delivery an office-year is expected to make, per raw table and
    period, and what the file ledger holds of it. An office-year is expected once any file
    of it is in the raw directory (delivered or rejected), or once a year the office has
    targets for has begun; it then owes every table of the contract, a monthly table for
    each month, an annual one once, a standing one (no period) once; what is owed and past
    its due date is overdue. docs/warehouse.md, "What has arrived" and "What is late". #}
with feed_tables as (
    select * from {{ ref('feed_tables') }}
),

ledger as (
    select * from {{ ref('stg_audit__file_ledger') }}
),

{# The versions in the raw directory now: the current one of a file and, where the
    latest delivery of it was refused, its rejected one. #}
present as (
    select
        *,
        try_cast(left(file_period, 4) as integer) as file_year,
        try_cast(nullif(substr(file_period, 6, 2), '') as integer) as file_month
    from ledger
    where status in ('current', 'rejected')
),

file_years as (
    select distinct
        office_code,
        file_year as year
    from present
    where file_year is not null
),

{# A year the office has an annual target for is owed too once it has begun, from the
    office's first year of files on: an office that has sent nothing yet for a year
    it has targets for is late, not absent. #}
target_years as (
    select distinct
        targets.office_code,
        targets.year
    from {{ ref('stg_raw__targets') }} as targets
    inner join (
        select
            office_code,
            min(year) as first_year
        from file_years
        group by all
    ) as firsts
        on targets.office_code = firsts.office_code
    where
        targets.quarter is null
        and targets.year >= firsts.first_year
        and make_date(targets.year, 1, 1) <= {{ reference_date() }}
),

office_years as (
    select * from file_years
    union
    select * from target_years
),

months as (
    select unnest(range(1, 13)) as month
),

expected as (
    select
        office_years.office_code,
        office_years.year,
        feed_tables.feed,
        feed_tables.table_name,
        months.month as period,
        feed_tables.period_kind,
        feed_tables.is_optional,
        feed_tables.table_order,
        case feed_tables.period_kind
            when 'month' then make_date(office_years.year, months.month, 1)
            when 'year' then make_date(office_years.year, 1, 1)
        end as period_start_date,
        case feed_tables.period_kind
            when 'month' then last_day(make_date(office_years.year, months.month, 1))
            when 'year' then make_date(office_years.year, 12, 31)
        end as period_end_date,
        {# Due so many days after the period ends; a standing file for a year after the
            year before ends. #}
        coalesce(
            case feed_tables.period_kind
                when 'month' then last_day(make_date(office_years.year, months.month, 1))
                when 'year' then make_date(office_years.year, 12, 31)
            end,
            make_date(office_years.year - 1, 12, 31)
        ) + {{ due_days('feed_tables.feed', 'feed_tables.period_kind') }} as due_date
    from office_years
    cross join feed_tables
    left join months on feed_tables.period_kind = 'month'
),

{# A version fills the expected delivery of its office, table and period; a standing
    file (no period) fills its table's delivery in every year of its office. #}
matched as (
    select
        expected.office_code,
        expected.year,
        expected.table_name,
        expected.period,
        present.status,
        present.source_file,
        present.rows_loaded,
        present.rows_quarantined,
        present.last_seen_at,
        present.reject_rule,
        present.reject_detail_id
    from expected
    inner join present
        on expected.office_code = present.office_code
        and expected.table_name = present.table_name
        and (
            expected.period_kind = 'none'
            or (
                expected.year = present.file_year
                and expected.period is not distinct from present.file_month
            )
        )
),

current_versions as (
    select * from matched
    where status = 'current'
),

rejected_versions as (
    select * from matched
    where status = 'rejected'
),

{# When a file of this name first came, whichever version (replaced ones included). #}
first_seen as (
    select
        table_name,
        source_file,
        min(first_seen_at) as first_seen_at
    from ledger
    group by all
),

final as (
    select
        expected.office_code,
        expected.year,
        expected.feed,
        expected.table_name,
        expected.period,
        expected.period_kind,
        expected.is_optional,
        expected.table_order,
        case
            when current_versions.source_file is not null then 'delivered'
            when rejected_versions.source_file is not null then 'rejected'
            else 'missing'
        end as status,
        coalesce(current_versions.source_file, rejected_versions.source_file) as source_file,
        coalesce(current_versions.rows_loaded, rejected_versions.rows_loaded) as rows_loaded,
        coalesce(current_versions.rows_quarantined, rejected_versions.rows_quarantined)
            as rows_quarantined,
        current_versions.source_file is not null
        and rejected_versions.source_file is not null as has_rejected_version,
        rejected_versions.reject_rule,
        rejected_versions.reject_detail_id,
        expected.period_kind = 'none'
        or expected.period_end_date < {{ reference_date() }} as is_period_closed,
        expected.period_start_date,
        expected.period_end_date,
        {{ reference_date() }} as reference_date,
        first_seen.first_seen_at,
        greatest(current_versions.last_seen_at, rejected_versions.last_seen_at)
            as last_seen_at,
        expected.due_date,
        not expected.is_optional
        and current_versions.source_file is null
        and coalesce(expected.due_date < {{ reference_date() }}, false) as is_overdue
    from expected
    left join current_versions
        on expected.office_code = current_versions.office_code
        and expected.year = current_versions.year
        and expected.table_name = current_versions.table_name
        and expected.period is not distinct from current_versions.period
    left join rejected_versions
        on expected.office_code = rejected_versions.office_code
        and expected.year = rejected_versions.year
        and expected.table_name = rejected_versions.table_name
        and expected.period is not distinct from rejected_versions.period
    left join first_seen
        on expected.table_name = first_seen.table_name
        and coalesce(current_versions.source_file, rejected_versions.source_file)
        = first_seen.source_file
)

select * from final
