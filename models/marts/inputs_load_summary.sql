-- Where every sign-up and event row went: accepted, or quarantined by reason (orders have
-- orders_load_summary). Switched-off inputs have no rows.
with

customers as (

    select quarantine_reason from {{ ref('customer_lifecycle', 'stg_lifecycle__customers') }}

),

events as (

    select quarantine_reason from {{ ref('customer_lifecycle', 'stg_lifecycle__events') }}

),

rows_by_input as (

    select 'customers' as input, quarantine_reason from customers
    union all
    select 'events' as input, quarantine_reason from events

),

final as (

    select
        input,
        case when quarantine_reason is null then 'accepted' else 'quarantined' end as outcome,
        coalesce(quarantine_reason, 'none') as reason,
        cast(count(*) as bigint) as row_count
    from rows_by_input
    group by
        input,
        case when quarantine_reason is null then 'accepted' else 'quarantined' end,
        coalesce(quarantine_reason, 'none')

)

select * from final
