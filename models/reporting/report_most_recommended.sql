{{ config(enabled=lifecycle_var('lifecycle_has_order_lines')) }}
-- The products on the most people's lists, per list (buy_again, discover).
with

recommendations as (

    select * from {{ ref('customer_lifecycle', 'customer_recommendations') }}

),

final as (

    select
        list,
        product_id,
        max(product_name) as product_name,
        count(*) as people
    from recommendations
    group by
        list,
        product_id

)

select * from final
