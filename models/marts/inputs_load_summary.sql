-- Where every raw sign-up, event, order line and product row went: accepted; quarantined by reason (the row stays in staging
-- with its reason and no date); or merged: a sign-up without a customer id, or a later version of a
-- sign-up or event id already kept. An input's counts add up to its raw rows. Warning rows count rows
-- or ids already counted there: rows with a text null marker in an id column, ids that are case
-- variants of another. Orders have orders_load_summary; switched-off inputs have no rows.
{%- set id_columns = {
    'customers': ['customer_id', 'referred_by_customer_id'],
    'events': ['event_id', 'customer_id', 'visitor_id'],
    'order_lines': ['order_id', 'product_id'],
    'products': ['product_id'],
} %}
{%- set inputs = [] %}
{%- if lifecycle_var('lifecycle_has_customers') %}{% do inputs.append('customers') %}{% endif %}
{%- if lifecycle_var('lifecycle_has_events') %}{% do inputs.append('events') %}{% endif %}
{%- if lifecycle_var('lifecycle_has_order_lines') %}{% do inputs.append('order_lines') %}
    {%- if lifecycle_var('lifecycle_has_products') %}{% do inputs.append('products') %}{% endif %}
{%- endif %}
with

{% if inputs %}

staged as (

    {%- for input in inputs %}
    select '{{ input }}' as input, quarantine_reason
    from {{ ref('customer_lifecycle', 'stg_lifecycle__' ~ input) }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}

),

raw_rows as (

    {%- for input in inputs %}
    {%- set raw = ref('customer_lifecycle', 'stg_lifecycle__' ~ input ~ '_tmp') %}
    {%- set types = customer_lifecycle.lifecycle_input_types(raw) %}
    select
        '{{ input }}' as input,
        count(*) as raw_count,
        {%- if input == 'customers' %}
        -- staging drops these: a sign-up is keyed by its customer id (an event without one is quarantined)
        sum(case when {{ lifecycle_clean_id('customer_id', types.get('customer_id')) }} is null then 1 else 0 end)
            as missing_id_count,
        {%- else %}
        0 as missing_id_count,
        {%- endif %}
        sum(case when {% for column in id_columns[input] -%}
            {{ lifecycle_is_null_id_marker(column) }}{{ ' or ' if not loop.last }}
        {%- endfor %} then 1 else 0 end) as null_marker_count
    from {{ raw }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}

),

staged_rows as (

    select input, count(*) as staged_count
    from staged
    group by input

),

counted as (

    select
        input,
        case when quarantine_reason is null then 'accepted' else 'quarantined' end as outcome,
        coalesce(quarantine_reason, 'none') as reason,
        count(*) as row_count
    from staged
    group by
        input,
        case when quarantine_reason is null then 'accepted' else 'quarantined' end,
        coalesce(quarantine_reason, 'none')

    union all

    select raw_rows.input, 'merged' as outcome, 'missing_customer_id' as reason, raw_rows.missing_id_count as row_count
    from raw_rows
    where raw_rows.missing_id_count > 0

    union all

    select
        raw_rows.input,
        'merged' as outcome,
        'duplicate_version' as reason,
        raw_rows.raw_count - raw_rows.missing_id_count - coalesce(staged_rows.staged_count, 0) as row_count
    from raw_rows
    left join staged_rows on raw_rows.input = staged_rows.input
    where raw_rows.raw_count - raw_rows.missing_id_count - coalesce(staged_rows.staged_count, 0) > 0

    union all

    select raw_rows.input, 'warning' as outcome, 'null_marker_id' as reason, raw_rows.null_marker_count
    from raw_rows
    where raw_rows.null_marker_count > 0

    union all

    select input, 'warning' as outcome, 'case_variant_id' as reason, count(*) as row_count
    from {{ ref('customer_lifecycle', 'int_lifecycle__case_variant_ids') }}
    where input in ({% for input in inputs %}'{{ input }}'{{ ', ' if not loop.last }}{% endfor %})
    group by input

),

final as (

    select
        input,
        outcome,
        reason,
        cast(row_count as bigint) as row_count
    from counted

)

{% else %}

final as (

    select
        cast(null as {{ dbt.type_string() }}) as input,
        cast(null as {{ dbt.type_string() }}) as outcome,
        cast(null as {{ dbt.type_string() }}) as reason,
        cast(null as bigint) as row_count
    where 1 = 0

)

{% endif %}

select * from final
