with source as (
    select * from {{ source('raw', 'tata_kelola_ikpa') }}
),

renamed as (
    select
        office_code,
        cast(file_period as integer) as year,
        aspek as aspect,
        komponen as component,
        nilai as score,
        bobot as weight,
        source_file,
        source_row
    from source
)

select * from renamed
