{#- Every expected office-year owes every table of the contract: twelve rows of a
    monthly table, one of an annual or standing one; and a row of every table. The check
    belongs to fct_deliveries (it reads feed_tables too: Dagster needs the one asset). -#}
{{ config(meta={'dagster': {'ref': {'name': 'fct_deliveries'}}}) }}
select
    office_code,
    year,
    table_name,
    count(*) as periods
from {{ ref('fct_deliveries') }}
group by all
having count(*) <> case any_value(period_kind) when 'month' then 12 else 1 end
union all
select
    office_code,
    year,
    null as table_name,
    count(distinct table_name) as periods
from {{ ref('fct_deliveries') }}
group by all
having count(distinct table_name) <> (select count(*) from {{ ref('feed_tables') }})
