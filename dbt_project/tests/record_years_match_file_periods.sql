{#- Every record lies in the year of its file's period. The incremental models find an
    office-year slice by the year of the record's date, the ingest names it by the year
    of the file's period (audit.changed_slices): they agree because the ingest
    quarantines rows dated outside their file's period, and this test holds it to
    that. A refresh that rebuilds only changed slices checks those slices' rows.
    A check of the record counts (the first model sliced this way), in dbt and Dagster. -#}
{{ config(meta={'dagster': {'ref': {'name': 'int_record_counts_quarterly'}}}) }}
-- depends_on: {{ ref('int_record_counts_quarterly') }}
{%- set feeds = [
    ('penempatan', 'tanggal_penempatan'),
    ('kasus', 'tanggal_pengaduan'),
    ('pencegahan', 'tanggal'),
    ('pemulangan', 'tanggal'),
    ('pemberdayaan', 'tanggal_kegiatan'),
] %}
{%- for raw_table, date_column in feeds %}
select '{{ raw_table }}' as table_name, source_file, source_row, {{ date_column }} as record_date
from {{ source('raw', raw_table) }}
where year({{ date_column }}) is distinct from try_cast(left(file_period, 4) as integer)
    and {{ changed_slices_filter(
        raw_table, year_column='try_cast(left(file_period, 4) as integer)'
    ) }}
{%- if not loop.last %}
union all
{%- endif %}
{%- endfor %}
