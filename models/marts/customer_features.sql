-- Model-ready features: one row per customer per snapshot date t, for every customer with a
-- completed order on or before t. Every feature uses data dated <= t only; labels look at
-- (t, t + H] and are attached only when that window lies on or before the as-of date and is observed
-- (int_lifecycle__snapshot_dates.is_labelled).
{{ config(
    materialized=lifecycle_incremental_materialization(),
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ customer_lifecycle.lifecycle_delete_reopened('snapshot_date', 'int_lifecycle__snapshot_dates', 'snapshot_date', 'snapshot_date', labelled=true) }}",
) }}
{%- set horizon = lifecycle_var('lifecycle_label_horizon_days') %}
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

day_offsets as (

    -- 0 .. 99: the 30-day event window's offsets
    {{ lifecycle_integers(2) }}

),

event_window_days as (

    -- the days (t - 30, t] of each snapshot: events join on an equal date, not a range
    select
        snapshots.snapshot_date,
        {{ lifecycle_add_days('-day_offsets.n', 'snapshots.snapshot_date') }} as event_date
    from snapshots
    cross join day_offsets
    where day_offsets.n < 30

),

recent_events as (

    select
        event_window_days.snapshot_date,
        customer_events.customer_id,
        count(*) as events_last_30d,
        sum(case when customer_events.event_type = 'product_view' then 1 else 0 end) as product_views_last_30d,
        sum(case when customer_events.event_type = 'add_to_cart' then 1 else 0 end) as add_to_cart_last_30d
    from event_window_days
    inner join customer_events
        on customer_events.event_date = event_window_days.event_date
    group by
        event_window_days.snapshot_date,
        customer_events.customer_id

),

reviews as (

    select
        snapshots.snapshot_date,
        customer_events.customer_id,
        count(*) as reviews_count
    from snapshots
    inner join customer_events
        on customer_events.event_date <= snapshots.snapshot_date
    where customer_events.event_type = 'review'
    group by
        snapshots.snapshot_date,
        customer_events.customer_id

),

referrals as (

    -- friends who signed up with this customer as referrer, by t
    select
        snapshots.snapshot_date,
        customers.referred_by_customer_id as customer_id,
        count(*) as referrals_count
    from snapshots
    inner join customers
        on customers.signed_up_date <= snapshots.snapshot_date
    where customers.referred_by_customer_id is not null
    group by
        snapshots.snapshot_date,
        customers.referred_by_customer_id

),

labels as (

    -- kept a range join, unlike the event window: an equal-date join changed the order in which
    -- revenues are added, so the last bits of revenue_in_window differed between an incremental
    -- run and a full build (python/tests/dbt/test_dbt_incremental.py compares them exactly)
    select
        snapshots.snapshot_date,
        purchase_days.customer_id,
        count(*) as purchase_days_in_window,
        sum(purchase_days.revenue) as revenue_in_window
    from snapshots
    inner join purchase_days
        on purchase_days.purchase_date > snapshots.snapshot_date
        and purchase_days.purchase_date <= snapshots.label_window_end_date
    where snapshots.is_labelled = 1
    group by
        snapshots.snapshot_date,
        purchase_days.customer_id

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
        coalesce(recent_events.events_last_30d, 0) as events_last_30d,
        coalesce(recent_events.product_views_last_30d, 0) as product_views_last_30d,
        coalesce(recent_events.add_to_cart_last_30d, 0) as add_to_cart_last_30d,
        coalesce(reviews.reviews_count, 0) as reviews_count,
        coalesce(referrals.referrals_count, 0) as referrals_count,
        coalesce(labels.purchase_days_in_window, 0) as purchase_days_in_window,
        coalesce(labels.revenue_in_window, 0) as revenue_in_window
    from metrics
    inner join snapshots
        on snapshots.snapshot_date = metrics.evaluation_date
    left join customers
        on customers.customer_id = metrics.customer_id
        -- a guest who signs up later must not get a channel in earlier snapshots
        and customers.signed_up_date <= metrics.evaluation_date
    left join recent_events
        on recent_events.customer_id = metrics.customer_id
        and recent_events.snapshot_date = metrics.evaluation_date
    left join reviews
        on reviews.customer_id = metrics.customer_id
        and reviews.snapshot_date = metrics.evaluation_date
    left join referrals
        on referrals.customer_id = metrics.customer_id
        and referrals.snapshot_date = metrics.evaluation_date
    left join labels
        on labels.customer_id = metrics.customer_id
        and labels.snapshot_date = metrics.evaluation_date

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
        cast(
            coalesce({{ lifecycle_safe_divide('recency_days', 'mean_gap_days') }}, 0)
            as {{ lifecycle_type_double() }}
        ) as days_since_last_vs_mean_gap,
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
