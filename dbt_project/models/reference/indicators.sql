{#- The indicators (IKU) of every Renstra period, one row per period and indicator, as
    dbt_project.yml declares them (var `renstra`). A code is unique within a period;
    join on the code and the year between first_year and last_year. -#}
with declared as (
    {{ rows_as_select(renstra_indicators(), {
        'renstra_period': ('renstra_period', 'varchar'),
        'first_year': ('first_year', 'integer'),
        'last_year': ('last_year', 'integer'),
        'indicator_code': ('code', 'varchar'),
        'goal_code': ('goal', 'varchar'),
        'indicator_name': ('name', 'varchar'),
        'indicator_name_en': ('name_en', 'varchar'),
        'unit': ('unit', 'varchar'),
        'polarity': ('polarity', 'varchar'),
        'kind': ('kind', 'varchar'),
        'quarters': ('quarters', 'varchar'),
        'feed': ('feed', 'varchar'),
        'score_name': ('score_name', 'varchar'),
        'definition': ('definition', 'varchar'),
    }) }}
)

select * from declared
