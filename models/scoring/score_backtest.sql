-- How the deployed models really did: for every past snapshot whose labels have matured, actual churn
-- and value by decile of the churn score (decile 10 = highest risk). Snapshots after the training
-- window were never seen in training (`in_training` = false): those rows are the honest backtest. Models
-- trained elsewhere (the shipped defaults, until this project trains) saw none of these snapshots.
{%- set window = deployment() %}
with

matured as (

    select
        *,
        ntile(10) over (partition by snapshot_date order by churn_probability, customer_id) as churn_decile
    from {{ ref('customer_lifecycle', 'scored_snapshots') }}
    where is_labelled = 1

),

final as (

    select
        snapshot_date,
        churn_decile,
        {% if lifecycle_trained_here() -%}
        snapshot_date <= cast('{{ window.last_training_snapshot }}' as date) as in_training,
        {%- else -%}
        false as in_training,
        {%- endif %}
        count(*) as customers,
        avg(churn_probability) as predicted_churn_rate,
        avg(cast(churned_within_h as {{ lifecycle_type_double() }})) as actual_churn_rate,
        avg(predicted_value_h) as predicted_value_h,
        avg(expected_value_h) as expected_value_h,
        avg(value_within_h) as actual_value_h,
        sum(value_within_h) as actual_value_total
    from matured
    group by snapshot_date, churn_decile

)

select * from final
