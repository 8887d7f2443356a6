-- Model-ready features: one row per customer per snapshot date t, for every customer with a
-- completed order on or before t. Every feature uses data dated <= t only; labels look at
-- (t, t + H] and are attached only when that window lies on or before the as-of date.
-- Events, referrals and labels are windows over one stream of dated rows per customer (no join of
-- every snapshot with every earlier event): cost linear in events + customers x snapshots.
{{ config(
    materialized=lifecycle_incremental_materialization(),
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ customer_lifecycle.lifecycle_delete_reopened('snapshot_date', 'int_lifecycle__snapshot_dates', 'snapshot_date', 'snapshot_date') }}",
) }}
{%- set horizon = lifecycle_var('lifecycle_label_horizon_days') %}
{%- set by_day = 'partition by customer_id order by day_number' %}
with

snapshots as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__snapshot_dates') }}
    {{ lifecycle_missing_dates('snapshot_date') }}

),

metrics as (

    select metrics.*
    from {{ ref('customer_lifecycle', 'int_lifecycle__customer_order_metrics') }} as metrics
    inner join snapshots
        on metrics.evaluation_date = snapshots.snapshot_date

),

customers as (

    select * from {{ ref('customer_lifecycle', 'stg_lifecycle__customers') }}

),

customer_events as (

    -- only events that name the customer: linking anonymous visits through a later sign-up
    -- would let the future decide which past events count
    select * from {{ ref('customer_lifecycle', 'stg_lifecycle__events') }}
    where customer_id is not null

),

purchase_days as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__purchase_days') }}

),

-- one stream per customer: its snapshots (the rows returned), and per day its events, the sign-ups it
-- referred and its purchase days; a row carries NULL in the columns of the others
activity_stream as (

    select
        customer_id,
        evaluation_date as activity_date,
        1 as is_snapshot,
        cast(null as integer) as events,
        cast(null as integer) as product_views,
        cast(null as integer) as add_to_carts,
        cast(null as integer) as reviews,
        cast(null as integer) as referrals,
        cast(null as date) as purchase_date,
        cast(null as decimal(38, 9)) as revenue
    from metrics

    union all

    select
        customer_id,
        event_date,
        0,
        cast(count(*) as integer),
        cast(sum(case when event_type = 'product_view' then 1 else 0 end) as integer),
        cast(sum(case when event_type = 'add_to_cart' then 1 else 0 end) as integer),
        cast(sum(case when event_type = 'review' then 1 else 0 end) as integer),
        cast(null as integer),
        cast(null as date),
        cast(null as decimal(38, 9))
    from customer_events
    where event_date is not null
    group by
        customer_id,
        event_date

    union all

    -- friends who signed up with this customer as referrer
    select
        referred_by_customer_id,
        signed_up_date,
        0,
        cast(null as integer),
        cast(null as integer),
        cast(null as integer),
        cast(null as integer),
        cast(count(*) as integer),
        cast(null as date),
        cast(null as decimal(38, 9))
    from customers
    where referred_by_customer_id is not null
        and signed_up_date is not null
    group by
        referred_by_customer_id,
        signed_up_date

    union all

    select
        customer_id,
        purchase_date,
        0,
        cast(null as integer),
        cast(null as integer),
        cast(null as integer),
        cast(null as integer),
        cast(null as integer),
        purchase_date,
        -- an exact sum: the same bits whatever order a window adds the rows in
        cast(revenue as decimal(38, 9))
    from purchase_days

),

numbered_activity as (

    select
        *,
        {{ lifecycle_day_number('activity_date') }} as day_number
    from activity_stream

),

-- windows over the day number (RANGE frames: rows dated t itself are peers of the snapshot's row)
windowed as (

    select
        customer_id,
        activity_date as snapshot_date,
        is_snapshot,
        -- events in (t - 30, t]
        sum(events) over ({{ by_day }} range between 29 preceding and current row) as events_last_30d,
        sum(product_views) over ({{ by_day }} range between 29 preceding and current row)
            as product_views_last_30d,
        sum(add_to_carts) over ({{ by_day }} range between 29 preceding and current row)
            as add_to_cart_last_30d,
        sum(reviews) over ({{ by_day }}) as reviews_count,
        sum(referrals) over ({{ by_day }}) as referrals_count,
        -- labels: purchase days in (t, t + H], used only where the snapshot is labelled
        count(purchase_date) over ({{ by_day }} range between 1 following and {{ horizon }} following)
            as purchase_days_in_window,
        sum(revenue) over ({{ by_day }} range between 1 following and {{ horizon }} following)
            as revenue_in_window
    from numbered_activity

),

snapshot_activity as (

    select * from windowed
    where is_snapshot = 1

),

joined as (

    select
        metrics.*,
        snapshots.is_labelled,
        -- tenure counts from sign-up when the customer signed up before buying
        case
            when customers.signed_up_date <= metrics.first_purchase_date then customers.signed_up_date
            else metrics.first_purchase_date
        end as tenure_start_date,
        coalesce(customers.acquisition_channel, 'unknown') as acquisition_channel,
        coalesce(snapshot_activity.events_last_30d, 0) as events_last_30d,
        coalesce(snapshot_activity.product_views_last_30d, 0) as product_views_last_30d,
        coalesce(snapshot_activity.add_to_cart_last_30d, 0) as add_to_cart_last_30d,
        coalesce(snapshot_activity.reviews_count, 0) as reviews_count,
        coalesce(snapshot_activity.referrals_count, 0) as referrals_count,
        coalesce(snapshot_activity.purchase_days_in_window, 0) as purchase_days_in_window,
        coalesce(snapshot_activity.revenue_in_window, 0) as revenue_in_window
    from metrics
    inner join snapshots
        on snapshots.snapshot_date = metrics.evaluation_date
    left join customers
        on customers.customer_id = metrics.customer_id
        -- a guest who signs up later must not get a channel in earlier snapshots
        and customers.signed_up_date <= metrics.evaluation_date
    left join snapshot_activity
        on snapshot_activity.customer_id = metrics.customer_id
        and snapshot_activity.snapshot_date = metrics.evaluation_date
),

final as (

    select
        customer_id,
        evaluation_date as snapshot_date,
        -- marketer's RFM
        recency_days,
        purchase_days_count as frequency,
        orders_count,
        {{ lifecycle_days_between('tenure_start_date', 'evaluation_date') }} as tenure_days,
        total_spend,
        avg_order_value,
        -- purchase rhythm (0 until there is a second purchase day)
        mean_gap_days,
        std_gap_days,
        cast(coalesce({{ lifecycle_safe_divide('recency_days', 'mean_gap_days') }}, 0)
            as {{ lifecycle_type_double() }}) as days_since_last_vs_mean_gap,
        -- spend trend: (last - previous) / (last + previous), in [-1, 1], 0 without spend
        spend_last_90d,
        spend_prev_90d,
        cast(coalesce(
            {{ lifecycle_safe_divide('spend_last_90d - spend_prev_90d', 'spend_last_90d + spend_prev_90d') }},
            0
        ) as {{ lifecycle_type_double() }}) as spend_trend_90d,
        cast(coalesce(
            {{ lifecycle_safe_divide('returned_orders', 'completed_orders + returned_orders') }},
            0
        ) as {{ lifecycle_type_double() }}) as return_rate,
        -- engagement (0 without events input)
        cast(events_last_30d as integer) as events_last_30d,
        cast(product_views_last_30d as integer) as product_views_last_30d,
        cast(add_to_cart_last_30d as integer) as add_to_cart_last_30d,
        cast(reviews_count as integer) as reviews_count,
        cast(referrals_count as integer) as referrals_count,
        -- lifetimes' conventions
        lt_frequency,
        lt_recency,
        lt_t,
        lt_monetary,
        acquisition_channel,
        -- labels: NULL unless (t, t + H] is fully observed
        case
            when is_labelled = 1 then case when purchase_days_in_window = 0 then 1 else 0 end
        end as churned_within_h,
        cast(case when is_labelled = 1 then revenue_in_window end as {{ lifecycle_type_double() }})
            as value_within_h,
        is_labelled
    from joined

)

select * from final
