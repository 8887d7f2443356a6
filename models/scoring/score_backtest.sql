-- How the deployed models really did: for every past snapshot whose labels have matured, actual churn
-- and value by decile of the churn score (decile 10 = highest risk). The deployed models are refit on every
-- snapshot labelled when they were trained, so right after `lifecycle train` every row is `in_training`;
-- snapshots that mature later, while the same models keep scoring, were never seen (`in_training` = false):
-- those rows are the honest backtest (the registry keeps the held-out validation of the training run).
-- Models trained elsewhere (the shipped defaults, until this project trains) saw none of these snapshots.
-- Whether the value adds up: per snapshot, the sum of expected_value_h over its customers against the revenue
-- that followed (every decile row of a snapshot repeats its totals).
{%- set window = deployment() %}
{%- set labels = lifecycle_contract() %}
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
        avg(cast({{ adapter.quote(labels.churn) }} as {{ lifecycle_type_double() }})) as actual_churn_rate,
        avg(predicted_value_h) as predicted_value_h,
        avg(expected_value_h) as expected_value_h,
        avg({{ adapter.quote(labels.value) }}) as actual_value_h,
        sum({{ adapter.quote(labels.value) }}) as actual_value_total,
        sum(sum(expected_value_h)) over (partition by snapshot_date) as snapshot_expected_value_total,
        sum(sum({{ adapter.quote(labels.value) }})) over (partition by snapshot_date) as snapshot_actual_value_total
    from matured
    group by snapshot_date, churn_decile

),

totals as (

    select
        *,
        -- 1 = the expected value adds up to the revenue that followed; NULL when no revenue followed
        snapshot_expected_value_total / nullif(snapshot_actual_value_total, 0) as snapshot_value_ratio
    from final

)

select * from totals
