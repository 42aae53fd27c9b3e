with source as (
    select * from {{ source('raw', 'anggaran_dipa') }}
),

renamed as (
    select
        office_code,
        cast(file_period as integer) as year,
        pagu_awal_total as ceiling_initial_total,
        pagu_setelah_aa_total as ceiling_after_adjustment_total,
        source_file,
        source_row
    from source
)

select * from renamed
