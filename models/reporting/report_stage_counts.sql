-- People per lifecycle stage on the as-of date: the report's first chart and the `lifecycle run` summary.
with

lifecycle as (

    select * from {{ ref('customer_lifecycle', 'customer_lifecycle') }}

),

final as (

    select
        as_of_date,
        lifecycle_stage,
        count(*) as people
    from lifecycle
    group by
        as_of_date,
        lifecycle_stage

)

select * from final
