with source as (
    select * from {{ source('raw', 'tata_kelola_nilai') }}
),

renamed as (
    select
        office_code,
        cast(file_period as integer) as year,
        triwulan as quarter,
        kode_iku as indicator_code,
        nilai as score,
        predikat as label,
        source_file,
        source_row
    from source
)

select * from renamed
