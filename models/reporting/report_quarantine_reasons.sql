-- Quarantined raw order rows per reason (orders_quarantine keeps each row verbatim with its reason).
with

quarantine as (

    select * from {{ ref('customer_lifecycle', 'orders_quarantine') }}

),

final as (

    select
        reason,
        count(*) as row_count
    from quarantine
    group by reason

)

select * from final
