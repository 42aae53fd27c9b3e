with source as (
    select * from {{ source('raw', 'orientasi') }}
),

renamed as (
    select
        office_code,
        no as list_number,
        nama_cpmi_pseudonym as worker_name_pseudonym,
        nik_pseudonym as worker_nik_pseudonym,
        jenis_kelamin as sex,
        negara_tujuan as destination_country_as_typed,
        {{ spelling_key('negara_tujuan') }} as destination_country_key,
        skema as scheme,
        lokasi as location,
        year(tanggal_opp) as year,
        quarter(tanggal_opp) as quarter,
        month(tanggal_opp) as month,
        tanggal_opp as orientation_date,
        source_file,
        source_row
    from source
)

select * from renamed
