with source as (
    select * from {{ source('raw', 'pemberdayaan') }}
),

renamed as (
    select
        office_code,
        nama_kegiatan as activity_name,
        lokasi as location,
        nik_pseudonym as participant_nik_pseudonym,
        nama_peserta_pseudonym as participant_name_pseudonym,
        status_peserta as participant_status,
        year(tanggal_kegiatan) as year,
        quarter(tanggal_kegiatan) as quarter,
        month(tanggal_kegiatan) as month,
        tanggal_kegiatan as activity_date,
        source_file,
        source_row
    from source
)

select * from renamed
