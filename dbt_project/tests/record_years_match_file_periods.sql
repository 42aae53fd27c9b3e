{#- Every record lies in the year of its file's period. The incremental models find an
    office-year slice by the year of the record's date, the ingest names it by the year
    of the file's period (audit.changed_slices): they agree because the ingest
    quarantines rows dated outside their file's period, and this test holds it to
    that. A refresh that rebuilds only changed slices checks those slices' rows.
    A check of the record counts (the first model sliced this way), in dbt and Dagster. -#}
{{ config(meta={'dagster': {'ref': {'name': 'int_record_counts_quarterly'}}}) }}
-- depends_on: {{ ref('int_record_counts_quarterly') }}
{#- The record-level feeds some indicator counts (var `renstra`): the year of each
    record as its staging model gives it, against the year of its file's period. -#}
{%- for raw_table, model in renstra_record_feeds().items() %}
select '{{ raw_table }}' as table_name, records.source_file, records.source_row, records.year
from {{ ref(model) }} as records
inner join {{ source('raw', raw_table) }} as raw_rows
    on records.source_file = raw_rows.source_file
    and records.source_row = raw_rows.source_row
where records.year is distinct from try_cast(left(raw_rows.file_period, 4) as integer)
    and {{ changed_slices_filter(
        raw_table,
        office_column='raw_rows.office_code',
        year_column='try_cast(left(raw_rows.file_period, 4) as integer)'
    ) }}
{%- if not loop.last %}
union all
{%- endif %}
{%- endfor %}
