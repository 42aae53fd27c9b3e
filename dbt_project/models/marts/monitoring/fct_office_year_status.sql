{# Each expected office-year (fct_deliveries) complete or provisional, and up to which
    month its figures hold. Complete: the year has ended by the reference date and every
    required delivery of it is in. Otherwise provisional up to its last complete month:
    the last month m such that months 1 to m have ended and every required monthly
    delivery of each is in. Required: not of an optional feed, and of a table with a
    period (a standing file, such as the targets, is listed in fct_deliveries but is not
    the year's data). docs/warehouse.md, "What has arrived". #}
with deliveries as (
    select * from {{ ref('fct_deliveries') }}
),

required as (
    select * from deliveries
    where not is_optional and period_kind <> 'none'
),

office_years as (
    select distinct
        office_code,
        year,
        reference_date
    from deliveries
),

{# Each month of each office-year: ended by the reference date, and every required
    monthly delivery of it in (a contract without monthly tables has every month in). #}
months as (
    select
        office_years.office_code,
        office_years.year,
        calendar.month,
        last_day(make_date(office_years.year, calendar.month, 1))
        < office_years.reference_date as is_closed
    from office_years
    cross join (select unnest(range(1, 13)) as month) as calendar
),

monthly as (
    select
        office_code,
        year,
        period as month,
        bool_and(status = 'delivered') as is_in
    from required
    where period_kind = 'month'
    group by all
),

months_judged as (
    select
        months.office_code,
        months.year,
        months.month,
        months.is_closed and coalesce(monthly.is_in, true) as is_complete
    from months
    left join monthly
        on months.office_code = monthly.office_code
        and months.year = monthly.year
        and months.month = monthly.month
),

{# The months complete in a row from January: up to the first that is not. #}
months_complete as (
    select
        office_code,
        year,
        coalesce(min(month) filter (where not is_complete) - 1, 12) as months_complete
    from months_judged
    group by all
),

counts as (
    select
        office_code,
        year,
        count(*) filter (where is_period_closed) as deliveries_due,
        count(*) filter (where is_period_closed and status = 'delivered')
            as deliveries_delivered,
        count(*) filter (where is_period_closed and status = 'rejected')
            as deliveries_rejected,
        count(*) filter (where is_period_closed and status = 'missing')
            as deliveries_missing,
        count(*) filter (where status = 'delivered') = count(*) as has_every_delivery
    from required
    group by all
),

judged as (
    select
        office_years.office_code,
        office_years.year,
        make_date(office_years.year, 12, 31) < office_years.reference_date
        and coalesce(counts.has_every_delivery, true) as is_complete,
        months_complete.months_complete,
        {{ indonesian_month_name('months_complete.months_complete') }} as month_name,
        coalesce(counts.deliveries_due, 0) as deliveries_due,
        coalesce(counts.deliveries_delivered, 0) as deliveries_delivered,
        coalesce(counts.deliveries_rejected, 0) as deliveries_rejected,
        coalesce(counts.deliveries_missing, 0) as deliveries_missing,
        office_years.reference_date
    from office_years
    inner join months_complete
        on office_years.office_code = months_complete.office_code
        and office_years.year = months_complete.year
    left join counts
        on office_years.office_code = counts.office_code
        and office_years.year = counts.year
),

final as (
    select
        office_code,
        year,
        case when is_complete then 'complete' else 'provisional' end as status,
        is_complete,
        case
            when months_complete > 0 then last_day(make_date(year, months_complete, 1))
        end as data_through_date,
        case
            when is_complete then 'Lengkap'
            when months_complete > 0
                then concat('Sementara, data s.d. ', month_name, ' ', year)
            else 'Sementara, belum ada bulan yang lengkap'
        end as status_label,
        months_complete,
        deliveries_due,
        deliveries_delivered,
        deliveries_rejected,
        deliveries_missing,
        reference_date
    from judged
)

select * from final
