-- People per lifecycle stage at every month end (the report's stacked area chart).
with

history as (

    select * from {{ ref('customer_lifecycle', 'customer_lifecycle_history') }}

),

final as (

    select
        month_start,
        lifecycle_stage,
        count(*) as people
    from history
    group by
        month_start,
        lifecycle_stage

)

select * from final
