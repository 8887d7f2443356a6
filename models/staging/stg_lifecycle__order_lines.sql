-- a table: text parsing is the costly part and the recommendation models read it several times
{{ config(materialized='table') }}

-- Order lines, each with the order it belongs to (customer, time, status), plus every line that cannot be
-- used (quarantine_reason, no date). A line follows its order: a line of an unknown or quarantined order is
-- quarantined; a line of a cancelled or returned order is kept with that status (only completed orders are
-- purchases). A negative quantity is a reversal line (line_kind reversal: the customer returned the
-- product). Empty but typed when lifecycle_has_order_lines is false.
with

{% if lifecycle_var('lifecycle_has_order_lines') %}

parsed as (

    {%- set types = customer_lifecycle.lifecycle_input_types(
        ref('customer_lifecycle', 'stg_lifecycle__order_lines_tmp')
    ) %}
    select
        {{ lifecycle_clean_id('order_id', types.get('order_id')) }} as order_id,
        {{ lifecycle_clean_id('product_id', types.get('product_id')) }} as product_id,
        {{ lifecycle_safe_number('quantity', types.get('quantity')) }} as quantity,
        {{ lifecycle_safe_number('line_amount', types.get('line_amount')) }} as line_amount
    from {{ ref('customer_lifecycle', 'stg_lifecycle__order_lines_tmp') }}

),

validated_orders as (

    -- every order id staging saw, and whether one of its rows was accepted
    select
        order_id,
        max(case when quarantine_reason is null then 1 else 0 end) as is_accepted
    from {{ ref('customer_lifecycle', 'stg_lifecycle__orders_validated') }}
    where order_id is not null
    group by order_id

),

checked as (

    select
        parsed.order_id,
        parsed.product_id,
        parsed.quantity,
        parsed.line_amount,
        case
            when parsed.order_id is null then 'null_order_id'
            when parsed.product_id is null then 'null_product_id'
            when parsed.quantity is null or parsed.quantity <> floor(parsed.quantity) then 'unparseable_quantity'
            when parsed.quantity = 0 then 'zero_quantity'
            when parsed.line_amount is null then 'unparseable_line_amount'
            when abs(parsed.line_amount) > {{ lifecycle_var('lifecycle_max_order_amount') }} then 'implausible_amount'
            when validated_orders.order_id is null then 'unknown_order'
            when validated_orders.is_accepted = 0 then 'quarantined_order'
        end as row_reason
    from parsed
    left join validated_orders on parsed.order_id = validated_orders.order_id

),

numbered as (

    -- a second copy of a line (same order, product, quantity and amount, after canonical ids) is a
    -- re-export: duplicate_line. Two different lines of one product in one order are both kept.
    select
        *,
        row_number() over (
            partition by order_id, product_id, quantity, line_amount, row_reason
            order by order_id
        ) as copy_number
    from checked

),

reasoned as (

    select
        order_id,
        product_id,
        quantity,
        line_amount,
        coalesce(row_reason, case when copy_number > 1 then 'duplicate_line' end) as quarantine_reason
    from numbered

),

final as (

    select
        reasoned.order_id,
        reasoned.product_id,
        -- NULL when not a whole number (the row is quarantined): a cast would round it
        case when reasoned.quantity = floor(reasoned.quantity) then cast(reasoned.quantity as bigint) end as quantity,
        reasoned.line_amount,
        case when reasoned.quantity < 0 then 'reversal' else 'sale' end as line_kind,
        orders.customer_id,
        orders.ordered_at,
        orders.order_date,
        orders.status as order_status,
        reasoned.quarantine_reason
    from reasoned
    -- only an accepted line has an order (an accepted order id has exactly one accepted row)
    left join {{ ref('customer_lifecycle', 'stg_lifecycle__orders') }} as orders
        on reasoned.order_id = orders.order_id
        and reasoned.quarantine_reason is null

)

{% else %}

final as (

    select
        cast(null as {{ dbt.type_string() }}) as order_id,
        cast(null as {{ dbt.type_string() }}) as product_id,
        cast(null as bigint) as quantity,
        cast(null as {{ lifecycle_type_double() }}) as line_amount,
        cast(null as {{ dbt.type_string() }}) as line_kind,
        cast(null as {{ dbt.type_string() }}) as customer_id,
        cast(null as timestamp) as ordered_at,
        cast(null as date) as order_date,
        cast(null as {{ dbt.type_string() }}) as order_status,
        cast(null as {{ dbt.type_string() }}) as quarantine_reason
    where 1 = 0

)

{% endif %}

select * from final
