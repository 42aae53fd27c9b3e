{#- How many raw rows were kept out of each office-year, per feed and rule: the count the
    LKj's reports print ("3 baris dikarantina"). The year is the period of the row's file;
    rows of files that span years (targets, history) have none, and are counted in
    fct_quarantine_summary only. -#}
with files as (
    select * from {{ ref('stg_audit__file_ledger') }}
    where status = 'current'
),

quarantine as (
    select * from {{ ref('stg_audit__quarantine') }}
),

final as (
    select
        quarantine.office_code,
        try_cast(left(quarantine.file_period, 4) as integer) as year,
        quarantine.feed,
        quarantine.rule,
        count(*) as rows_quarantined,
        count(distinct quarantine.source_file) as files
    from quarantine
    inner join files
        on quarantine.table_name = files.table_name
        and quarantine.source_file = files.source_file
    where year is not null
    group by all
)

select * from final
