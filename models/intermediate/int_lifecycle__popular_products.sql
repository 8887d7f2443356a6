{{ config(enabled=lifecycle_var('lifecycle_has_order_lines')) }}
-- Products by how many customers bought them in the last lifecycle_recommendations_popular_days days before
-- the as-of date: the "popular now" list of customer_recommendations (and of the report).
with

as_of as (

    select as_of_date from {{ ref('customer_lifecycle', 'int_lifecycle__as_of_date') }}

),

recent_buyers as (

    select distinct
        product_orders.customer_id,
        product_orders.product_id
    from {{ ref('customer_lifecycle', 'int_lifecycle__product_orders') }} as product_orders
    cross join as_of
    where product_orders.order_date
        > {{ lifecycle_add_days(-lifecycle_var('lifecycle_recommendations_popular_days'), 'as_of.as_of_date') }}

),

counted as (

    select
        product_id,
        count(*) as buyers
    from recent_buyers
    group by product_id

),

final as (

    select
        product_id,
        buyers,
        -- the share of the window's buyers who bought it
        {%- set window_buyers = "(select count(distinct customer_id) from recent_buyers)" %}
        {{ lifecycle_round("cast(buyers as " ~ lifecycle_type_double() ~ ") / " ~ window_buyers, 6) }} as score,
        cast(row_number() over (order by buyers desc, product_id asc) as integer) as popularity_rank
    from counted

)

select * from final
