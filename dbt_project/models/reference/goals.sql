{#- The strategic goals (sasaran strategis) of every Renstra period, one row per period
    and goal, as dbt_project.yml declares them (var `renstra`). -#}
with declared as (
    {{ rows_as_select(renstra_by_period('goals'), {
        'renstra_period': ('renstra_period', 'varchar'),
        'first_year': ('first_year', 'integer'),
        'last_year': ('last_year', 'integer'),
        'goal_code': ('goal', 'varchar'),
        'goal_name': ('name', 'varchar'),
        'goal_name_en': ('name_en', 'varchar'),
    }) }}
)

select * from declared
