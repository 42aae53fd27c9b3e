with source as (
    select * from {{ source('audit', 'value_warnings') }}
),

renamed as (
    select
        office_code,
        feed,
        table_name,
        source_file,
        source_row,
        file_period,
        try_cast(left(file_period, 4) as integer) as year,
        rule,
        column_name,
        value,
        suggestion,
        reference,
        detail,
        detail_id
    from source
)

select * from renamed
