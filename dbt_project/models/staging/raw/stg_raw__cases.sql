with source as (
    select * from {{ source('raw', 'kasus') }}
),

renamed as (
    select
        no_pengaduan as case_id,
        office_code,
        nama_pmi_pseudonym as worker_name_pseudonym,
        negara as country_as_typed,
        {{ spelling_key('negara') }} as country_key,
        jenis_kasus as case_type_as_typed,
        {{ spelling_key('jenis_kasus') }} as case_type_key,
        status,
        status = 'Proses' as is_open,
        unit_layanan as unit_name,
        kanal as channel,
        year(tanggal_pengaduan) as year,
        quarter(tanggal_pengaduan) as quarter,
        month(tanggal_pengaduan) as month,
        tanggal_pengaduan as received_date,
        source_file,
        source_row
    from source
)

select * from renamed
