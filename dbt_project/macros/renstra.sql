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


{#- Every indicator of every period: one dict per (period, indicator), with the
    period's name and years beside the indicator's fields. -#}
{% macro renstra_indicators() %}
    {%- set renstra = var('renstra') -%}
    {%- set rows = [] -%}
    {%- for indicator in renstra['indicators'] -%}
        {%- for period in renstra['periods'] if period['period'] in indicator['periods'] -%}
            {%- set row = {} -%}
            {%- do row.update(indicator) -%}
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


{#- Every goal of every period: one dict per (period, goal), with the goal's columns
    as the model `goals` publishes them. -#}
{% macro renstra_goals() %}
    {%- set renstra = var('renstra') -%}
    {%- set rows = [] -%}
    {%- for goal in renstra['goals'] -%}
        {%- for period in renstra['periods'] if period['period'] in goal['periods'] -%}
            {%- do rows.append({
                'renstra_period': period['period'],
                'first_year': period['first_year'],
                'last_year': period['last_year'],
                'goal_code': goal['goal'],
                'goal_name': goal['name'],
                'goal_name_en': goal['name_en'],
            }) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{- return(rows) -}}
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
    each cast to its type ({column: type}). -#}
{% macro rows_as_select(rows, columns) %}
    {%- for row in rows %}
    select
        {%- for column, type in columns.items() %}
        {{ sql_literal(row.get(column)) }}::{{ type }} as {{ column }}
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
