-- Labels exist exactly when the label window (t, t + H] ends on or before the as-of date and is
-- observed (ends on or before the day after the latest loaded order or event), and no snapshot lies
-- after the as-of date.
with

features as (

    select * from {{ ref('customer_lifecycle', 'customer_features') }}

),

as_of as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__as_of_date') }}

)

select features.*
from features
cross join as_of
where
    features.snapshot_date > as_of.as_of_date
    or (features.is_labelled = 1) <> (
        {{ lifecycle_add_days(lifecycle_var('lifecycle_label_horizon_days'), 'features.snapshot_date') }}
        <= as_of.as_of_date
        and {{ lifecycle_add_days(lifecycle_var('lifecycle_label_horizon_days'), 'features.snapshot_date') }}
        <= as_of.data_end_date
    )
    or (features.is_labelled = 1 and (features.churned_within_h is null or features.value_within_h is null))
    or (features.is_labelled = 0 and (features.churned_within_h is not null or features.value_within_h is not null))
    or (features.churned_within_h = 1 and features.value_within_h <> 0)
