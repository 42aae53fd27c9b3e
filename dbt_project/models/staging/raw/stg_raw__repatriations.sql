with source as (
    select * from {{ source('raw', 'pemulangan') }}
),

renamed as (
    select
        id_pemulangan as repatriation_id,
        office_code,
        nama_pmi_pseudonym as worker_name_pseudonym,
        kategori as category,
        negara as country_as_typed,
        {{ spelling_key('negara') }} as country_key,
        kab_kota_asal as origin_regency,
        year(tanggal) as year,
        quarter(tanggal) as quarter,
        month(tanggal) as month,
        tanggal as arrival_date,
        source_file,
        source_row
    from source
)

select * from renamed
