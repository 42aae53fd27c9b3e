{# A percentage as the LKj prints it: cut (not rounded) to two decimals. Rounding to 6
   decimals first removes binary noise, so that 0.29 * 100 does not become 28.99. #}
{% macro truncate_2dp(expression) -%}
    trunc(round(({{ expression }}) * 100, 6)) / 100
{%- endmacro %}

{# realisation / target x 100, or null where there is nothing to divide by. Where a
   lower realisation is better (polarity 'lower'), target / realisation x 100. #}
{% macro achievement(realisation, target, polarity="'higher'") -%}
    case
        when {{ polarity }} = 'lower'
            then case when {{ realisation }} <> 0 then {{ target }} / {{ realisation }} * 100 end
        when {{ target }} <> 0 then {{ realisation }} / {{ target }} * 100
    end
{%- endmacro %}

{# The mean of a DOUBLE column, the same to the last bit on every run: the sum is taken
   exactly in DECIMAL, so the order in which threads add the values does not matter. #}
{% macro stable_avg(expression) -%}
    (sum(({{ expression }})::decimal(38, 18))::double / count({{ expression }}))
{%- endmacro %}
