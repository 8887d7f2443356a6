-- a table, not a view: text parsing is the costly part and several models read this
{{ config(materialized='table') }}

-- Site events with a parseable timestamp and a known type.
-- Empty but typed when lifecycle_has_events is false.
with

{% if lifecycle_var('lifecycle_has_events') %}

source as (

    select * from {{ ref('customer_lifecycle', 'stg_lifecycle__events_tmp') }}

),

parsed as (

    -- typed source columns are read without a text round trip
    {%- set types = customer_lifecycle.lifecycle_input_types(ref('customer_lifecycle', 'stg_lifecycle__events_tmp')) %}
    select
        {{ lifecycle_clean_id('event_id', types.get('event_id')) }} as event_id,
        {{ lifecycle_clean_id('customer_id', types.get('customer_id')) }} as customer_id,
        {{ lifecycle_clean_id('visitor_id', types.get('visitor_id')) }} as visitor_id,
        lower({{ lifecycle_clean_text('event_type') }}) as event_type,
        {{ lifecycle_safe_timestamp('occurred_at', types.get('occurred_at')) }} as occurred_at
    from source

),

ranked as (

    select
        *,
        row_number() over (
            partition by event_id
            order by
                occurred_at nulls last,
                customer_id nulls last,
                visitor_id nulls last,
                event_type nulls last
        ) as version_number
    from parsed
    where
        event_id is not null
        and occurred_at is not null
        and coalesce(customer_id, visitor_id) is not null
        and event_type in ('visit', 'product_view', 'add_to_cart', 'review', 'referral_sent')
        -- inside the plausible window, like orders
        and occurred_at >= cast('{{ lifecycle_var('lifecycle_earliest_valid_date') }}' as timestamp)
        and occurred_at <= {{ lifecycle_load_time() }}

),

final as (

    select
        event_id,
        customer_id,
        visitor_id,
        event_type,
        occurred_at,
        cast(occurred_at as date) as event_date
    from ranked
    where version_number = 1

)

{% else %}

final as (

    select
        cast(null as {{ dbt.type_string() }}) as event_id,
        cast(null as {{ dbt.type_string() }}) as customer_id,
        cast(null as {{ dbt.type_string() }}) as visitor_id,
        cast(null as {{ dbt.type_string() }}) as event_type,
        cast(null as timestamp) as occurred_at,
        cast(null as date) as event_date
    where 1 = 0

)

{% endif %}

select * from final
