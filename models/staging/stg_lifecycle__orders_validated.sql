-- a table, not a view: text parsing is the costly part and several models read this. Incremental with
-- a load-time column (lifecycle_orders_loaded_at_column, macros/staging/lifecycle_loaded_since.sql):
-- then only the rows loaded since the last build are parsed, and ranked with the staged rows of their ids.
{{ config(
    materialized=lifecycle_staging_materialization('orders'),
    incremental_strategy='delete+insert',
    unique_key='order_id',
    on_schema_change='fail',
) }}

-- Every raw order row, parsed safely, with the first reason (if any) it cannot be accepted.
-- Nothing is dropped here: stg_lifecycle__orders keeps reason-free rows, orders_quarantine the rest.
{%- set incremental = lifecycle_is_incremental() %}
{%- set versions = 'versions' if incremental else 'row_checks' %}
with

parsed as (

    -- raw columns as text, whatever their type in the source (kept verbatim for the quarantine), and parsed:
    -- from the typed column itself when the source is typed (no text round trip), else from its text
    {%- set types = customer_lifecycle.lifecycle_input_types(ref('customer_lifecycle', 'stg_lifecycle__orders_tmp')) %}
    {%- set status = 'status' if lifecycle_var('lifecycle_orders_has_status')
        else 'cast(null as ' ~ dbt.type_string() ~ ')' %}
    select
        cast(order_id as {{ dbt.type_string() }}) as order_id_raw,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id_raw,
        cast(ordered_at as {{ dbt.type_string() }}) as ordered_at_raw,
        cast(amount as {{ dbt.type_string() }}) as amount_raw,
        cast({{ status }} as {{ dbt.type_string() }}) as status_raw,
        {{ lifecycle_clean_id('order_id', types.get('order_id')) }} as order_id,
        {{ lifecycle_clean_id('customer_id', types.get('customer_id')) }} as customer_id,
        {{ lifecycle_safe_timestamp('ordered_at', types.get('ordered_at')) }} as ordered_at,
        {{ lifecycle_safe_number('amount', types.get('amount')) }} as amount,
        -- status is optional: missing means a plain completed order
        coalesce(lower({{ lifecycle_clean_text(status) }}), 'completed') as status,
        {{ lifecycle_loaded_at('orders') }} as loaded_at
    -- the input itself, not a `source` CTE: for the two reads below DuckDB buffered that CTE (slower)
    from {{ lifecycle_rows_to_stage('orders', ref('customer_lifecycle', 'stg_lifecycle__orders_tmp')) }}

),

row_checks as (

    select
        *,
        case
            when order_id is null then 'null_order_id'
            when customer_id is null then 'null_customer_id'
            when ordered_at is null then 'unparseable_timestamp'
            when
                ordered_at < cast('{{ lifecycle_var('lifecycle_earliest_valid_date') }}' as timestamp)
                then 'implausible_date'
            when amount is null then 'unparseable_amount'
            when abs(amount) > {{ lifecycle_var('lifecycle_max_order_amount') }} then 'implausible_amount'
            when status not in ('completed', 'returned', 'cancelled') then 'unknown_status'
            when ordered_at > {{ lifecycle_load_time() }} then 'future_timestamp'
            when status = 'completed' and amount < 0 then 'negative_amount'
        end as row_reason
    from parsed

),

{%- if incremental %}

versions as (

    select * from row_checks

    union all

    -- the rows staged before of the ids loaded again: their versions are ranked again with the new ones
    -- (their row checks stand: a reason the id ranking gave is not a row reason)
    select
        order_id_raw,
        customer_id_raw,
        ordered_at_raw,
        amount_raw,
        status_raw,
        order_id,
        customer_id,
        ordered_at,
        amount,
        status,
        loaded_at,
        case
            when quarantine_reason not in ('duplicate_order_id', 'conflicting_order_id') then quarantine_reason
        end as row_reason
    from {{ this }}
    where order_id in (select order_id from row_checks)

),

{%- endif %}

repeated_ids as (

    -- ids on more than one row (a hash aggregate): only their rows need the window below, which
    -- sorted all 6.3M rows of a 1M-customer shop. NULL ids stay out: row_reason null_order_id decides
    select order_id
    from {{ versions }}
    where order_id is not null
    group by order_id
    having count(*) > 1

),

id_checks as (

    -- Among rows that pass the row checks, per order id, one version is accepted: the earliest
    -- ordered_at (a record that arrives later can never rewrite what an earlier snapshot saw);
    -- on a tie the most final status (cancelled, then returned, then completed: an order only
    -- moves that way); then the smaller amount; then the customer id as text. Exact copies of
    -- it are duplicate_order_id, versions that disagree conflicting_order_id.
    -- Only rows of a repeated id can be a later copy: the others skip content_key and the window
    -- (each partition of a repeated id is whole here).
    select
        {{ versions }}.*,
        {{ dbt.concat([
            versions ~ '.customer_id', "'|'",
            'cast(' ~ versions ~ '.ordered_at as ' ~ dbt.type_string() ~ ')', "'|'",
            'cast(' ~ versions ~ '.amount as ' ~ dbt.type_string() ~ ')', "'|'",
            versions ~ '.status'
        ]) }} as content_key,
        case {{ versions }}.status when 'cancelled' then 1 when 'returned' then 2 else 3 end as status_rank
    from {{ versions }}
    inner join repeated_ids on {{ versions }}.order_id = repeated_ids.order_id

),

repeated_copies as (

    -- every raw column breaks ties, so the same copy is kept on every run (' O1' and 'O1' are one id)
    select
        *,
        row_number() over copy_order as copy_number,
        -- the frame starts at the partition's first row, so this is the kept copy's key
        first_value(content_key) over copy_order as kept_content_key
    from id_checks
    window copy_order as (
        partition by order_id, row_reason
        order by
            ordered_at nulls last,
            status_rank,
            amount nulls last,
            customer_id nulls last,
            ordered_at_raw nulls last,
            amount_raw nulls last,
            customer_id_raw nulls last,
            status_raw nulls last,
            order_id_raw nulls last,
            -- exact copies: the first loaded is the kept one (NULL without a load-time column)
            loaded_at nulls last
    )

),

ranked as (

    select * from repeated_copies

    union all

    -- any other row is alone in its partition (or has a NULL id), so copy 1: its reason is row_reason
    select
        {{ versions }}.*,
        cast(null as {{ dbt.type_string() }}) as content_key,
        cast(null as integer) as status_rank,
        1 as copy_number,
        cast(null as {{ dbt.type_string() }}) as kept_content_key
    from {{ versions }}
    left join repeated_ids on {{ versions }}.order_id = repeated_ids.order_id
    where repeated_ids.order_id is null

),

final as (

    select
        order_id_raw,
        customer_id_raw,
        ordered_at_raw,
        amount_raw,
        status_raw,
        order_id,
        customer_id,
        ordered_at,
        cast(ordered_at as date) as order_date,
        amount,
        status,
        coalesce(
            row_reason,
            case
                when copy_number > 1 and content_key = kept_content_key then 'duplicate_order_id'
                when copy_number > 1 then 'conflicting_order_id'
            end
        ) as quarantine_reason,
        loaded_at
    from ranked

)

select * from final
