with source as (
    select * from {{ source('raw', 'anggaran_pagu') }}
),

renamed as (
    select
        office_code,
        cast(file_period as integer) as year,
        kode_kegiatan as activity_code,
        nama_kegiatan as activity_name,
        sasaran as goal_code,
        pagu_awal as ceiling_initial,
        pagu_setelah_aa as ceiling_after_adjustment,
        source_file,
        source_row
    from source
)

select * from renamed
