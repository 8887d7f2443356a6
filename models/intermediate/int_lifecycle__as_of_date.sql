-- The single as-of date every mart is computed at (one row).
-- Default: the day after the latest accepted order, so reruns on the same data agree
-- (never now()). An explicit var as_of_date turns later orders into out-of-scope rows.
-- data_end_date: the day after the latest loaded order or event, whatever as_of_date says; a label
-- window must end by it to be observed (an as-of date after the data must not call everyone churned).
with

latest as (

    select max(order_date) as latest_order_date
    from {{ ref('customer_lifecycle', 'stg_lifecycle__orders') }}

),

loaded_dates as (

    select order_date as loaded_date
    from {{ ref('customer_lifecycle', 'stg_lifecycle__orders') }}
    union all
    select event_date as loaded_date
    from {{ ref('customer_lifecycle', 'stg_lifecycle__events') }}
    where quarantine_reason is null

),

latest_loaded as (

    select max(loaded_date) as latest_loaded_date
    from loaded_dates

),

final as (

    select
        {%- if lifecycle_var('as_of_date') %}
        cast('{{ lifecycle_var('as_of_date') }}' as date) as as_of_date,
        {%- else %}
        -- no accepted order at all: the load date, so orders_load_summary can still say why
        coalesce(
            {{ lifecycle_add_days(1, 'latest.latest_order_date') }}, cast({{ lifecycle_load_time() }} as date)
        ) as as_of_date,
        {%- endif %}
        latest.latest_order_date,
        cast({{ lifecycle_add_days(1, 'latest_loaded.latest_loaded_date') }} as date) as data_end_date,
        {{ lifecycle_load_time() }} as load_time
    from latest
    cross join latest_loaded

)

select * from final
