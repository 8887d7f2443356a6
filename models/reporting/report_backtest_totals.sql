-- Whether the expected value adds up: per matured snapshot, the sum of expected_value_h over its customers
-- against the revenue that followed (score_backtest repeats these totals on each decile row).
with

backtest as (

    select * from {{ ref('customer_lifecycle', 'score_backtest') }}

),

final as (

    select
        snapshot_date,
        in_training,
        max(snapshot_expected_value_total) as expected_value_total,
        max(snapshot_actual_value_total) as actual_value_total,
        max(snapshot_value_ratio) as ratio
    from backtest
    group by
        snapshot_date,
        in_training

)

select * from final
