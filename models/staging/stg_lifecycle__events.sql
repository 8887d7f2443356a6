-- a table, not a view: text parsing is the costly part and several models read this. Incremental with
-- a load-time column (lifecycle_events_loaded_at_column, macros/staging/lifecycle_loaded_since.sql):
-- then only the rows loaded since the last build are parsed, and ranked with the staged rows of their ids.
{{ config(
    materialized=lifecycle_staging_materialization('events'),
    incremental_strategy='delete+insert',
    unique_key='event_id',
    on_schema_change='fail',
) }}

-- Site events, one row per event id with a parseable timestamp in the plausible window and a known
-- type, plus every row that fails (quarantine_reason, no date). Empty but typed when
-- lifecycle_has_events is false.
with

{% if lifecycle_var('lifecycle_has_events') %}
{%- set incremental = lifecycle_is_incremental() %}
{%- set versions = 'versions' if incremental else 'dated' %}

parsed as (

    -- typed source columns are read without a text round trip
    {%- set types = customer_lifecycle.lifecycle_input_types(ref('customer_lifecycle', 'stg_lifecycle__events_tmp')) %}
    select
        {{ lifecycle_clean_id('event_id', types.get('event_id')) }} as event_id,
        {{ lifecycle_clean_id('customer_id', types.get('customer_id')) }} as customer_id,
        {{ lifecycle_clean_id('visitor_id', types.get('visitor_id')) }} as visitor_id,
        lower({{ lifecycle_clean_text('event_type') }}) as event_type,
        {{ lifecycle_safe_timestamp('occurred_at', types.get('occurred_at')) }} as occurred_at,
        {{ lifecycle_loaded_at('events') }} as loaded_at
    -- the input itself, not a `source` CTE: for the two reads below DuckDB buffered that CTE (slower)
    from {{ lifecycle_rows_to_stage('events', ref('customer_lifecycle', 'stg_lifecycle__events_tmp')) }}

),

checked as (

    -- an event that cannot be used is kept, without its date (so no model uses it), with the
    -- first reason it fails; inputs_load_summary counts it
    select
        event_id,
        customer_id,
        visitor_id,
        event_type,
        case
            when event_id is null then 'null_event_id'
            when coalesce(customer_id, visitor_id) is null then 'null_person_id'
            when event_type is null
                or event_type not in ('visit', 'product_view', 'add_to_cart', 'review', 'referral_sent')
                then 'unknown_event_type'
            when occurred_at is null then 'unparseable_timestamp'
            -- outside the plausible window, like orders
            when occurred_at < cast('{{ lifecycle_var('lifecycle_earliest_valid_date') }}' as timestamp)
                then 'implausible_date'
            when occurred_at > {{ lifecycle_load_time() }} then 'future_timestamp'
        end as quarantine_reason,
        occurred_at as parsed_occurred_at,
        loaded_at
    from parsed

),

dated as (

    select
        *,
        case when quarantine_reason is null then parsed_occurred_at end as occurred_at
    from checked

),

{%- if incremental %}

versions as (

    select * from dated

    union all

    -- the rows staged before of the ids loaded again: ranked again with the new versions
    select
        event_id,
        customer_id,
        visitor_id,
        event_type,
        quarantine_reason,
        occurred_at as parsed_occurred_at,
        loaded_at,
        occurred_at
    from {{ this }}
    where event_id in (select event_id from dated)

),

{%- endif %}

repeated_ids as (

    -- ids on more than one row (a hash aggregate): only their rows need the window below, which
    -- sorted all 11.8M rows of a 1M-customer shop. NULL ids stay out: quarantined rows are all kept
    select event_id
    from {{ versions }}
    where event_id is not null
    group by event_id
    having count(*) > 1

),

ranked as (

    -- the window as before, over the rows of repeated ids (each of their partitions is whole here)
    select
        {{ versions }}.*,
        row_number() over (
            partition by {{ versions }}.event_id, {{ versions }}.quarantine_reason
            order by
                {{ versions }}.occurred_at nulls last,
                {{ versions }}.customer_id nulls last,
                {{ versions }}.visitor_id nulls last,
                {{ versions }}.event_type nulls last,
                -- exact copies: the first loaded is the kept one (NULL without a load-time column)
                {{ versions }}.loaded_at nulls last
        ) as version_number
    from {{ versions }}
    inner join repeated_ids on {{ versions }}.event_id = repeated_ids.event_id

    union all

    -- any other row is alone in its partition (or quarantined), so version 1 is what the window gave
    select
        {{ versions }}.*,
        1 as version_number
    from {{ versions }}
    left join repeated_ids on {{ versions }}.event_id = repeated_ids.event_id
    where repeated_ids.event_id is null

),

final as (

    select
        event_id,
        customer_id,
        visitor_id,
        event_type,
        occurred_at,
        cast(occurred_at as date) as event_date,
        quarantine_reason,
        loaded_at
    from ranked
    -- a re-exported event keeps its earliest version; every quarantined row is kept
    where version_number = 1 or quarantine_reason is not null

)

{% else %}

final as (

    select
        cast(null as {{ dbt.type_string() }}) as event_id,
        cast(null as {{ dbt.type_string() }}) as customer_id,
        cast(null as {{ dbt.type_string() }}) as visitor_id,
        cast(null as {{ dbt.type_string() }}) as event_type,
        cast(null as timestamp) as occurred_at,
        cast(null as date) as event_date,
        cast(null as {{ dbt.type_string() }}) as quarantine_reason,
        cast(null as timestamp) as loaded_at
    where 1 = 0

)

{% endif %}

select * from final
