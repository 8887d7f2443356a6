-- Where every raw order row went: accepted (in scope), out_of_scope, or quarantined by reason.
-- Warning rows count rows or ids already counted there: rows with a text null marker as order or
-- customer id (quarantined as null_order_id / null_customer_id), customer ids that are case variants
-- of another.
with

validated as (

    select * from {{ ref('customer_lifecycle', 'stg_lifecycle__orders_validated') }}

),

as_of as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__as_of_date') }}

),

classified as (

    select
        case
            when validated.quarantine_reason is not null then 'quarantined'
            when validated.order_date > as_of.as_of_date then 'out_of_scope'
            else 'accepted'
        end as outcome,
        coalesce(validated.quarantine_reason, 'none') as reason
    from validated
    cross join as_of

),

counted as (

    select
        outcome,
        reason,
        count(*) as row_count
    from classified
    group by
        outcome,
        reason

    union all

    select
        'warning' as outcome,
        'null_marker_id' as reason,
        count(*) as row_count
    from validated
    where {{ lifecycle_is_null_id_marker('order_id_raw') }} or {{ lifecycle_is_null_id_marker('customer_id_raw') }}
    having count(*) > 0

    union all

    select
        'warning' as outcome,
        'case_variant_id' as reason,
        count(*) as row_count
    from {{ ref('customer_lifecycle', 'int_lifecycle__case_variant_ids') }}
    where input = 'orders'
    having count(*) > 0

),

final as (

    select
        outcome,
        reason,
        cast(row_count as bigint) as row_count
    from counted

)

select * from final
