-- One row per customer at the as-of date (the latest snapshot): stage, segment, scores and reasons.
{%- set contributions = churn_lr_contributions() %}
{%- set directions = lifecycle_contract().directions %}
{%- set reason_excluded = lifecycle_var('lifecycle_reason_excluded') %}
{%- set banded = 'scores.churn_probability' if lifecycle_var('lifecycle_risk_band_method') == 'probability'
    else 'percent_rank() over (order by scores.churn_probability)' %}
{%- if execute and not lifecycle_trained_here() %}
{{- log("customer_lifecycle: customer_scores uses the shipped default models, trained on the package's sample shop ("
        ~ deployment().trained_as_of ~ "), not on this project's data. Run `lifecycle train` (or `lifecycle run`) "
        ~ "in this project to train on your own data.", info=True) }}
{%- endif %}
with

-- the as-of date as a scalar subquery, not a join: PostgreSQL pushes `snapshot_date = (subquery)` down into
-- scored_snapshots' scan of customer_features and scores the as-of snapshot only (joined, it scored every
-- snapshot and filtered after: 25x the work on the sample shop)
features as (

    select f.*
    from {{ ref('customer_lifecycle', 'customer_features') }} as f
    where f.snapshot_date = (select max(a.snapshot_date) from {{ ref('customer_lifecycle', 'customer_features') }} as a)

),

scores as (

    select s.*
    from {{ ref('customer_lifecycle', 'scored_snapshots') }} as s
    where s.snapshot_date = (select max(a.snapshot_date) from {{ ref('customer_lifecycle', 'customer_features') }} as a)

),

-- each feature's push on the logistic model's log-odds; var lifecycle_reason_excluded's features (customer age by
-- default: nothing a campaign can change) are never a reason
contributions as (

    {%- for feature, contribution in contributions if feature not in reason_excluded %}
    select
        features.customer_id,
        lifecycle.lifecycle_stage,
        '{{ feature }}' as feature,
        {{ contribution }} as contribution,
        cast({{ adapter.quote(feature) }} as {{ lifecycle_type_double() }}) as feature_value,
        {{ directions.get(feature, 0) }} as direction
    from features
    left join
        {{ ref('customer_lifecycle', 'customer_lifecycle') }} as lifecycle
        on features.customer_id = lifecycle.customer_id
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

-- against the typical customer of the same lifecycle stage (today's average there), not the average customer:
-- the generated contribution is coef x (value - training mean), so less its stage average it is
-- coef x (value - stage average)
against_stage as (

    select
        customer_id,
        feature,
        direction,
        contribution - avg(contribution) over (partition by lifecycle_stage, feature) as contribution,
        feature_value - avg(feature_value) over (partition by lifecycle_stage, feature) as deviation
    from contributions

),

-- a reason raises the risk above the typical customer's; a feature with a declared direction (customer_features'
-- meta: 1 increases churn, -1 decreases it) only where the customer differs from that customer in its risky
-- direction, whatever sign the model learned; a customer exactly typical in a feature has no reason there (what
-- is left of its contribution is rounding). Ranked on 1e-9 steps of log-odds, so features that tie exactly
-- (frequency and lt_frequency share a coefficient and a deviation) tie on every engine despite its rounding, and
-- the name decides
ranked as (

    select
        customer_id,
        feature,
        row_number() over (
            partition by customer_id order by floor(contribution * 1000000000) desc, feature
        ) as reason_rank
    from against_stage
    where contribution > 0
        and deviation <> 0
        and direction * deviation >= 0

),

reasons as (

    select
        customer_id,
        max(case when reason_rank = 1 then feature end) as churn_reason_1,
        max(case when reason_rank = 2 then feature end) as churn_reason_2,
        max(case when reason_rank = 3 then feature end) as churn_reason_3
    from ranked
    where reason_rank <= 3
    group by customer_id

),

final as (

    select
        scores.customer_id,
        scores.snapshot_date as as_of_date,
        lifecycle.lifecycle_stage,
        rfm.rf_segment,
        scores.churn_probability,
        scores.churn_probability_lr,
        scores.churn_probability_tree,
        -- var lifecycle_risk_band_method: probability cuts the calibrated probability itself; quantile cuts its
        -- percentile among today's customers (0 = lowest risk, 1 = highest), so the bands keep fixed shares
        case
            when {{ banded }} >= {{ lifecycle_var('lifecycle_risk_high') }} then 'high'
            when {{ banded }} >= {{ lifecycle_var('lifecycle_risk_medium') }} then 'medium'
            else 'low'
        end as risk_band,
        scores.expected_value_h,
        scores.predicted_value_h,
        scores.predicted_value_h_linear,
        scores.expected_value_h_spend,
        scores.p_alive,
        scores.churn_probability_bgnbd,
        scores.expected_purchases_h,
        scores.expected_spend_per_purchase,
        scores.expected_value_h_bgnbd,
        scores.churn_probability_blend,
        scores.expected_value_h_blend,
        reasons.churn_reason_1,
        reasons.churn_reason_2,
        reasons.churn_reason_3,
        scores.churn_tree_path,
        scores.churn_model_version,
        scores.value_model_version,
        scores.churn_lr_model_version,
        scores.churn_tree_model_version,
        scores.value_tree_model_version,
        scores.spend_model_version,
        scores.bgnbd_model_version
    from scores
    left join reasons on scores.customer_id = reasons.customer_id
    left join
        {{ ref('customer_lifecycle', 'customer_lifecycle') }} as lifecycle
        on scores.customer_id = lifecycle.customer_id
    left join {{ ref('customer_lifecycle', 'customer_rfm') }} as rfm on scores.customer_id = rfm.customer_id

)

select * from final
