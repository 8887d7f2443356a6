-- Lifecycle stage of every known person per calendar month (state at the month's last day,
-- or at the as-of date for the current month).
-- A view: the rows are int_lifecycle__person_stages' own (an incremental table on daily runs), so
-- writing them a second time would cost a full copy of the largest table every build.
{{ config(materialized='view') }}
with

stages as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__person_stages') }}

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
