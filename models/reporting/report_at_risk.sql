-- The customers to call first: at high churn risk, not churned yet, the biggest spenders first (call_rank 1).
-- The report lists the first 20, the `lifecycle run` summary the first 10; a CRM export can take them all.
with

scores as (

    select * from {{ ref('customer_lifecycle', 'customer_scores') }}

),

rfm as (

    select * from {{ ref('customer_lifecycle', 'customer_rfm') }}

),

final as (

    select
        row_number() over (order by rfm.total_spend desc, scores.customer_id asc) as call_rank,
        scores.customer_id,
        scores.lifecycle_stage,
        scores.rf_segment,
        rfm.total_spend,
        rfm.recency_days,
        scores.churn_probability,
        scores.expected_value_h,
        scores.churn_reason_1,
        scores.churn_reason_2,
        scores.churn_reason_3
    from scores
    inner join rfm on rfm.customer_id = scores.customer_id
    where scores.risk_band = 'high' and scores.lifecycle_stage <> 'churned'

)

select * from final
