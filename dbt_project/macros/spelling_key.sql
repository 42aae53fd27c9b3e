{# The key a typed spelling is looked up by: lower case, trimmed, inner spaces folded. #}
{% macro spelling_key(column) -%}
    nullif(regexp_replace(lower(trim({{ column }})), '\s+', ' ', 'g'), '')
{%- endmacro %}
