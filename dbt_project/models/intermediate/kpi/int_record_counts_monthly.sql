{#- The records of every counted indicator per office, year and month, counted as
    int_record_counts_quarterly counts them per quarter (macros/renstra.sql,
    renstra_record_counts): what the progress during the year adds up from 1 January to
    the last complete month (marts.fct_indicator_progress). A year has records for an
    indicator when its feed has rows in that year; its months without rows then count
    zero (macros/renstra.sql, renstra_record_counts_by). -#}
{{ renstra_record_counts_by('month', 12, renstra_indicators()) }}
