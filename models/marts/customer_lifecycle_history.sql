-- Lifecycle stage of every known person per calendar month (state at the month's last day,
-- or at the as-of date for the current month).
-- the incremental pre-hook reads the months (lifecycle_delete_reopened)
-- depends_on: {{ ref('customer_lifecycle', 'int_lifecycle__history_months') }}
{{ config(
    materialized=lifecycle_incremental_materialization(),
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ customer_lifecycle.lifecycle_delete_reopened('month_start', 'int_lifecycle__history_months', 'month_start', 'evaluated_at') }}",
) }}
with

stages as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__person_stages') }}
    {{ lifecycle_missing_dates('month_start') }}

),

final as (

    select
        person_id,
        customer_id,
        person_type,
        month_start,
        evaluated_at,
        lifecycle_stage,
        stage_order
    from stages

)

select * from final
