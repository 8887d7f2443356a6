-- The deployed logistic model (churn_lr) read the way a reviewer reads it: the odds ratio of churn for
-- +1 standard deviation of each feature over the model's training rows, so features of any unit compare.
-- The generated contribution of a feature is coef x (value - training mean): its slope over the training
-- rows, covar(contribution, value) / var(value), is the coefficient, exactly as the SQL scores use it.
{%- set window = deployment() %}
{#- the churn models' own training window (calibration.py); a deployment() written before it had one: the refit's #}
{%- set first = window.get('first_churn_training_snapshot', window.first_training_snapshot) %}
{%- set last = window.get('last_churn_training_snapshot', window.last_training_snapshot) %}
with

training as (

    select *
    from {{ ref('customer_lifecycle', 'customer_features') }}
    where is_labelled = 1
        and snapshot_date between cast('{{ first }}' as date) and cast('{{ last }}' as date)

),

slopes as (

    {%- for feature, contribution in churn_lr_contributions() %}
    {%- set value = 'cast(' ~ adapter.quote(feature) ~ ' as ' ~ lifecycle_type_double() ~ ')' %}
    select
        '{{ feature }}' as feature,
        stddev_pop({{ value }}) as training_sd,
        {{ lifecycle_safe_divide('covar_pop(' ~ contribution ~ ', ' ~ value ~ ')', 'var_pop(' ~ value ~ ')') }}
            as coefficient
    from training
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

final as (

    select
        feature,
        coefficient,
        training_sd,
        exp(coefficient * training_sd) as odds_ratio_per_sd
    from slopes

)

select * from final
