-- Today's customers and their expected value per churn risk band (the report's risk band bars).
with

scores as (

    select * from {{ ref('customer_lifecycle', 'customer_scores') }}

),

final as (

    select
        risk_band,
        count(*) as customers,
        sum(expected_value_h) as expected_value_h
    from scores
    group by risk_band

)

select * from final
