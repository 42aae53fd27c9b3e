{#- What was kept out of the warehouse, per current raw file and rule: where a data
    officer starts. Files with nothing quarantined are listed with rule null. -#}
with files as (
    select * from {{ ref('stg_audit__file_ledger') }}
    where status = 'current'
),

quarantine as (
    select * from {{ ref('stg_audit__quarantine') }}
),

by_rule as (
    select
        table_name,
        source_file,
        rule,
        count(*) as rows_quarantined,
        min(source_row) as first_row,
        arg_min(detail, source_row) as first_detail,
        arg_min(detail_id, source_row) as first_detail_id
    from quarantine
    group by all
),

final as (
    select
        files.office_code,
        files.feed,
        files.table_name,
        files.source_file,
        files.file_period,
        by_rule.rule,
        files.rows_read as file_rows_read,
        files.rows_loaded as file_rows_loaded,
        coalesce(by_rule.rows_quarantined, 0) as rows_quarantined,
        by_rule.first_row,
        by_rule.first_detail,
        by_rule.first_detail_id
    from files
    left join by_rule
        on files.table_name = by_rule.table_name
        and files.source_file = by_rule.source_file
)

select * from final
