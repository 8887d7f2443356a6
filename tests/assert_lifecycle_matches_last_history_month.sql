-- customer_lifecycle is the last month of customer_lifecycle_history, and every month's
-- transitions add up to the people known that month.
with

history as (

    select * from {{ ref('customer_lifecycle', 'customer_lifecycle_history') }}

),

as_of as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__as_of_date') }}

),

current_stage as (

    select * from {{ ref('customer_lifecycle', 'customer_lifecycle') }}

),

last_month as (

    select history.*
    from history
    inner join as_of
        on history.evaluated_at = as_of.as_of_date

),

stage_mismatches as (

    select coalesce(current_stage.person_id, last_month.person_id) as person_id
    from current_stage
    full outer join last_month
        on last_month.person_type = current_stage.person_type
        and last_month.person_id = current_stage.person_id
    where
        current_stage.person_id is null
        or last_month.person_id is null
        or current_stage.lifecycle_stage <> last_month.lifecycle_stage

),

people_per_month as (

    select
        month_start,
        count(*) as people
    from history
    group by month_start

),

flows_per_month as (

    select
        month_start,
        sum(customers) as people
    from {{ ref('customer_lifecycle', 'customer_lifecycle_transitions') }}
    group by month_start

),

flow_mismatches as (

    select cast(people_per_month.month_start as {{ dbt.type_string() }}) as person_id
    from people_per_month
    full outer join flows_per_month
        on flows_per_month.month_start = people_per_month.month_start
    where
        people_per_month.people is null
        or flows_per_month.people is null
        or people_per_month.people <> flows_per_month.people

)

select person_id from stage_mismatches
union all
select person_id from flow_mismatches
