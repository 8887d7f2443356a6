-- a table, not a view: text parsing is the costly part and several models read this
{{ config(materialized='table') }}

-- Site events, one row per event id with a parseable timestamp in the plausible window and a known
-- type, plus every row that fails (quarantine_reason, no date). Empty but typed when
-- lifecycle_has_events is false.
with

{% if lifecycle_var('lifecycle_has_events') %}

parsed as (

    -- typed source columns are read without a text round trip
    {%- set types = customer_lifecycle.lifecycle_input_types(ref('customer_lifecycle', 'stg_lifecycle__events_tmp')) %}
    select
        {{ lifecycle_clean_id('event_id', types.get('event_id')) }} as event_id,
        {{ lifecycle_clean_id('customer_id', types.get('customer_id')) }} as customer_id,
        {{ lifecycle_clean_id('visitor_id', types.get('visitor_id')) }} as visitor_id,
        lower({{ lifecycle_clean_text('event_type') }}) as event_type,
        {{ lifecycle_safe_timestamp('occurred_at', types.get('occurred_at')) }} as occurred_at
    -- the input itself, not a `source` CTE: for the two reads below DuckDB buffered that CTE (slower)
    from {{ ref('customer_lifecycle', 'stg_lifecycle__events_tmp') }}

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
        occurred_at as parsed_occurred_at
    from parsed

),

dated as (

    select
        *,
        case when quarantine_reason is null then parsed_occurred_at end as occurred_at
    from checked

),

repeated_ids as (

    -- ids on more than one row (a hash aggregate): only their rows need the window below, which
    -- sorted all 11.8M rows of a 1M-customer shop. NULL ids stay out: quarantined rows are all kept
    select event_id
    from dated
    where event_id is not null
    group by event_id
    having count(*) > 1

),

ranked as (

    -- the window as before, over the rows of repeated ids (each of their partitions is whole here)
    select
        dated.*,
        row_number() over (
            partition by dated.event_id, dated.quarantine_reason
            order by
                dated.occurred_at nulls last,
                dated.customer_id nulls last,
                dated.visitor_id nulls last,
                dated.event_type nulls last
        ) as version_number
    from dated
    inner join repeated_ids on dated.event_id = repeated_ids.event_id

    union all

    -- any other row is alone in its partition (or quarantined), so version 1 is what the window gave
    select
        dated.*,
        1 as version_number
    from dated
    left join repeated_ids on dated.event_id = repeated_ids.event_id
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
        quarantine_reason
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
        cast(null as {{ dbt.type_string() }}) as quarantine_reason
    where 1 = 0

)

{% endif %}

select * from final
