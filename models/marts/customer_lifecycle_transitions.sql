-- Month-over-month stage flows (Sankey-ready): how many people moved from_stage -> to_stage
-- in each month. from_stage 'none' = first month the person is known; staying counts too.
with

history as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__person_stages') }}

),

paired as (

    select
        person_id,
        month_start,
        lifecycle_stage as to_stage,
        lag(lifecycle_stage) over (
            partition by person_id
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
    group by
        month_start,
        coalesce(previous_stage, 'none'),
        to_stage

)

select * from final
