{#
    Daily runs rebuild only what new data can change (docs/daily_runs.md). Every incremental model has a
    date key on a spine (a snapshot date, an evaluation date, a month). A run first deletes the rows that
    are reopened: dated on or after lifecycle_reopened_from(), or on a date the spine no longer has (the
    previous as-of date); then it computes and appends the spine dates the table lacks. A full refresh
    computes every date, and gives the same rows as long as no order older than lifecycle_reopen_days
    arrives late (then run with --full-refresh).
#}

{#
    Opt-in (var lifecycle_incremental): kept rows are not rebuilt when a var that shapes them changes, so
    incremental runs are for a daily job whose vars stay put. Spark's default Parquet tables cannot delete
    rows: there these models always rebuild in full.
#}
{% macro lifecycle_incremental_materialization() -%}
    {{ return('incremental' if lifecycle_var('lifecycle_incremental') and lifecycle_deletes_rows() else 'table') }}
{%- endmacro %}


{#
    The first day an incremental run rebuilds: the month holding as-of - lifecycle_reopen_days, so a late
    order can reach no kept row: no features or stage dated before it read it. A model with labels
    (labelled=true) also reopens the label horizon before that: a label window (t, t + H] holding the
    order, or one the new as-of date completes, belongs to a snapshot up to H days older. The as-of date is
    the latest date of the model's own spine (every spine ends on it), so the hook reads no relation the
    model does not.
#}
{% macro lifecycle_reopened_from(spine, as_of_column, labelled) -%}
    {%- set days = lifecycle_var('lifecycle_reopen_days')
        + (lifecycle_var('lifecycle_label_horizon_days') if labelled else 0) %}
    (
        select cast({{ dbt.date_trunc('month', lifecycle_add_days(-days, 'max(' ~ as_of_column ~ ')')) }} as date)
        from {{ ref('customer_lifecycle', spine) }}
    )
{%- endmacro %}


{# Pre-hook: drop the reopened rows of an incremental run (nothing on a full build). #}
{% macro lifecycle_delete_reopened(date_column, spine, spine_column, as_of_column, labelled=false) -%}
    {%- if lifecycle_is_incremental() -%}
    delete from {{ this }}
    where {{ date_column }} >= {{ lifecycle_reopened_from(spine, as_of_column, labelled) }}
        or {{ date_column }} not in (
            select {{ spine_column }} from {{ ref('customer_lifecycle', spine) }}
        )
    {%- endif -%}
{%- endmacro %}


{# dbt's is_incremental(), false in a unit test (it has no `this`: it always builds in full). #}
{% macro lifecycle_is_incremental() -%}
    {{ return(this is not none and is_incremental()) }}
{%- endmacro %}


{# Filter on a spine: on an incremental run, only the dates the table lacks (after the pre-hook's delete). #}
{% macro lifecycle_missing_dates(column) -%}
    {%- if lifecycle_is_incremental() -%}
    where {{ column }} not in (select distinct {{ column }} from {{ this }})
    {%- endif -%}
{%- endmacro %}
