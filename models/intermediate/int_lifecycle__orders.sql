-- Accepted orders on or before the as-of date: the only orders any mart may see.
with

orders as (

    select * from {{ ref('customer_lifecycle', 'stg_lifecycle__orders') }}

),

as_of as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__as_of_date') }}

),

final as (

    select
        orders.order_id,
        orders.customer_id,
        orders.ordered_at,
        orders.order_date,
        orders.amount,
        orders.status,
        case when orders.status = 'completed' then 1 else 0 end as is_completed,
        case when orders.status = 'returned' then 1 else 0 end as is_returned,
        -- revenue that stayed: completed orders only (returned and cancelled earn nothing)
        case when orders.status = 'completed' then orders.amount else 0 end as net_amount
    from orders
    inner join as_of
        on orders.order_date <= as_of.as_of_date

)

select * from final
