-- The consumer's own view on the package's scores: on PostgreSQL, rebuilding the scores drops it, so
-- `lifecycle run` builds it again after scoring.
select
    customer_id,
    churn_probability,
    risk_band,
    churn_model_version
from {{ ref('customer_lifecycle', 'customer_scores') }}
