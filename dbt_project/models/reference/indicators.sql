{#- The indicators (IKU) of every Renstra period, one row per period and indicator, as
    dbt_project.yml declares them (var `renstra`). A code is unique within a period;
    join on the code and the year between first_year and last_year. -#}
{%- set columns = {
    'renstra_period': 'varchar',
    'first_year': 'integer',
    'last_year': 'integer',
    'indicator_code': 'varchar',
    'goal_code': 'varchar',
    'indicator_name': 'varchar',
    'indicator_name_en': 'varchar',
    'unit': 'varchar',
    'polarity': 'varchar',
    'kind': 'varchar',
    'quarters': 'varchar',
    'feed': 'varchar',
    'score_components': 'varchar',
    'definition': 'varchar',
} %}
{%- set rows = [] %}
{%- for indicator in renstra_indicators() %}
{%- do rows.append({
    'renstra_period': indicator['renstra_period'],
    'first_year': indicator['first_year'],
    'last_year': indicator['last_year'],
    'indicator_code': indicator['code'],
    'goal_code': indicator['goal'],
    'indicator_name': indicator['name'],
    'indicator_name_en': indicator['name_en'],
    'unit': indicator['unit'],
    'polarity': indicator['polarity'],
    'kind': indicator['kind'],
    'quarters': indicator['quarters'],
    'feed': indicator.get('feed'),
    'score_components': indicator.get('score_components'),
    'definition': indicator['definition'],
}) %}
{%- endfor %}
with declared as (
    {{ rows_as_select(rows, columns) }}
)

select * from declared
