with source as (
    select * from {{ source('audit', 'quarantine') }}
),

renamed as (
    select
        office_code,
        feed,
        table_name,
        source_file,
        source_row,
        file_period,
        rule,
        column_name,
        detail,
        detail_id
    from source
)

select * from renamed
