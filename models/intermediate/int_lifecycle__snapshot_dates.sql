-- Feature snapshot spine: as_of_date, as_of_date - 1 cadence, ... back to the first order
-- (or lifecycle_snapshot_count snapshots). A snapshot is labelled only when its whole label
-- window (t, t + H] lies on or before the as-of date.
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

integers as (

    {{ lifecycle_integers(4) }}

),

spine as (

    select
        integers.n as snapshot_number,
        {{ lifecycle_add_periods(datepart, '-' ~ step ~ ' * integers.n', 'as_of.as_of_date') }}
            as snapshot_date,
        as_of.as_of_date
    from integers
    cross join as_of
    {%- if lifecycle_var('lifecycle_snapshot_count') %}
    where integers.n < {{ lifecycle_var('lifecycle_snapshot_count') }}
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
                <= spine.as_of_date then 1
            else 0
        end as is_labelled
    from spine
    cross join bounds
    where spine.snapshot_date >= bounds.first_order_date

)

select * from final
