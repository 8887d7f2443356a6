-- Every snapshot of customer_features scored by the deployed models (macros/generated, written by
-- `lifecycle train`). Training, drift and the backtest all read the same feature rows through here:
-- the features and labels customer_features declares (lifecycle_contract()).
{%- set contract = lifecycle_contract() %}
{%- set deployed = deployment() %}
{%- set versions = deployed['versions'] %}
{%- set undeclared = deployed['features'] | reject('in', contract.features) | list %}
{%- if execute and undeclared %}
{{- exceptions.raise_compiler_error("customer_lifecycle: the deployed models read " ~ undeclared | join(', ')
    ~ ", which customer_features no longer declares as features (column meta customer_lifecycle); "
    ~ "retrain with `lifecycle train`") }}
{%- endif %}
with

features as (

    select
        customer_id,
        snapshot_date,
        is_labelled,
        {%- for column in contract.features + [contract.churn, contract.value] %}
        {{ adapter.quote(column) }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('customer_lifecycle', 'customer_features') }}

),

scored as (

    select
        customer_id,
        snapshot_date,
        is_labelled,
        {{ adapter.quote(contract.churn) }},
        {{ adapter.quote(contract.value) }},
        {{ churn_lr() }} as churn_probability,
        {{ churn_tree() }} as churn_probability_tree,
        {{ value_tree() }} as predicted_value_h,
        {{ value_linear() }} as predicted_value_h_linear,
        {{ spend_tree() }} as predicted_spend_if_active_h,
        {{ churn_tree_path() }} as churn_tree_path
    from features

),

final as (

    select
        *,
        -- expected value = P(buy in the horizon) x spend when buying
        (1 - churn_probability) * predicted_spend_if_active_h as expected_value_h,
        '{{ versions["churn_lr"] }}' as churn_model_version,
        '{{ versions["churn_tree"] }}' as churn_tree_model_version,
        '{{ versions["value_tree"] }}' as value_model_version,
        '{{ versions["spend_tree"] }}' as spend_model_version
    from scored

)

select * from final
