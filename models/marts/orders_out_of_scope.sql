-- Valid orders dated after the as-of date: not errors, just outside the analysed period
-- (back-testing with an explicit as_of_date). Counted here so no row goes missing.
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
        orders.amount,
        orders.status,
        as_of.as_of_date
    from orders
    inner join as_of
        on orders.order_date > as_of.as_of_date

)

select * from final
