{{ config(enabled=lifecycle_var('lifecycle_has_order_lines')) }}
-- Per list: the people with one, the products it shows anybody, and the products bought so far.
with

recommendations as (

    select * from {{ ref('customer_lifecycle', 'customer_recommendations') }}

),

bought as (

    select count(distinct product_id) as products
    from {{ ref('customer_lifecycle', 'int_lifecycle__product_orders') }}

),

final as (

    select
        recommendations.list,
        count(distinct recommendations.person_id) as people,
        count(distinct recommendations.product_id) as products_listed,
        max(bought.products) as products_bought
    from recommendations
    cross join bought
    group by recommendations.list

)

select * from final
