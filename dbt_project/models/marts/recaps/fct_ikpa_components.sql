{#- The LKj's IKPA appendix: each component of the year's IKPA (Indikator Kinerja
    Pelaksanaan Anggaran) with its score, its weight and the weighted score the appendix
    prints as "Nilai Akhir" (score times weight over 100, to 2 decimals). The year's
    IKPA is their sum (97,12 for JATENG 2024); dq_findings says where it is not. -#}
with components as (
    select * from {{ ref('stg_raw__ikpa_components') }}
),

final as (
    select
        office_code,
        year,
        row_number() over (
            partition by office_code, year order by source_file, source_row
        ) as component_number,
        aspect,
        component,
        score,
        weight,
        round(score * weight / 100, 2) as weighted_score
    from components
)

select * from final
