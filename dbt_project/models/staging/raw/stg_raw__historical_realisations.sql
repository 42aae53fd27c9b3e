with source as (
    select * from {{ source('raw', 'realisasi_historis') }}
),

renamed as (
    select
        office_code,
        tahun as year,
        kode_iku as indicator_code,
        realisasi as realisation,
        jumlah_kasus as cases_received,
        source_file,
        source_row
    from source
)

select * from renamed
