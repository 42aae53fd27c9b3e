{# Custom schemas are used as they are (marts, staging, ...), not prefixed with the target's. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{- custom_schema_name if custom_schema_name is not none else target.schema -}}
{%- endmacro %}
