with source as (
    select * from {{ source('raw', 'penempatan') }}
),

renamed as (
    select
        id_pmi as placement_id,
        office_code,
        nik_pseudonym as worker_nik_pseudonym,
        nama_pseudonym as worker_name_pseudonym,
        jenis_kelamin as sex,
        unit_layanan as unit_name,
        jenis_unit as unit_type,
        skema as scheme,
        case
            when skema in ('Mandiri', 'Pelaut') then 'TKI Mandiri / Pelaut'
            else 'TKI Reguler'
        end as scheme_group,
        sektor as sector,
        negara_tujuan as destination_country_as_typed,
        {{ spelling_key('negara_tujuan') }} as destination_country_key,
        jabatan as job_position,
        kab_kota_asal as origin_regency,
        p3mi as placement_company,
        year(tanggal_penempatan) as year,
        quarter(tanggal_penempatan) as quarter,
        month(tanggal_penempatan) as month,
        tanggal_penempatan as placement_date,
        source_file,
        source_row
    from source
)

select * from renamed
