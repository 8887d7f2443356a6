-- Every snapshot of customer_features scored by the deployed models (macros/generated, written by
-- `lifecycle train`). Training, drift and the backtest all read the same feature rows through here:
-- the features and labels customer_features declares, scored by the models this model's yml declares
-- (lifecycle_contract()).
{{ config(
    materialized=lifecycle_incremental_materialization(),
    incremental_strategy='append',
    on_schema_change='sync_all_columns',
    pre_hook=[
        "{{ customer_lifecycle.lifecycle_without_jit() }}",
        "{{ customer_lifecycle.lifecycle_delete_rescored() }}",
        "{{ customer_lifecycle.lifecycle_delete_reopened('snapshot_date', 'customer_features', 'snapshot_date', 'snapshot_date', labelled=true) }}",
    ],
) }}
{%- set contract = lifecycle_contract() %}
{%- set deployed = deployment() %}
{%- set versions = deployed['versions'] %}
{#- the winner per target on the validation snapshot (train/selection.py): its column becomes the served score #}
{%- set selected = deployed.get('selected') %}
{#- the declarations changed since the last `lifecycle train`: say every difference at once #}
{%- set stale = [] %}
{%- set undeclared = deployed['features'] | reject('in', contract.features) | list %}
{%- if undeclared %}
{%- do stale.append("the deployed models read " ~ undeclared | join(', ') ~ ", which customer_features no longer "
                    ~ "declares as features (column meta customer_lifecycle)") %}
{%- endif %}
{%- set untrained = contract.deployed | map(attribute='model') | reject('in', versions) | list %}
{%- if untrained %}
{%- do stale.append("scored_snapshots declares deployed models " ~ untrained | join(', ') ~ " (column meta "
                    ~ "customer_lifecycle: {role: score}), which the last `lifecycle train` did not deploy (it deployed "
                    ~ versions.keys() | sort | join(', ') ~ ")") %}
{%- endif %}
{#- each generated macro carries its version: one written by another training is a mix of two trainings #}
{%- for model, version in (versions | dictsort) + (deployed.get('clv_versions', {}) | dictsort) if execute %}
{%- set generated = adapter.dispatch(model ~ '_version', 'customer_lifecycle')() %}
{%- if generated != version %}
{%- do stale.append("the generated macros of " ~ model ~ " have version " ~ generated ~ " but deployment() expects "
                    ~ version ~ " (the generated files mix two trainings)") %}
{%- endif %}
{%- endfor %}
{%- if not selected %}
{%- do stale.append("the last `lifecycle train` recorded no winning churn and value model in deployment()") %}
{%- endif %}
{%- if execute and stale %}
{{- exceptions.raise_compiler_error("customer_lifecycle: " ~ stale | join('; ') ~ "; retrain with `lifecycle train`") }}
{%- endif %}
with

features as (

    select
        customer_id,
        snapshot_date,
        is_labelled,
        -- noqa: disable=LT02 (sqlfluff fix would pull the loop's lines apart)
        {%- for column in contract.features + [contract.churn, contract.value] %}
        {{ adapter.quote(column) }}{{ ',' if not loop.last }}
        {%- endfor %}
        -- noqa: enable=LT02
    from {{ ref('customer_lifecycle', 'customer_features') }}
    {{ lifecycle_missing_dates('snapshot_date') }}

),

{#- BG/NBD's and Gamma-Gamma's parameter sets, each by the date it was fitted as of (train/clv.py) #}
bgnbd_parameters as (
    {{ adapter.dispatch('bgnbd_parameters', 'customer_lifecycle')() }}
),

gamma_gamma_parameters as (
    {{ adapter.dispatch('gamma_gamma_parameters', 'customer_lifecycle')() }}
),

scored as (

    select
        customer_id,
        snapshot_date,
        is_labelled,
        {{ adapter.quote(contract.churn) }},
        {{ adapter.quote(contract.value) }},
        {#- each generated macro is dispatched like its own wrapper, so a consumer's retrained rendering wins #}
        {%- for model in contract.deployed %}
        {{ adapter.dispatch(model.model, 'customer_lifecycle')() }} as {{ adapter.quote(model.score) }},
        {%- endfor %}
        {#- the churn tree's explanation: a helper of that one model, not a score #}
        {{ churn_tree_path() }} as churn_tree_path,
        {#- BG/NBD and Gamma-Gamma on the lifetimes columns, with the newest parameters fitted on the histories up to
            the snapshot's date (the training fit for the older snapshots; train/clv.py) #}
        {{ adapter.dispatch('bgnbd_p_alive', 'customer_lifecycle')() }} as p_alive,
        {{ adapter.dispatch('bgnbd_churn_probability', 'customer_lifecycle')() }} as churn_probability_bgnbd,
        {{ adapter.dispatch('bgnbd', 'customer_lifecycle')() }} as expected_purchases_h,
        {{ adapter.dispatch('gamma_gamma', 'customer_lifecycle')() }} as expected_spend_per_purchase
    from features
    {%- for parameters in ('bgnbd_parameters', 'gamma_gamma_parameters') %}
    left join {{ parameters }}
        on ({{ parameters }}.valid_from is null or features.snapshot_date >= {{ parameters }}.valid_from)
        and ({{ parameters }}.valid_until is null or features.snapshot_date < {{ parameters }}.valid_until)
    {%- endfor %}

),

valued as (

    select
        *,
        -- P(buy in the horizon) from churn_lr x spend when buying (the spend model was trained for exactly this
        -- product: fit.py validates it so)
        (1 - churn_probability_lr) * predicted_spend_if_active_h as expected_value_h_spend,
        expected_purchases_h * expected_spend_per_purchase as expected_value_h_bgnbd
    from scored

),

blended as (

    select
        *,
        -- the stack candidates: the mean of BG/NBD's score and the tree's (train/blends.py)
        (churn_probability_bgnbd + churn_probability_tree) / 2 as churn_probability_blend,
        (expected_value_h_bgnbd + predicted_value_h) / 2 as expected_value_h_blend
    from valued

),

final as (

    select
        *,
        {#- chosen at training time, so the served scores are plain columns: no CASE at run time #}
        {{ adapter.quote(selected.churn.column) if selected else 'null' }} as churn_probability,
        {{ adapter.quote(selected.value.column) if selected else 'null' }} as expected_value_h,
        '{{ selected.churn.version if selected }}' as churn_model_version,
        '{{ selected.value.version if selected }}' as value_model_version,
        '{{ lifecycle_scoring_version() }}' as scoring_version,
        -- noqa: disable=LT02 (sqlfluff fix would pull the loop's lines apart)
        '{{ adapter.dispatch('bgnbd_version', 'customer_lifecycle')() }}' as bgnbd_model_version
        {%- for model in contract.deployed if model.version %},
        '{{ versions[model.model] }}' as {{ adapter.quote(model.version) }}
        {%- endfor %}
        -- noqa: enable=LT02
    from blended

)

select * from final
