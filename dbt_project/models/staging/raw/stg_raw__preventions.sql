with source as (
    select * from {{ source('raw', 'pencegahan') }}
),

renamed as (
    select
        office_code,
        no as recap_number,
        lokasi as location,
        pelaksana as organiser,
        nama_pmi_pseudonym as person_name_pseudonym,
        case when l then 'L' when p then 'P' end as sex,
        negara_penempatan as intended_country_as_typed,
        {{ spelling_key('negara_penempatan') }} as intended_country_key,
        daerah_asal as origin_area,
        permasalahan as problem,
        tindak_lanjut as follow_up,
        suspected_duplicate_of_row,
        suspected_duplicate_of_row is not null as is_suspected_duplicate,
        year(tanggal) as year,
        quarter(tanggal) as quarter,
        month(tanggal) as month,
        tanggal as prevention_date,
        source_file,
        source_row
    from source
)

select * from renamed
