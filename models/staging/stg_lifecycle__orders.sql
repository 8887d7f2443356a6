-- Accepted orders: one typed row per order id, every status, any date
-- (the as-of cut happens in int_lifecycle__orders so out-of-scope rows can be counted).
with

validated as (

    select * from {{ ref('customer_lifecycle', 'stg_lifecycle__orders_validated') }}

),

final as (

    select
        order_id,
        customer_id,
        ordered_at,
        order_date,
        amount,
        status
    from validated
    where quarantine_reason is null

)

select * from final
