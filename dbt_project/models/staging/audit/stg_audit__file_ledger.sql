with source as (
    select * from {{ source('audit', 'file_ledger') }}
),

renamed as (
    select
        office_code,
        feed,
        table_name,
        source_file,
        sha256,
        file_period,
        status,
        size_bytes,
        rows_read,
        rows_loaded,
        rows_quarantined,
        extra_columns,
        first_seen_at,
        last_seen_at,
        status_changed_at,
        reject_rule,
        reject_row,
        reject_detail,
        reject_detail_id
    from source
)

select * from renamed
