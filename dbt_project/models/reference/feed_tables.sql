{#- The raw tables of the contract, one row per table, with what one file of it covers:
    as the feeds declare them (pipelines/contract/<feed>.py), through the generated
    source's meta (macros/deliveries.sql). -#}
{%- set tables = raw_feed_tables() %}
with declared as (
    {%- if tables %}
    {{ rows_as_select(tables, {
        'feed': ('feed', 'varchar'),
        'table_name': ('table_name', 'varchar'),
        'period_kind': ('period', 'varchar'),
        'is_optional': ('optional', 'boolean'),
        'table_order': ('position', 'integer'),
    }) }}
    {%- else %}
    select
        null::varchar as feed,
        null::varchar as table_name,
        null::varchar as period_kind,
        null::boolean as is_optional,
        null::integer as table_order
    where false
    {%- endif %}
)

select * from declared
