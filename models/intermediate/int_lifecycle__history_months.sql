-- Calendar months from the first sign of any person to the as-of date. Each month is
-- evaluated at its last day, or at the as-of date for the current (partial) month.
with

as_of as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__as_of_date') }}

),

first_dates as (

    select min(order_date) as first_date from {{ ref('customer_lifecycle', 'int_lifecycle__orders') }}
    union all
    select min(signed_up_date) from {{ ref('customer_lifecycle', 'stg_lifecycle__customers') }}
    union all
    select min(event_date) from {{ ref('customer_lifecycle', 'stg_lifecycle__events') }}

),

bounds as (

    select
        cast({{ dbt.date_trunc('month', 'min(first_dates.first_date)') }} as date) as first_month
    from first_dates
    cross join as_of
    -- sign-ups/events after the as-of date must not stretch the history
    where first_dates.first_date <= as_of.as_of_date

),

integers as (

    {{ lifecycle_integers(3) }}

),

months as (

    select
        {{ lifecycle_add_periods('month', 'integers.n', 'bounds.first_month') }} as month_start,
        as_of.as_of_date
    from integers
    cross join bounds
    cross join as_of

),

final as (

    select
        month_start,
        least(
            {{ lifecycle_add_days(-1, lifecycle_add_periods('month', 1, 'month_start')) }},
            as_of_date
        ) as evaluated_at
    from months
    where month_start <= as_of_date

)

select * from final
