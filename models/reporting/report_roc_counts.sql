-- Churners and customers of the validation snapshot per churn probability rounded to 1/1000 (`probability_level`), for
-- each deployed churn model: ROC and precision-recall curves of any shop size from a few thousand rows.
{%- set validation_snapshot = deployment().validation_snapshot %}
{%- set levels = 1000 %}
with

validation as (

    select * from {{ ref('customer_lifecycle', 'scored_snapshots') }}
    where is_labelled = 1 and snapshot_date = cast('{{ validation_snapshot }}' as date)

),

levelled as (

    select
        'churn_lr' as churn_model,
        round(churn_probability_lr * {{ levels }}) as probability_level,
        churned_within_h
    from validation

    union all

    select
        'churn_tree' as churn_model,
        round(churn_probability_tree * {{ levels }}) as probability_level,
        churned_within_h
    from validation

),

final as (

    select
        churn_model,
        probability_level,
        sum(churned_within_h) as churners,
        count(*) as customers
    from levelled
    group by
        churn_model,
        probability_level

)

select * from final
