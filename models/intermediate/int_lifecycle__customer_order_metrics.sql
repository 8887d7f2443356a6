-- Purchase metrics per customer at each evaluation date t, from orders dated <= t only.
-- One row per (customer, t) once the customer has a completed order on or before t.
-- Both RFM conventions are here so customer_rfm / customer_features / the lifecycle agree.
{{ config(
    materialized=lifecycle_incremental_materialization(),
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ customer_lifecycle.lifecycle_delete_reopened('evaluation_date', 'int_lifecycle__evaluation_dates', 'evaluation_date', 'evaluation_date') }}",
) }}
with

dates as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__evaluation_dates') }}
    {{ lifecycle_missing_dates('evaluation_date') }}

),

purchase_days as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__purchase_days') }}

),

orders as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__orders') }}

),

purchase_metrics as (

    select
        dates.evaluation_date,
        purchase_days.customer_id,
        count(*) as purchase_days_count,
        sum(purchase_days.orders_count) as orders_count,
        min(purchase_days.purchase_date) as first_purchase_date,
        max(purchase_days.purchase_date) as last_purchase_date,
        sum(purchase_days.revenue) as total_spend,
        -- lifetimes' monetary value ignores the first purchase day
        sum(case when purchase_days.purchase_day_number > 1 then purchase_days.revenue else 0 end)
            as repeat_revenue,
        stddev_pop(purchase_days.gap_days) as std_gap_days,
        sum(
            case
                when purchase_days.purchase_date > {{ lifecycle_add_days(-90, 'dates.evaluation_date') }}
                    then purchase_days.revenue
                else 0
            end
        ) as spend_last_90d,
        sum(
            case
                when purchase_days.purchase_date > {{ lifecycle_add_days(-180, 'dates.evaluation_date') }}
                    and purchase_days.purchase_date <= {{ lifecycle_add_days(-90, 'dates.evaluation_date') }}
                    then purchase_days.revenue
                else 0
            end
        ) as spend_prev_90d
    from dates
    inner join purchase_days
        on purchase_days.purchase_date <= dates.evaluation_date
    group by
        dates.evaluation_date,
        purchase_days.customer_id

),

-- returned orders only: completed orders are counted already (purchase days count them), and returns
-- are few, so this join of every t with every earlier order stays small
returned_metrics as (

    select
        dates.evaluation_date,
        orders.customer_id,
        sum(orders.is_returned) as returned_orders
    from dates
    inner join orders
        on orders.order_date <= dates.evaluation_date
    where orders.is_returned = 1
    group by
        dates.evaluation_date,
        orders.customer_id

),

final as (

    select
        purchase_metrics.customer_id,
        purchase_metrics.evaluation_date,
        purchase_metrics.first_purchase_date,
        purchase_metrics.last_purchase_date,
        cast(purchase_metrics.purchase_days_count as integer) as purchase_days_count,
        cast(purchase_metrics.orders_count as integer) as orders_count,
        cast(purchase_metrics.total_spend as {{ lifecycle_type_double() }}) as total_spend,
        cast(
            {{ lifecycle_safe_divide('purchase_metrics.total_spend', 'purchase_metrics.orders_count') }}
            as {{ lifecycle_type_double() }}
        ) as avg_order_value,
        {{ lifecycle_days_between('purchase_metrics.last_purchase_date', 'purchase_metrics.evaluation_date') }}
            as recency_days,
        -- lifetimes.utils.summary_data_from_transaction_data (daily periods)
        cast(purchase_metrics.purchase_days_count - 1 as integer) as lt_frequency,
        {{ lifecycle_days_between('purchase_metrics.first_purchase_date', 'purchase_metrics.last_purchase_date') }}
            as lt_recency,
        {{ lifecycle_days_between('purchase_metrics.first_purchase_date', 'purchase_metrics.evaluation_date') }}
            as lt_t,
        cast(coalesce(
            {{ lifecycle_safe_divide('purchase_metrics.repeat_revenue', 'purchase_metrics.purchase_days_count - 1') }},
            0
        ) as {{ lifecycle_type_double() }}) as lt_monetary,
        -- inter-purchase gaps between distinct purchase days; 0 when there is no gap yet
        cast(coalesce(
            {{ lifecycle_safe_divide(
                lifecycle_days_between('purchase_metrics.first_purchase_date', 'purchase_metrics.last_purchase_date'),
                'purchase_metrics.purchase_days_count - 1') }},
            0
        ) as {{ lifecycle_type_double() }}) as mean_gap_days,
        cast(coalesce(purchase_metrics.std_gap_days, 0) as {{ lifecycle_type_double() }}) as std_gap_days,
        cast(purchase_metrics.spend_last_90d as {{ lifecycle_type_double() }}) as spend_last_90d,
        cast(purchase_metrics.spend_prev_90d as {{ lifecycle_type_double() }}) as spend_prev_90d,
        -- a completed order is a purchase: int_lifecycle__purchase_days counts the same orders
        cast(purchase_metrics.orders_count as integer) as completed_orders,
        cast(coalesce(returned_metrics.returned_orders, 0) as integer) as returned_orders
    from purchase_metrics
    left join returned_metrics
        on returned_metrics.customer_id = purchase_metrics.customer_id
        and returned_metrics.evaluation_date = purchase_metrics.evaluation_date

)

select * from final
