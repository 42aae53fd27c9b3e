{#- The LKj's Lampiran IV: every prevented non-procedural departure, one row per person
    in the order of the office's recap (62 rows for JATENG 2024). The person is the
    pseudonym the ingest gave the name (never the name); a row that repeats an earlier
    person (the ingest compares the clear names before pseudonymising them) names that
    row's number. An organiser that names no kind of organisation (PT, CV, Yayasan, LPK,
    P3MI, ..., Perseorangan) may be a person's name and is shown as
    'Perseorangan (nama tidak dicetak)'. -#}
with recap as (
    select * from {{ ref('stg_raw__preventions') }}
),

preventions as (
    select
        *,
        row_number() over (
            partition by office_code, year order by source_file, source_row
        ) as prevention_number
    from recap
),

final as (
    select
        preventions.office_code,
        preventions.year,
        preventions.prevention_number,
        preventions.recap_number,
        preventions.location,
        {#- The organiser column holds a company, an institution or a person: a person's
            name is never shown (only what names a kind of organisation is kept). #}
        case
            when
                regexp_matches(
                    preventions.organiser,
                    '^\s*(pt|cv|ud|yayasan|koperasi|lpk|blk|p3mi|pptkis|lembaga|dinas|kantor'
                    || '|perseorangan|perorangan|mandiri)\b',
                    'i'
                )
                then preventions.organiser
            when preventions.organiser is not null then 'Perseorangan (nama tidak dicetak)'
        end as organiser,
        preventions.person_name_pseudonym,
        preventions.sex,
        preventions.intended_country_as_typed,
        preventions.origin_area,
        preventions.problem,
        preventions.follow_up,
        earlier.prevention_number as suspected_duplicate_of_number,
        earlier.recap_number as suspected_duplicate_of_recap_number,
        preventions.prevention_date
    from preventions
    left join preventions as earlier
        on preventions.source_file = earlier.source_file
        and preventions.suspected_duplicate_of_row = earlier.source_row
)

select * from final
