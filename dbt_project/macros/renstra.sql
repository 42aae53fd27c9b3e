{#- The Renstra declaration (var `renstra` of dbt_project.yml) as Jinja values and SQL.
    pipelines/indicators.py reads the same declaration for the Python and checks its
    rules (tests/test_indicators.py). -#}


{#- A Python value as an SQL literal: text quoted, none as null. -#}
{% macro sql_literal(value) %}
    {%- if value is none -%}
        {{- return('null') -}}
    {%- elif value is string -%}
        {{- return("'" ~ (value | replace("'", "''")) ~ "'") -}}
    {%- elif value is sameas true or value is sameas false -%}
        {{- return('true' if value else 'false') -}}
    {%- else -%}
        {{- return(value | string) -}}
    {%- endif -%}
{% endmacro %}


{#- The entries of one list of the declaration (`indicators`, `goals`) for each period
    they apply to: one dict per (period, entry), the entry's fields with the period's
    name and years beside them (renstra_period, first_year, last_year). -#}
{% macro renstra_by_period(list_name) %}
    {%- set renstra = var('renstra') -%}
    {%- set rows = [] -%}
    {%- for entry in renstra[list_name] -%}
        {%- for period in renstra['periods'] if period['period'] in entry['periods'] -%}
            {%- set row = {} -%}
            {%- do row.update(entry) -%}
            {%- do row.update({
                'renstra_period': period['period'],
                'first_year': period['first_year'],
                'last_year': period['last_year'],
            }) -%}
            {%- do rows.append(row) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{- return(rows) -}}
{% endmacro %}


{#- Every indicator of every period (renstra_by_period). -#}
{% macro renstra_indicators() %}
    {{- return(renstra_by_period('indicators')) -}}
{% endmacro %}


{#- The record-level models some indicator counts: {raw table: staging model}. -#}
{% macro renstra_record_feeds() %}
    {%- set feeds = {} -%}
    {%- for indicator in renstra_indicators() if indicator.get('feed') -%}
        {%- do feeds.update({indicator['feed']: indicator['model']}) -%}
    {%- endfor -%}
    {{- return(feeds) -}}
{% endmacro %}


{#- A select of literal rows: one row per dict of `rows`, the given columns in order,
    each the dict's value of its key, cast to its type ({column: (key, type)}). -#}
{% macro rows_as_select(rows, columns) %}
    {%- for row in rows %}
    select
        {%- for column, (key, type) in columns.items() %}
        {{ sql_literal(row.get(key)) }}::{{ type }} as {{ column }}
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{% endmacro %}


{#- A realisation or base from the records where the office-year has them, else from the
    historical feed: every row of `records`, and the rows of `history` whose office, year
    and indicator have none in `records`. -#}
{% macro records_else_history(records, history) %}
    select * from {{ records }}
    union all
    select * from {{ history }}
    where
        not exists (
            select 1 from {{ records }}
            where {{ records }}.office_code = {{ history }}.office_code
                and {{ records }}.year = {{ history }}.year
                and {{ records }}.indicator_code = {{ history }}.indicator_code
        )
{% endmacro %}


{#- The records of every counted indicator of `indicators` (renstra_indicators(); one
    with a `feed`) per office, year and `period` (a column of every record-level staging
    model: `quarter` or `month`), as
    the declaration says to count them: the rows of the indicator's feed in the years of
    its period that match its `where` (records), and what its formula adds up (amount:
    the rows matching the numerator of a ratio, the column of a sum, else the rows
    again). In an incremental model only the changed slices of each feed. -#}
{% macro renstra_record_counts(period, indicators) %}
    {%- for indicator in indicators if indicator.get('feed') %}
    select
        office_code,
        year,
        {{ period }},
        {{ sql_literal(indicator['code']) }} as indicator_code,
        {{ sql_literal(indicator['feed']) }} as feed,
        count(*) as records,
        {%- if indicator['kind'] == 'ratio' %}
        count(*) filter (where {{ indicator['numerator'] }})::double as amount
        {%- elif indicator['kind'] == 'sum' %}
        coalesce(sum({{ indicator['column'] }}), 0)::double as amount
        {%- else %}
        count(*)::double as amount
        {%- endif %}
    from {{ ref(indicator['model']) }}
    where year between {{ indicator['first_year'] }} and {{ indicator['last_year'] }}
        {%- if indicator.get('where') %}
        and ({{ indicator['where'] }})
        {%- endif %}
        {%- if is_incremental() %}
        and {{ changed_slices_filter(indicator['feed']) }}
        {%- endif %}
    group by all
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{% endmacro %}


{#- The records of `indicators` (renstra_indicators(): an argument, so that sqlfluff
    lints with its own) per office, year and `period` (month or
    quarter, numbered 1 to `periods`): renstra_record_counts, with a year's periods
    without rows counted zero once its feed has rows in that year (the CTEs of
    int_record_counts_monthly and int_record_counts_quarterly). -#}
{% macro renstra_record_counts_by(period, periods, indicators) -%}
with counted as (
    {{ renstra_record_counts(period, indicators) }}
),

record_years as (
    select distinct office_code, year, indicator_code, feed from counted
),

periods as (
    select unnest(range(1, {{ periods + 1 }})) as {{ period }}
),

final as (
    select
        record_years.office_code,
        record_years.year,
        periods.{{ period }},
        record_years.indicator_code,
        record_years.feed,
        coalesce(counted.records, 0) as records,
        coalesce(counted.amount, 0) as amount
    from record_years
    cross join periods
    left join counted
        on record_years.office_code = counted.office_code
        and record_years.year = counted.year
        and record_years.indicator_code = counted.indicator_code
        and periods.{{ period }} = counted.{{ period }}
)

select * from final
{%- endmacro %}
