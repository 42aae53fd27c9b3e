{#- The columns together identify a row (a null counts as a value). Use for a grain. -#}
{% test unique_combination(model, columns) %}
    select {{ columns | join(', ') }}, count(*) as rows_with_this_key
    from {{ model }}
    group by all
    having count(*) > 1
{% endtest %}
