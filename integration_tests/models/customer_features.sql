-- The consumer's own model named like one of the package's: both build, each in its own schema.
select customer_id, count(*) as orders
from {{ ref('shop_orders') }}
group by customer_id
