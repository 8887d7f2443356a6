-- The consumer's own view on the package's stages alone: it builds with the marts, before training.
select
    lifecycle_stage,
    count(*) as customers
from {{ ref('customer_lifecycle', 'customer_lifecycle') }}
group by lifecycle_stage
