{#- The base of every reduction indicator per office and year: its records in the year
    where the year has them, else the count the historical feed gives in the column the
    declaration names (base_history_column, e.g. JUMLAH_KASUS). A reduction compares
    each year with the one before. -#}
{%- set reductions = [] %}
{%- for indicator in renstra_indicators() if indicator['kind'] == 'reduction' %}
{%- do reductions.append(indicator) %}
{%- endfor %}
with counts as (
    select * from {{ ref('int_record_counts_quarterly') }}
),

indicator_years as (
    select * from {{ ref('int_indicator_years') }}
    where kind = 'reduction'
),

{# The historical feed as its file heads its columns: the declaration names one. -#}
history as (
    select * from {{ source('raw', 'realisasi_historis') }}
),

from_records as (
    select
        counts.office_code, counts.year, counts.indicator_code,
        sum(counts.records) as records, 'records' as counted_from
    from counts
    inner join indicator_years using (year, indicator_code)
    group by all
),

{# A base year may lie before the indicator's period (the first year of a period
    compares with the last of the one before): the historical count of the code is
    taken for the year before each of the period's years too. -#}
from_history as (
    {%- for indicator in reductions %}
    {%- set column = indicator['base_history_column'] | lower %}
    select
        office_code,
        tahun as year,
        kode_iku as indicator_code,
        {{ column }}::bigint as records,
        'historical' as counted_from
    from history
    where kode_iku = {{ sql_literal(indicator['code']) }}
        and tahun between {{ indicator['first_year'] - 1 }} and {{ indicator['last_year'] }}
        and {{ column }} is not null
    {%- if not loop.last %}
    union
    {%- endif %}
    {%- else %}
    select null::varchar as office_code, null::integer as year,
        null::varchar as indicator_code, null::bigint as records,
        null::varchar as counted_from
    where false
    {%- endfor %}
),

final as (
    {{ records_else_history('from_records', 'from_history') }}
)

select * from final
