-- Month-over-month stage flows (Sankey-ready): how many people moved from_stage -> to_stage
-- in each month. from_stage 'none' = first month the person is known; staying counts too.
-- the incremental pre-hook reads the months (lifecycle_delete_reopened)
-- depends_on: {{ ref('customer_lifecycle', 'int_lifecycle__history_months') }}
{{ config(
    materialized=lifecycle_incremental_materialization(),
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ customer_lifecycle.lifecycle_delete_reopened('month_start', 'int_lifecycle__history_months', 'month_start', 'evaluated_at') }}",
) }}
with

history as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__person_stages') }}
    {%- if lifecycle_is_incremental() %}
    -- the months this table lacks, and the month before the first of them (each month's previous stage)
    where month_start >= (
        select {{ lifecycle_add_periods('month', -1, 'min(month_start)') }}
        from {{ ref('customer_lifecycle', 'int_lifecycle__history_months') }}
        where month_start not in (select distinct month_start from {{ this }})
    )
    {%- endif %}

),

paired as (

    select
        person_id,
        month_start,
        lifecycle_stage as to_stage,
        lag(lifecycle_stage) over (
            partition by person_type, person_id
            order by month_start nulls last
        ) as previous_stage
    from history

),

final as (

    select
        month_start,
        coalesce(previous_stage, 'none') as from_stage,
        to_stage,
        cast(count(*) as bigint) as customers
    from paired
    {%- if lifecycle_is_incremental() %}
    where month_start not in (select distinct month_start from {{ this }})
    {%- endif %}
    group by
        month_start,
        coalesce(previous_stage, 'none'),
        to_stage

)

select * from final
