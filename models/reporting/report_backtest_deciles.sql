-- Out of sample: predicted against actual churn and value per churn-risk decile, over the matured snapshots
-- after the training window (score_backtest rows not in_training), each snapshot weighted by its customers.
-- Empty right after a retrain: every matured snapshot is then in the training window.
with

backtest as (

    select * from {{ ref('customer_lifecycle', 'score_backtest') }}
    where not in_training

),

final as (

    select
        churn_decile,
        sum(customers) as customers,
        sum(predicted_churn_rate * customers) / sum(customers) as predicted_churn_rate,
        sum(actual_churn_rate * customers) / sum(customers) as actual_churn_rate,
        sum(predicted_value_h * customers) / sum(customers) as predicted_value_h,
        sum(actual_value_h * customers) / sum(customers) as actual_value_h,
        count(distinct snapshot_date) as snapshots
    from backtest
    group by churn_decile

)

select * from final
