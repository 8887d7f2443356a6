-- Current lifecycle stage of every person known on the as-of date.
with

as_of as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__as_of_date') }}

),

stages as (

    select stages.*
    from {{ ref('customer_lifecycle', 'int_lifecycle__person_months') }} as stages
    inner join as_of
        on stages.evaluated_at = as_of.as_of_date

),

final as (

    select
        person_id,
        customer_id,
        person_type,
        evaluated_at as as_of_date,
        lifecycle_stage,
        stage_order,
        signed_up_date,
        first_purchase_date,
        last_purchase_date,
        purchase_days_count,
        days_since_last_purchase,
        churn_threshold_days,
        has_reviewed,
        has_referred
    from stages

)

select * from final
