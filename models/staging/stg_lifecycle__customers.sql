-- a table, not a view: text parsing is the costly part and several models read this
{{ config(materialized='table') }}

-- Sign-ups, one row per customer. Empty but typed when lifecycle_has_customers is false.
with

{% if lifecycle_var('lifecycle_has_customers') %}

source as (

    select * from {{ ref('customer_lifecycle', 'stg_lifecycle__customers_tmp') }}

),

parsed as (

    -- typed source columns are read without a text round trip
    {%- set types = customer_lifecycle.lifecycle_input_types(
        ref('customer_lifecycle', 'stg_lifecycle__customers_tmp')
    ) %}
    select
        {{ lifecycle_clean_id('customer_id', types.get('customer_id')) }} as customer_id,
        {{ lifecycle_clean_text('signed_up_at') }} as signed_up_at_raw,
        {{ lifecycle_safe_timestamp('signed_up_at', types.get('signed_up_at')) }} as parsed_signed_up_at,
        lower({{ lifecycle_clean_text('acquisition_channel') }}) as acquisition_channel,
        {{ lifecycle_clean_id('referred_by_customer_id', types.get('referred_by_customer_id')) }} as referred_by_customer_id
    from source

),

checked as (

    -- a sign-up whose date cannot be read or is outside the plausible window
    -- [lifecycle_earliest_valid_date, load time] is quarantined: kept without its date (so no
    -- model uses it) with the reason; inputs_load_summary counts it
    select
        *,
        case
            when parsed_signed_up_at is null then 'unparseable_timestamp'
            when parsed_signed_up_at < cast('{{ lifecycle_var('lifecycle_earliest_valid_date') }}' as timestamp)
                then 'implausible_date'
            when parsed_signed_up_at > {{ lifecycle_load_time() }} then 'future_timestamp'
        end as quarantine_reason
    from parsed

),

dated as (

    select
        *,
        case when quarantine_reason is null then parsed_signed_up_at end as signed_up_at
    from checked

),

ranked as (

    -- a re-exported sign-up keeps its earliest version
    select
        *,
        row_number() over (
            partition by customer_id
            order by
                signed_up_at nulls last,
                acquisition_channel nulls last,
                referred_by_customer_id nulls last
        ) as version_number
    from dated
    where customer_id is not null

),

final as (

    select
        customer_id,
        signed_up_at,
        cast(signed_up_at as date) as signed_up_date,
        quarantine_reason,
        acquisition_channel,
        -- a self-referral is not a referral
        case
            when referred_by_customer_id <> customer_id then referred_by_customer_id
        end as referred_by_customer_id
    from ranked
    where version_number = 1

)

{% else %}

final as (

    select
        cast(null as {{ dbt.type_string() }}) as customer_id,
        cast(null as timestamp) as signed_up_at,
        cast(null as date) as signed_up_date,
        cast(null as {{ dbt.type_string() }}) as quarantine_reason,
        cast(null as {{ dbt.type_string() }}) as acquisition_channel,
        cast(null as {{ dbt.type_string() }}) as referred_by_customer_id
    where 1 = 0

)

{% endif %}

select * from final
