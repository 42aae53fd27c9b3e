with source as (
    select * from {{ source('raw', 'target_kinerja') }}
),

renamed as (
    select
        office_code,
        tahun as year,
        kode_iku as indicator_code,
        dasar as target_basis,
        triwulan as quarter,
        target,
        satuan as unit,
        source_file,
        source_row
    from source
)

select * from renamed
