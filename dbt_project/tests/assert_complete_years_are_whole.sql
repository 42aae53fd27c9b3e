{#- A complete office-year has all twelve months and nothing due missing or rejected. -#}
select *
from {{ ref('fct_office_year_status') }}
where
    is_complete
    and (
        months_complete <> 12
        or deliveries_missing > 0
        or deliveries_rejected > 0
        or deliveries_delivered <> deliveries_due
    )
