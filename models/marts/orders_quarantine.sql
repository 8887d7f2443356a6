-- Raw order rows that were not accepted, exactly as received (as text), with the reason.
with

validated as (

    select * from {{ ref('customer_lifecycle', 'stg_lifecycle__orders_validated') }}

),

final as (

    select
        order_id_raw as order_id,
        customer_id_raw as customer_id,
        ordered_at_raw as ordered_at,
        amount_raw as amount,
        status_raw as status,
        quarantine_reason as reason
    from validated
    where quarantine_reason is not null

)

select * from final
