{{ config(enabled=lifecycle_var('lifecycle_has_order_lines')) }}
-- What each customer bought and kept: one row per customer, product and completed order (a product on
-- several lines of one order counts once), leaving out every product the customer returned (a line of a
-- returned order, or a reversal line of a completed order). product_similarity learns from these rows, and
-- customer_recommendations scores them.
with

purchases as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__product_purchases') }}

),

returned as (

    select distinct
        customer_id,
        product_id
    from purchases
    -- a cancelled order never happened: its lines, reversal lines too, say nothing
    where order_status = 'returned' or (order_status = 'completed' and line_kind = 'reversal')

),

final as (

    select
        purchases.customer_id,
        purchases.product_id,
        purchases.order_id,
        min(purchases.order_date) as order_date
    from purchases
    left join returned
        on purchases.customer_id = returned.customer_id
        and purchases.product_id = returned.product_id
    where purchases.order_status = 'completed'
        and purchases.line_kind = 'sale'
        and returned.product_id is null
    group by purchases.customer_id, purchases.product_id, purchases.order_id

)

select * from final
