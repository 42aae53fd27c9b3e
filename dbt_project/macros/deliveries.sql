{#- What an office is expected to deliver, from the feeds' declarations: the generated
    source `raw` (models/staging/raw/_raw__sources.yml, written by
    `python -m pipelines.contract.docs` from pipelines/contract/<feed>.py) carries in each
    table's meta its feed, the period one file covers and whether the feed is optional.
    docs/warehouse.md, "What has arrived". -#}


{#- The raw tables as dicts {table_name, feed, period, optional, position}, in the
    source's order (the order a refresh loads them; position counts from 1). The graph is filled when dbt executes; when it only
    parses, there are none. -#}
{% macro raw_feed_tables() %}
    {%- set tables = [] -%}
    {%- if execute -%}
        {%- for source in graph.sources.values()
            if source.package_name == project_name and source.source_name == 'raw' -%}
            {%- do tables.append({
                'table_name': source.name,
                'feed': source.meta['feed'],
                'period': source.meta['period'],
                'optional': source.meta['optional'],
                'position': tables | length + 1,
            }) -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(tables) -}}
{% endmacro %}


{#- An Indonesian month's name of a month number (an SQL expression, 1-12); the LKj
    and the reports write months so ("Maret 2025"). -#}
{% macro indonesian_month_name(month) -%}
    ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus',
        'September', 'Oktober', 'November', 'Desember'][{{ month }}]
{%- endmacro %}


{#- The date periods close by: the var `reference_date` (YYYY-MM-DD) when the run is
    given one (the warehouse resource's `reference_date`: tests fix "today" so), else the
    day this dbt run started in Jakarta (WIB), the refresh's own day. -#}
{% macro reference_date() -%}
    {%- set given = var('reference_date', none) -%}
    {%- if given -%}
        date '{{ given }}'
    {%- else -%}
        date '{{ run_started_at.astimezone(modules.pytz.timezone("Asia/Jakarta")).strftime("%Y-%m-%d") }}'
    {%- endif -%}
{%- endmacro %}


{#- The days after its period ends by which a file is due (an SQL expression of the
    columns `feed_column` and `kind_column`): the feed's own (var `due_days_by_feed`,
    setting DUE_DAYS_BY_FEED), else its period kind's (var `due_days`: DUE_DAYS_MONTHLY,
    DUE_DAYS_ANNUAL, DUE_DAYS_STANDING), as the warehouse resource passes them; a run
    given neither (`dbt` alone, a unit test) has no due dates. docs/operations.md,
    "Due dates". -#}
{% macro due_days(feed_column, kind_column) -%}
    case
        when false then null::integer
        {%- for feed, days in var('due_days_by_feed', {}).items() %}
        when {{ feed_column }} = '{{ feed }}' then {{ days | int }}
        {%- endfor %}
        {%- for kind, days in var('due_days', {}).items() %}
        when {{ kind_column }} = '{{ kind }}' then {{ days | int }}
        {%- endfor %}
    end
{%- endmacro %}
