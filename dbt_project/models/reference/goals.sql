{#- The strategic goals (sasaran strategis) of every Renstra period, one row per period
    and goal, as dbt_project.yml declares them (var `renstra`). -#}
with declared as (
    {{ rows_as_select(renstra_goals(), {
        'renstra_period': 'varchar',
        'first_year': 'integer',
        'last_year': 'integer',
        'goal_code': 'varchar',
        'goal_name': 'varchar',
        'goal_name_en': 'varchar',
    }) }}
)

select * from declared
