-- Feature snapshot spine anchored to the calendar: the as-of date, then every period end of the
-- cadence before it (yesterday, last Sunday, the last day of last month / last quarter, ...) back to
-- the first order (or lifecycle_snapshot_count snapshots in all). A new day of orders adds or moves
-- only the as-of snapshot: the period ends, and so yesterday's closed snapshots, stay the same rows.
-- A snapshot is labelled only when its whole label window (t, t + H] lies on or before the as-of date and
-- is observed: on or before the day after the latest loaded order or event (an as-of date after the data
-- would otherwise label everyone churned).
{%- set cadence = lifecycle_var('lifecycle_snapshot_cadence') %}
{#- a quarter is three months: not every engine has a quarter interval #}
{%- set datepart, step = ('month', 3) if cadence == 'quarter' else (cadence, 1) %}
with

as_of as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__as_of_date') }}

),

bounds as (

    select min(order_date) as first_order_date
    from {{ ref('customer_lifecycle', 'int_lifecycle__orders') }}

),

current_period as (

    -- weeks start on Monday (ISO) on every supported engine, so they end on Sunday
    select
        cast({{ dbt.date_trunc(cadence, 'as_of_date') }} as date) as period_start
    from as_of

),

integers as (

    {{ lifecycle_integers(4) }}

),

period_ends as (

    -- the day before the start of the current period, of the one before it, ...
    select
        integers.n + 1 as snapshot_number,
        {{ lifecycle_add_days(-1, lifecycle_add_periods(
            datepart, '-' ~ step ~ ' * integers.n', 'current_period.period_start'
        )) }}
            as snapshot_date
    from integers
    cross join current_period

),

spine as (

    select
        0 as snapshot_number,
        as_of_date as snapshot_date
    from as_of
    union all
    select
        snapshot_number,
        snapshot_date
    from period_ends
    {%- if lifecycle_var('lifecycle_snapshot_count') %}
    where snapshot_number < {{ lifecycle_var('lifecycle_snapshot_count') }}
    {%- endif %}

),

final as (

    select
        cast(spine.snapshot_number as integer) as snapshot_number,
        spine.snapshot_date,
        {{ lifecycle_add_days(lifecycle_var('lifecycle_label_horizon_days'), 'spine.snapshot_date') }}
            as label_window_end_date,
        case
            when {{ lifecycle_add_days(lifecycle_var('lifecycle_label_horizon_days'), 'spine.snapshot_date') }}
                <= as_of.as_of_date
                and {{ lifecycle_add_days(lifecycle_var('lifecycle_label_horizon_days'), 'spine.snapshot_date') }}
                <= as_of.data_end_date then 1
            else 0
        end as is_labelled
    from spine
    cross join as_of
    cross join bounds
    where spine.snapshot_date >= bounds.first_order_date

)

select * from final
