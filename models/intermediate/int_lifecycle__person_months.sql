-- Lifecycle stage of every known person at the end of every month (the current month is
-- evaluated at the as-of date). First matching rule wins:
--   churned     bought before, no purchase for more than max(floor, multiplier * own mean gap) days
--   advocate    repeat buyer (2+ purchase days) who has reviewed or referred someone
--   retained    repeat buyer
--   engaged     one purchase day
--   registered  signed up, no completed purchase
--   attracted   engaged browsing (product view, add to cart, any order) without signing up
--   acquired    seen (visit, sign-up elsewhere) without engagement
-- A view: int_lifecycle__person_stages stores these months as stage spells (one row per person and
-- spell, not per month), and customer_lifecycle reads the as-of month only.
{{ config(materialized='view') }}
with

persons as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__persons') }}

),

months as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__history_months') }}

),

metrics as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__customer_order_metrics') }}

),

person_months as (

    select
        persons.person_id,
        persons.customer_id,
        persons.person_type,
        months.month_start,
        months.evaluated_at,
        persons.signed_up_date,
        persons.first_engaged_date,
        persons.first_review_date,
        persons.first_referral_date,
        metrics.first_purchase_date,
        metrics.last_purchase_date,
        coalesce(metrics.purchase_days_count, 0) as purchase_days_count,
        metrics.recency_days as days_since_last_purchase,
        case
            when metrics.customer_id is not null then greatest(
                    cast({{ lifecycle_var('lifecycle_churn_floor_days') }} as {{ lifecycle_type_double() }}),
                    {{ lifecycle_var('lifecycle_churn_gap_multiplier') }} * metrics.mean_gap_days
                )
        end as churn_threshold_days
    from persons
    inner join months
        on persons.first_seen_date <= months.evaluated_at
    left join metrics
        on metrics.customer_id = persons.customer_id
        and metrics.evaluation_date = months.evaluated_at

),

staged as (

    select
        *,
        case
            when purchase_days_count >= 1 and days_since_last_purchase > churn_threshold_days
                then 'churned'
            when purchase_days_count >= 2
                and (first_review_date <= evaluated_at or first_referral_date <= evaluated_at)
                then 'advocate'
            when purchase_days_count >= 2 then 'retained'
            when purchase_days_count = 1 then 'engaged'
            when signed_up_date <= evaluated_at then 'registered'
            when first_engaged_date <= evaluated_at then 'attracted'
            else 'acquired'
        end as lifecycle_stage
    from person_months

),

final as (

    select
        person_id,
        customer_id,
        person_type,
        month_start,
        evaluated_at,
        lifecycle_stage,
        {{ lifecycle_stage_order('lifecycle_stage') }} as stage_order,
        signed_up_date,
        first_purchase_date,
        last_purchase_date,
        purchase_days_count,
        days_since_last_purchase,
        churn_threshold_days,
        case when first_review_date <= evaluated_at then 1 else 0 end as has_reviewed,
        case when first_referral_date <= evaluated_at then 1 else 0 end as has_referred
    from staged

)

select * from final
