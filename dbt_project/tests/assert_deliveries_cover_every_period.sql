{#- Every expected office-year owes every table of the contract: twelve rows of a
    monthly table, one of an annual or standing one. -#}
select office_code, year, table_name, period_kind, count(*) as periods
from {{ ref('fct_deliveries') }}
group by all
having count(*) <> case period_kind when 'month' then 12 else 1 end
union all
select office_code, year, null, null, count(distinct table_name)
from {{ ref('fct_deliveries') }}
group by all
having count(distinct table_name) <> (select count(*) from {{ ref('feed_tables') }})
