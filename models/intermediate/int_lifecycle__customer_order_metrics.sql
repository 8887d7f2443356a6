-- Purchase metrics per customer at each evaluation date t, from orders dated <= t only.
-- One row per (customer, t) once the customer has a completed order on or before t.
-- Both RFM conventions are here so customer_rfm / customer_features / the lifecycle agree.
-- Running aggregates, not a join of every t with every earlier order: each customer's purchase days,
-- order days and evaluation dates form one stream ordered by day, and every metric is a window over it
-- (cost linear in orders + customers x dates, on DuckDB, PostgreSQL and Spark alike).
{{ config(
    materialized=lifecycle_incremental_materialization(),
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ customer_lifecycle.lifecycle_delete_reopened('evaluation_date', 'int_lifecycle__evaluation_dates', 'evaluation_date', 'evaluation_date') }}",
) }}
{#- a RANGE frame over the day number: rows dated on t itself are peers of t's row, so they count #}
{%- set by_day = 'partition by customer_id order by day_number' %}
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

first_purchases as (

    select
        customer_id,
        min(purchase_date) as first_purchase_date
    from purchase_days
    group by customer_id

),

-- the rows this model returns: every t on or after the customer's first purchase day
evaluations as (

    select
        first_purchases.customer_id,
        dates.evaluation_date
    from first_purchases
    inner join dates
        on dates.evaluation_date >= first_purchases.first_purchase_date

),

order_days as (

    select
        customer_id,
        order_date,
        sum(is_completed) as completed_orders,
        sum(is_returned) as returned_orders
    from orders
    group by
        customer_id,
        order_date

),

-- one row per purchase day, order day or evaluation; a row carries NULL in the columns of the others.
-- Sums are exact (revenue as a decimal, gaps as integers), so a value never depends on the order a
-- window adds rows in: an incremental run, a full build and every engine give the same bits.
stream as (

    select
        customer_id,
        purchase_date as stream_date,
        0 as is_evaluation,
        purchase_date,
        orders_count,
        cast(revenue as decimal(38, 9)) as revenue,
        -- lifetimes' monetary value ignores the first purchase day
        cast(case when purchase_day_number > 1 then revenue else 0 end as decimal(38, 9)) as repeat_revenue,
        cast(gap_days as bigint) as gap_days,
        cast(null as integer) as completed_orders,
        cast(null as integer) as returned_orders
    from purchase_days

    union all

    select
        customer_id,
        order_date,
        0,
        cast(null as date),
        cast(null as integer),
        cast(null as decimal(38, 9)),
        cast(null as decimal(38, 9)),
        cast(null as bigint),
        cast(completed_orders as integer),
        cast(returned_orders as integer)
    from order_days

    union all

    select
        customer_id,
        evaluation_date,
        1,
        cast(null as date),
        cast(null as integer),
        cast(null as decimal(38, 9)),
        cast(null as decimal(38, 9)),
        cast(null as bigint),
        cast(null as integer),
        cast(null as integer)
    from evaluations

),

numbered as (

    select
        *,
        {{ lifecycle_day_number('stream_date') }} as day_number
    from stream

),

running as (

    select
        customer_id,
        stream_date as evaluation_date,
        is_evaluation,
        count(purchase_date) over ({{ by_day }}) as purchase_days_count,
        sum(orders_count) over ({{ by_day }}) as orders_count,
        min(purchase_date) over ({{ by_day }}) as first_purchase_date,
        max(purchase_date) over ({{ by_day }}) as last_purchase_date,
        sum(revenue) over ({{ by_day }}) as total_spend,
        sum(repeat_revenue) over ({{ by_day }}) as repeat_revenue,
        count(gap_days) over ({{ by_day }}) as gaps_count,
        sum(gap_days) over ({{ by_day }}) as gaps_sum,
        sum(gap_days * gap_days) over ({{ by_day }}) as gaps_sum_of_squares,
        -- (t - 90, t] and (t - 180, t - 90]
        sum(revenue) over ({{ by_day }} range between 89 preceding and current row) as spend_last_90d,
        sum(revenue) over ({{ by_day }} range between 179 preceding and 90 preceding) as spend_prev_90d,
        sum(completed_orders) over ({{ by_day }}) as completed_orders,
        sum(returned_orders) over ({{ by_day }}) as returned_orders
    from numbered

),

purchase_metrics as (

    select * from running
    where is_evaluation = 1

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
        cast({{ lifecycle_safe_divide('purchase_metrics.total_spend', 'purchase_metrics.orders_count') }}
            as {{ lifecycle_type_double() }}) as avg_order_value,
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
        -- population standard deviation: sqrt(n * sum(x^2) - sum(x)^2) / n, exact up to the square root
        cast(coalesce(
            {{ lifecycle_safe_divide(
                'sqrt(cast(purchase_metrics.gaps_count * purchase_metrics.gaps_sum_of_squares'
                ~ ' - purchase_metrics.gaps_sum * purchase_metrics.gaps_sum as ' ~ lifecycle_type_double() ~ '))',
                'purchase_metrics.gaps_count') }},
            0
        ) as {{ lifecycle_type_double() }}) as std_gap_days,
        -- 0, not NULL, without a purchase day in the window
        cast(coalesce(purchase_metrics.spend_last_90d, 0) as {{ lifecycle_type_double() }}) as spend_last_90d,
        cast(coalesce(purchase_metrics.spend_prev_90d, 0) as {{ lifecycle_type_double() }}) as spend_prev_90d,
        cast(coalesce(purchase_metrics.completed_orders, 0) as integer) as completed_orders,
        cast(coalesce(purchase_metrics.returned_orders, 0) as integer) as returned_orders
    from purchase_metrics

)

select * from final
