-- The single as-of date every mart is computed at (one row).
-- Default: the day after the latest accepted order, so reruns on the same data agree
-- (never now()). An explicit var as_of_date turns later orders into out-of-scope rows.
with

latest as (

    select max(order_date) as latest_order_date
    from {{ ref('customer_lifecycle', 'stg_lifecycle__orders') }}

),

final as (

    select
        {%- if lifecycle_var('as_of_date') %}
        cast('{{ lifecycle_var('as_of_date') }}' as date) as as_of_date,
        {%- else %}
        -- no accepted order at all: the load date, so orders_load_summary can still say why
        coalesce({{ lifecycle_add_days(1, 'latest_order_date') }}, cast({{ lifecycle_load_time() }} as date)) as as_of_date,
        {%- endif %}
        latest_order_date,
        {{ lifecycle_load_time() }} as load_time
    from latest

)

select * from final
