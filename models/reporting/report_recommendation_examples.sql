{{ config(enabled=lifecycle_var('lifecycle_has_order_lines')) }}
-- Example lists to read: the first person (by id) of each stage, their first three products per list.
with

recommendations as (

    select * from {{ ref('customer_lifecycle', 'customer_recommendations') }}

),

examples as (

    select
        lifecycle_stage,
        min(person_id) as person_id
    from recommendations
    group by lifecycle_stage

),

final as (

    select
        recommendations.lifecycle_stage,
        recommendations.person_id,
        recommendations.list,
        recommendations.rank,
        recommendations.product_id,
        recommendations.product_name,
        recommendations.reason
    from recommendations
    inner join examples
        on recommendations.lifecycle_stage = examples.lifecycle_stage
        and recommendations.person_id = examples.person_id
    where recommendations.rank <= 3

)

select * from final
