{#- The columns together identify a row (a null counts as a value). Use for a grain.

    rechecked_with: a raw table (e.g. 'penempatan'), for a grain that includes
    office_code over record-level rows. A refresh that rebuilds only changed slices
    then checks the offices with a changed slice of that table, every year of them:
    a key never spans offices, and the rows of every other office are those that
    passed this same test in the last complete build (a changed test changes the
    project's fingerprint, and the refresh checks everything). -#}
{% test unique_combination(model, columns, rechecked_with=none) %}
    {%- if rechecked_with and 'office_code' not in columns -%}
        {{ exceptions.raise_compiler_error(
            "unique_combination: rechecked_with needs office_code among the columns"
        ) }}
    {%- endif %}
    select {{ columns | join(', ') }}, count(*) as rows_with_this_key
    from {{ model }}
    {%- if rechecked_with %}
    where {{ changed_slices_filter(rechecked_with, year_column=none) }}
    {%- endif %}
    group by all
    having count(*) > 1
{% endtest %}
