-- One row per customer and day with at least one completed order (lifetimes' "period"),
-- with the gap to the previous purchase day. Gaps only look backwards, so filtering
-- purchase_date <= t later never leaks anything after t.
with

orders as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__orders') }}

),

daily as (

    select
        customer_id,
        order_date as purchase_date,
        count(*) as orders_count,
        sum(amount) as revenue
    from orders
    where status = 'completed'
    group by
        customer_id,
        order_date

),

sequenced as (

    select
        customer_id,
        purchase_date,
        orders_count,
        revenue,
        row_number() over (
            partition by customer_id
            order by purchase_date nulls last
        ) as purchase_day_number,
        lag(purchase_date) over (
            partition by customer_id
            order by purchase_date nulls last
        ) as previous_purchase_date
    from daily

),

final as (

    select
        customer_id,
        purchase_date,
        cast(orders_count as integer) as orders_count,
        cast(revenue as {{ lifecycle_type_double() }}) as revenue,
        cast(purchase_day_number as integer) as purchase_day_number,
        previous_purchase_date,
        {{ lifecycle_days_between('previous_purchase_date', 'purchase_date') }} as gap_days
    from sequenced

)

select * from final
