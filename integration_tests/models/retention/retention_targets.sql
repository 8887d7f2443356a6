-- The consumer's own table on the package's scores and stages: a copy, so it holds the scores of the
-- run that built it.
{{ config(materialized='table') }}

with scores as (
    select * from {{ ref('customer_lifecycle', 'customer_scores') }}
),

stages as (
    select * from {{ ref('customer_lifecycle', 'customer_lifecycle') }}
)

select
    stages.customer_id,
    stages.lifecycle_stage,
    scores.churn_probability,
    scores.churn_model_version
from stages
inner join scores on stages.customer_id = scores.customer_id
