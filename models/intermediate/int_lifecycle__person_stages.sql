-- Lifecycle stage history as spells: one row per person and run of consecutive months in the same
-- stage, valid from the month valid_from up to (not including) the month valid_to. The months and
-- their stages are int_lifecycle__person_months'; customer_lifecycle_history expands the spells back
-- into months. Most people stay in their stage for months, so this is several times smaller than
-- one row per person and month (the shape of dbt snapshots and SCD2 tables, by month).
-- An incremental run (lifecycle_incremental) rebuilds the months from lifecycle_spells_rebuilt_from()
-- on: the spells that start there are deleted (pre-hook), the spells still open then are read back
-- as their last kept month and extended or closed, and replace their old rows (delete+insert).
-- the incremental run reads the months (lifecycle_spells_rebuilt_from)
-- depends_on: {{ ref('customer_lifecycle', 'int_lifecycle__history_months') }}
{{ config(
    materialized=lifecycle_incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key=['person_type', 'person_id', 'valid_from'],
    on_schema_change='append_new_columns',
    pre_hook="{{ customer_lifecycle.lifecycle_delete_rebuilt_spells() }}",
) }}
with

person_months as (

    select
        person_id,
        customer_id,
        person_type,
        lifecycle_stage,
        stage_order,
        month_start as valid_from,
        month_start
    from {{ ref('customer_lifecycle', 'int_lifecycle__person_months') }}
    {%- if lifecycle_is_incremental() %}
    where month_start >= {{ lifecycle_spells_rebuilt_from() }}
    {%- endif %}

),

{%- if lifecycle_is_incremental() %}

open_spells as (

    -- each spell the rebuilt months may extend, standing in as its last kept month
    select
        person_id,
        customer_id,
        person_type,
        lifecycle_stage,
        stage_order,
        valid_from,
        {{ lifecycle_add_periods('month', -1, lifecycle_spells_rebuilt_from()) }} as month_start
    from {{ this }}
    where valid_from < {{ lifecycle_spells_rebuilt_from() }}
        and valid_to >= {{ lifecycle_spells_rebuilt_from() }}

),

{%- endif %}

stage_months as (

    select * from person_months
    {%- if lifecycle_is_incremental() %}
    union all
    select * from open_spells
    {%- endif %}

),

changes as (

    select
        *,
        case
            when lifecycle_stage = lag(lifecycle_stage) over person_order then 0
            else 1
        end as starts_spell
    from stage_months
    window person_order as (partition by person_type, person_id order by month_start)

),

numbered as (

    select
        *,
        sum(starts_spell) over (
            partition by person_type, person_id
            order by month_start
            rows between unbounded preceding and current row
        ) as spell_number
    from changes

),

spells as (

    select
        person_id,
        customer_id,
        person_type,
        lifecycle_stage,
        stage_order,
        min(valid_from) as valid_from,
        max(month_start) as last_month
    from numbered
    group by
        person_type,
        person_id,
        customer_id,
        spell_number,
        lifecycle_stage,
        stage_order

),

final as (

    select
        person_id,
        customer_id,
        person_type,
        lifecycle_stage,
        stage_order,
        valid_from,
        {{ lifecycle_add_periods('month', 1, 'last_month') }} as valid_to
    from spells

)

select * from final
