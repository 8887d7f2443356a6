-- Month-over-month stage flows (Sankey-ready): how many people moved from_stage -> to_stage
-- in each month. from_stage 'none' = first month the person is known; staying counts too.
-- Read from the stage spells: a spell's first month is a flow from the person's previous spell
-- (or 'none'), each later month of it a stay.
{{ config(
    materialized=lifecycle_incremental_materialization(),
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ customer_lifecycle.lifecycle_delete_reopened('month_start', 'int_lifecycle__history_months', 'month_start', 'evaluated_at') }}",
) }}
with

spells as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__person_stages') }}

),

months as (

    select month_start from {{ ref('customer_lifecycle', 'int_lifecycle__history_months') }}
    {{ lifecycle_missing_dates('month_start') }}

),

entered as (

    select
        valid_from as month_start,
        coalesce(
            lag(lifecycle_stage) over (partition by person_type, person_id order by valid_from),
            'none'
        ) as from_stage,
        lifecycle_stage as to_stage
    from spells

),

entries as (

    select
        entered.month_start,
        entered.from_stage,
        entered.to_stage,
        count(*) as customers
    from entered
    inner join months on entered.month_start = months.month_start
    group by
        entered.month_start,
        entered.from_stage,
        entered.to_stage

),

spans as (

    -- people per stage and span, so the stays below join months with spans, not people
    select
        lifecycle_stage,
        valid_from,
        valid_to,
        count(*) as people
    from spells
    group by
        lifecycle_stage,
        valid_from,
        valid_to

),

stays as (

    select
        months.month_start,
        spans.lifecycle_stage as from_stage,
        spans.lifecycle_stage as to_stage,
        sum(spans.people) as customers
    from spans
    inner join months
        on months.month_start > spans.valid_from
        and months.month_start < spans.valid_to
    group by
        months.month_start,
        spans.lifecycle_stage

),

final as (

    -- a spell's stage differs from the previous spell's, so entries and stays never share a key
    select
        month_start,
        from_stage,
        to_stage,
        cast(customers as bigint) as customers
    from entries

    union all

    select
        month_start,
        from_stage,
        to_stage,
        cast(customers as bigint) as customers
    from stays

)

select * from final
