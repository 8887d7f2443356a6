-- Lifecycle stage of every known person per calendar month (state at the month's last day,
-- or at the as-of date for the current month).
-- A view over the stage spells (int_lifecycle__person_stages) and the month spine: each spell
-- expands into its months, so the person x month rows are never written.
{{ config(materialized='view') }}
with

spells as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__person_stages') }}

),

months as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__history_months') }}

),

final as (

    select
        spells.person_id,
        spells.customer_id,
        spells.person_type,
        months.month_start,
        months.evaluated_at,
        spells.lifecycle_stage,
        spells.stage_order
    from spells
    inner join months
        on months.month_start >= spells.valid_from
        and months.month_start < spells.valid_to

)

select * from final
