with source as (
    select * from {{ source('raw', 'narasi') }}
),

renamed as (
    select
        office_code,
        cast(file_period as integer) as year,
        kode_iku as indicator_code,
        informasi_kinerja as performance_information,
        penyebab as causes,
        kendala as obstacles,
        upaya as efforts,
        rencana_tindak_lanjut as follow_up_plan,
        source_file,
        source_row
    from source
)

select * from renamed
