-- a table, not a view: text parsing is the costly part and several models read this. Incremental with
-- a load-time column (lifecycle_customers_loaded_at_column, macros/staging/lifecycle_loaded_since.sql):
-- then only the rows loaded since the last build are parsed, and ranked with the staged row of their id.
{{ config(
    materialized=lifecycle_staging_materialization('customers'),
    incremental_strategy='delete+insert',
    unique_key='customer_id',
    on_schema_change='fail',
) }}

-- Sign-ups, one row per customer. Empty but typed when lifecycle_has_customers is false.
with

{% if lifecycle_var('lifecycle_has_customers') %}

source as (

    select * from {{ lifecycle_rows_to_stage('customers', ref('customer_lifecycle', 'stg_lifecycle__customers_tmp')) }}

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
        {{ lifecycle_clean_id('referred_by_customer_id', types.get('referred_by_customer_id')) }}
            as referred_by_customer_id,
        {{ lifecycle_loaded_at('customers') }} as loaded_at
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
        customer_id,
        parsed_signed_up_at,
        quarantine_reason,
        acquisition_channel,
        -- a self-referral is not a referral (before ranking, so a staged version ranks as it did)
        case
            when referred_by_customer_id <> customer_id then referred_by_customer_id
        end as referred_by_customer_id,
        loaded_at,
        case when quarantine_reason is null then parsed_signed_up_at end as signed_up_at
    from checked

),

{%- if lifecycle_is_incremental() %}

versions as (

    select * from dated

    union all

    -- the staged versions of the ids loaded again: ranked again with the new ones
    select
        customer_id,
        signed_up_at as parsed_signed_up_at,
        quarantine_reason,
        acquisition_channel,
        referred_by_customer_id,
        loaded_at,
        signed_up_at
    from {{ this }}
    where customer_id in (select customer_id from dated)

),

{%- endif %}

ranked as (

    -- a re-exported sign-up keeps its earliest version
    select
        *,
        row_number() over (
            partition by customer_id
            order by
                signed_up_at nulls last,
                acquisition_channel nulls last,
                referred_by_customer_id nulls last,
                -- exact copies: the first loaded is the kept one (NULL without a load-time column)
                loaded_at nulls last
        ) as version_number
    from {{ 'versions' if lifecycle_is_incremental() else 'dated' }}
    where customer_id is not null

),

final as (

    select
        customer_id,
        signed_up_at,
        cast(signed_up_at as date) as signed_up_date,
        quarantine_reason,
        acquisition_channel,
        referred_by_customer_id,
        loaded_at
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
        cast(null as {{ dbt.type_string() }}) as referred_by_customer_id,
        cast(null as timestamp) as loaded_at
    where 1 = 0

)

{% endif %}

select * from final
