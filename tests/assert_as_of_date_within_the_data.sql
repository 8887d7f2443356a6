-- Warns when as_of_date lies after the data: after the day after the latest loaded order or event.
-- The snapshots after the data get no labels (int_lifecycle__snapshot_dates), but the stages and scores
-- still read the missing days as customers who stopped buying.
{{ config(severity='warn') }}

select
    as_of_date,
    data_end_date
from {{ ref('customer_lifecycle', 'int_lifecycle__as_of_date') }}
where as_of_date > data_end_date
