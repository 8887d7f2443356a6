-- Where every raw order row went: accepted (in scope), out_of_scope, or quarantined by reason.
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

final as (

    select
        outcome,
        reason,
        cast(count(*) as bigint) as row_count
    from classified
    group by
        outcome,
        reason

)

select * from final
