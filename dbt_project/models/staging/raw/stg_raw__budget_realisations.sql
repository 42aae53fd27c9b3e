with source as (
    select * from {{ source('raw', 'anggaran_realisasi') }}
),

renamed as (
    select
        office_code,
        cast(file_period as integer) as year,
        bulan as month,
        kode_kegiatan as activity_code,
        realisasi as realisation,
        source_file,
        source_row
    from source
)

select * from renamed
