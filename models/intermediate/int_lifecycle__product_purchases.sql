{{ config(enabled=lifecycle_var('lifecycle_has_order_lines')) }}
-- Accepted order lines of orders on or before the as-of date, with their order's customer, date and status:
-- the only product history product_similarity (Python) and customer_recommendations may see.
with

lines as (

    select * from {{ ref('customer_lifecycle', 'stg_lifecycle__order_lines') }}
    where quarantine_reason is null

),

as_of as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__as_of_date') }}

),

final as (

    select
        lines.customer_id,
        lines.product_id,
        lines.order_id,
        lines.order_date,
        lines.order_status,
        lines.line_kind,
        lines.quantity,
        lines.line_amount
    from lines
    inner join as_of
        on lines.order_date <= as_of.as_of_date

)

select * from final
